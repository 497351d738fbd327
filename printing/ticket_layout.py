"""The queue ticket (排队票) laid out once as a 1-bit raster, exactly as wide as the paper.

The raster is what the printer prints (ESC/POS ``GS v 0``, see `printing.escpos_output`) and what
the screen shows as the preview, so the two can never differ. Widths are in printer dots at
203 dpi: 384 for 58 mm paper, 576 for 80 mm (512 for the older Epson TM-T88 models).

Content per DESIGN §5: hall, theme, the big ticket number, people ahead, the estimated wait
(already rounded by the queue), the windows, the time of issue, a QR code for the status page and
a privacy line. A ticket carries the ticket number and never a name, an ID number or a phone
(hall_domain.md §5.1): `TicketContent` has no field for them, and refuses text that looks like one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields

import qrcode
from PIL import Image, ImageDraw, ImageFont

from printing.fonts import missing_glyphs, pil_font
from printing.linebreak import break_lines

__all__ = [
    "PAPER_WIDTHS",
    "TicketContent",
    "TicketContentError",
    "render_ticket",
]

PAPER_WIDTHS = (384, 512, 576)  # dots: 58 mm, 80 mm on TM-T88-class heads, 80 mm

DEFAULT_PRIVACY_LINE = "本票只记号码，不含姓名和证件号码"

# A full ID number (GB 11643), a mobile number, or any long digit run that could be one.
_PERSONAL = re.compile(r"\d{17}[\dXx]|(?<!\d)1[3-9]\d{9}(?!\d)|\d{15,}")


class TicketContentError(ValueError):
    """The ticket input cannot be printed as given."""


@dataclass(frozen=True, slots=True)
class TicketContent:
    """What one queue ticket shows: the print input, independent of the queue model.

    `wait_minutes` is already rounded by the wait estimate (DESIGN §3); `windows` are the window
    numbers or names that serve the ticket's queue (``("1", "2", "5")`` prints as 1、2、5号窗口);
    `status_url` is what the QR code encodes — it must identify the ticket by an opaque token,
    never by personal data.
    """

    hall_name: str
    theme_name: str
    ticket_number: str
    people_ahead: int
    wait_minutes: int
    windows: tuple[str, ...]
    issued_at: dt.datetime
    status_url: str
    privacy_line: str = DEFAULT_PRIVACY_LINE

    def __post_init__(self) -> None:
        if not self.ticket_number.strip():
            raise TicketContentError("票号为空，无法打印 / empty ticket number")
        if self.people_ahead < 0 or self.wait_minutes < 0:
            raise TicketContentError("等候人数和时间不能为负数 / negative people ahead or wait")
        object.__setattr__(self, "windows", tuple(self.windows))
        for f in fields(self):
            value = getattr(self, f.name)
            texts = value if isinstance(value, tuple) else (value,)
            for text in texts:
                if isinstance(text, str) and _PERSONAL.search(text):
                    raise TicketContentError(
                        f"票面“{f.name}”含有疑似证件号码或手机号，票面只能印号码 / "
                        f"ticket field {f.name} looks like it carries personal data"
                    )

    @property
    def windows_text(self) -> str:
        if not self.windows:
            return "请留意叫号屏"
        if all(w.isdigit() for w in self.windows):
            return "、".join(self.windows) + "号窗口"
        return "、".join(self.windows)

    @property
    def ahead_text(self) -> str:
        if self.people_ahead == 0:
            return "前面没有人等候，请留意叫号"
        return f"前面还有 {self.people_ahead} 人等候"

    @property
    def wait_text(self) -> str:
        if self.people_ahead == 0:
            return "预计很快叫到您"
        return f"预计等候约 {max(self.wait_minutes, 1)} 分钟"

    def printed_text(self) -> str:
        """Every piece of text the ticket prints (for glyph checks and tests)."""
        return "\n".join(
            [
                self.hall_name,
                self.theme_name,
                "您的号码",
                self.ticket_number,
                self.ahead_text,
                self.wait_text,
                "办理窗口：" + self.windows_text,
                "取号时间：" + f"{self.issued_at:%Y-%m-%d %H:%M}",
                "扫码查看排队进度",
                self.privacy_line,
            ]
        )


class _Canvas:
    """A tall greyscale page that grows downwards; cropped and thresholded at the end."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.scale = width / 384
        self.margin = round(12 * self.scale)
        self.image = Image.new("L", (width, round(2400 * self.scale)), 255)
        self.draw = ImageDraw.Draw(self.image)
        self.y = round(10 * self.scale)

    def px(self, value: float) -> int:
        return round(value * self.scale)

    def text(self, text: str, size: int, *, bold: bool = False, gap: int = 6) -> None:
        """Centred text, wrapped to the paper width."""
        font = pil_font(self.px(size))
        stroke = 1 if bold else 0
        width = self.width - 2 * self.margin
        for line in break_lines(text, width, font.getlength):
            self._line(line, font, stroke)
        self.y += self.px(gap)

    def _line(self, line: str, font: ImageFont.FreeTypeFont, stroke: int) -> None:
        ascent, descent = font.getmetrics()
        x = (self.width - font.getlength(line)) / 2
        self.draw.text((x, self.y), line, font=font, fill=0, stroke_width=stroke, stroke_fill=0)
        self.y += ascent + descent + stroke * 2

    def big(self, text: str, max_size: int) -> None:
        """The ticket number: as large as fits the width, tightly cropped to its ink."""
        size = self.px(max_size)
        width = self.width - 2 * self.margin
        while size > 24 and pil_font(size).getlength(text) > width:
            size -= 4
        font = pil_font(size)
        left, top, right, bottom = font.getbbox(text, stroke_width=2)
        x = (self.width - (right - left)) / 2 - left
        self.draw.text((x, self.y - top), text, font=font, fill=0, stroke_width=2, stroke_fill=0)
        self.y += round(bottom - top) + self.px(10)

    def rule(self, dashed: bool = True) -> None:
        y = self.y + self.px(4)
        step = self.px(8) if dashed else 1
        for x in range(self.margin, self.width - self.margin, step):
            end = min(x + (self.px(4) if dashed else 1), self.width - self.margin)
            self.draw.line([(x, y), (end, y)], fill=0, width=max(1, self.px(1.5)))
        self.y = y + self.px(12)

    def qr(self, data: str, caption: str) -> None:
        """A crisp QR code (whole dots per module), centred, with its caption under it."""
        code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
        code.add_data(data)
        code.make(fit=True)
        modules = code.get_matrix()
        box = max(2, self.px(150) // len(modules))
        side = box * len(modules)
        left = (self.width - side) // 2
        for row, line in enumerate(modules):
            for col, dark in enumerate(line):
                if dark:
                    x, y = left + col * box, self.y + row * box
                    self.draw.rectangle([x, y, x + box - 1, y + box - 1], fill=0)
        self.y += side + self.px(6)
        self.text(caption, 18)

    def finish(self) -> Image.Image:
        height = self.y + self.px(16)
        page = self.image.crop((0, 0, self.width, height))
        return page.point(lambda v: 255 if v >= 128 else 0).convert("1", dither=Image.Dither.NONE)


def render_ticket(content: TicketContent, width: int = 384) -> Image.Image:
    """The ticket as a mode "1" image `width` dots wide (black = 0): the print and the preview."""
    if width not in PAPER_WIDTHS:
        raise TicketContentError(
            f"不支持的纸宽 {width} 点（可选 384、512、576） / unsupported width {width}"
        )
    missing = missing_glyphs(content.printed_text())
    if missing:
        raise TicketContentError(f"字体缺少这些字：{missing} / the font lacks: {missing}")
    c = _Canvas(width)
    c.text(content.hall_name, 22)
    c.text(content.theme_name, 30, bold=True, gap=2)
    c.rule()
    c.text("您的号码", 20, gap=0)
    c.big(content.ticket_number, 120)
    c.text(content.ahead_text, 26, bold=True, gap=2)
    c.text(content.wait_text, 24)
    c.text("办理窗口：" + content.windows_text, 22, gap=2)
    c.text(f"取号时间：{content.issued_at:%Y-%m-%d %H:%M}", 20)
    c.rule()
    c.qr(content.status_url, "扫码查看排队进度")
    c.rule()
    c.text(content.privacy_line, 18)
    return c.finish()
