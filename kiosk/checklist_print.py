"""The personal checklist (一次性告知单) on the kiosk's ticket printer, as a 1-bit raster.

Laid out with the bundled font and Chinese line breaking of `printing` (no closing mark starts a
line), sent as ESC/POS raster through `printing.escpos_output` — so any ticket printer prints it.
The slip lists what to bring, with how and why, then what is exempt; it carries no personal
data. Qt-free: it runs on a worker thread (`hallui.qt_bridge.BackgroundRunner`).

The A4 一次性告知单 of `hallcore.case.notices` belongs to a case with an identified applicant and
a numbered document, so the desk prints it; the anonymous kiosk prints this slip.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PIL import Image, ImageDraw

from hallcore.catalog import Resolution
from kiosk.model.services import PrintResult
from printing.escpos_output import PrinterConfig, send_bytes, ticket_bytes
from printing.fonts import pil_font
from printing.linebreak import break_lines

__all__ = ["EscposChecklistPrinter", "render_checklist"]


class _Slip:
    def __init__(self, width: int) -> None:
        self.width = width
        self.scale = width / 384
        self.margin = round(12 * self.scale)
        self.image = Image.new("L", (width, round(12000 * self.scale)), 255)
        self.draw = ImageDraw.Draw(self.image)
        self.y = round(10 * self.scale)

    def px(self, value: float) -> int:
        return round(value * self.scale)

    def text(
        self, text: str, size: int, *, bold: bool = False, centre: bool = False, indent: int = 0
    ) -> None:
        font = pil_font(self.px(size))
        left = self.margin + self.px(indent)
        ascent, descent = font.getmetrics()
        for line in break_lines(text, self.width - left - self.margin, font.getlength):
            x = (self.width - font.getlength(line)) / 2 if centre else left
            stroke = 1 if bold else 0
            self.draw.text((x, self.y), line, font=font, fill=0, stroke_width=stroke)
            self.y += ascent + descent + stroke * 2
        self.y += self.px(4)

    def rule(self) -> None:
        y = self.y + self.px(4)
        for x in range(self.margin, self.width - self.margin, self.px(8)):
            self.draw.line([(x, y), (x + self.px(4), y)], fill=0, width=max(1, self.px(1.5)))
        self.y = y + self.px(12)

    def finish(self) -> Image.Image:
        page = self.image.crop((0, 0, self.width, self.y + self.px(24)))
        return page.point(lambda v: 255 if v >= 128 else 0).convert("1", dither=Image.Dither.NONE)


def render_checklist(
    resolution: Resolution, *, hall_name: str, printed_at: dt.datetime, width: int = 576
) -> Image.Image:
    """The checklist slip as a mode "1" image `width` dots wide."""
    theme = resolution.theme
    slip = _Slip(width)
    slip.text(hall_name, 20, centre=True)
    slip.text("一次性告知单", 30, bold=True, centre=True)
    slip.text(theme.name, 24, centre=True)
    slip.rule()
    bring = resolution.to_hand_in
    slip.text(f"请带齐以下材料（{len(bring)}项）", 22, bold=True)
    for n, entry in enumerate(bring, 1):
        slip.text(f"{n}. {entry.material.name}", 21)
        slip.text(entry.way_note, 18, indent=24)
    if not bring:
        slip.text("无需提交纸质材料", 20)
    signed = resolution.signed_at_window
    if signed:
        slip.rule()
        slip.text(f"窗口打印、当场签字（{len(signed)}项）", 22, bold=True)
        for entry in signed:
            slip.text(f"· {entry.material.name}", 19)
            slip.text("无需自备，窗口根据一表申请打印", 17, indent=24)
    exempt = resolution.exempt
    if exempt:
        slip.rule()
        slip.text(f"以下材料免提交（{len(exempt)}项）", 22, bold=True)
        for entry in exempt:
            slip.text(f"· {entry.material.name}", 19)
            slip.text(entry.way_note, 17, indent=24)
    slip.rule()
    days = theme.promised_working_days
    if days is not None:
        slip.text(f"承诺办结时限：{days}个工作日", 20)
    slip.text(f"打印时间：{printed_at:%Y-%m-%d %H:%M}", 18)
    slip.text("本单按您的回答生成，以窗口审核为准；本单不含个人信息", 17)
    return slip.finish()


class EscposChecklistPrinter:
    """Prints the slip on the kiosk's ticket printer; never raises for printer trouble."""

    def __init__(
        self,
        config: PrinterConfig,
        *,
        hall_name: str,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        self.config = config
        self.hall_name = hall_name
        self.clock = clock
        self.sent: list[bytes] = []  # what went to the printer, for the admin screen and tests

    def __call__(self, resolution: Resolution) -> PrintResult:
        image = render_checklist(
            resolution,
            hall_name=self.hall_name,
            printed_at=self.clock(),
            width=self.config.paper_width,
        )
        data = ticket_bytes(image, self.config)
        result = send_bytes(self.config, data)
        if result.ok:
            self.sent.append(data)
            return PrintResult(True, "告知单已打印，请从出票口取走。")
        assert result.problem is not None
        return PrintResult(False, result.problem.message_zh)
