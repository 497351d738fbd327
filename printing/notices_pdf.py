"""A4 notices as PDF (reportlab), from the notice contents of `hallcore.case.notices`.

一次性告知单, 补正告知书, 容缺受理通知书, 受理通知书, 不予受理决定书 and 出件通知 share one frame:
the hall, the title and the document number; the applicant and the matter; the body of the kind;
the handler and the complaint phone; the seal block (with an electronic seal image when one is
given) and the applicant's receipt line. A QR code for the progress page sits top right, and a
notice of more than one page numbers its pages (第 x 页 共 y 页).

The bundled TrueType CJK font is embedded (subset), so the notice reads the same on any viewer.
Text is laid out by `CJKText`, a flowable on top of `printing.linebreak`: no closing punctuation
mark starts a line and codes and numbers are never split — reportlab's own CJK wrapping lets
a comma start a line and cuts Latin tokens (ecosystem.md §2.2).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import qrcode
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from hallcore.case.model import PartyKind
from hallcore.case.notices import MaterialLine, Notice, NoticeKind
from hallcore.catalog.model import Delivery
from hallcore.catalog.resolver import ChecklistEntry
from printing.fonts import missing_glyphs, register_pdf_font
from printing.linebreak import break_lines

__all__ = ["CJKText", "NoticeOptions", "fmt_date", "fmt_datetime", "render_notice"]

PAGE_W, PAGE_H = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 16 * mm
FRAME_W = PAGE_W - 2 * MARGIN_X
QR_SIDE = 22 * mm
BODY = 12.0
LEADING = 18.0
GRID = colors.Color(0.45, 0.45, 0.45)
HEAD_FILL = colors.Color(0.92, 0.92, 0.92)


def fmt_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def fmt_datetime(moment: dt.datetime) -> str:
    return f"{fmt_date(moment.date())} {moment:%H:%M}"


def _days(n: int | None) -> str:
    return "—" if n is None else f"{n}个工作日"


class CJKText(Flowable):
    """A paragraph of Chinese text, broken by `printing.linebreak` (禁则, codes kept whole).

    `align` is "left", "center" or "right"; `indent` indents the first line (in points); `bold`
    fakes a bold face by stroking the outlines (the font has no bold)."""

    def __init__(
        self,
        text: str,
        size: float = BODY,
        leading: float | None = None,
        *,
        align: str = "left",
        indent: float = 0.0,
        bold: bool = False,
        color: colors.Color = colors.black,
        space_after: float = 0.0,
        _lines: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.text = text
        self.size = size
        self.leading = leading if leading is not None else size * 1.6
        self.align = align
        self.indent = indent
        self.bold = bold
        self.color = color
        self.spaceAfter = space_after
        self._fixed = _lines
        self._lines: list[str] = _lines or []
        self._width = 0.0
        self._font = register_pdf_font()

    def _measure(self, text: str) -> float:
        return float(stringWidth(text, self._font, self.size))

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._width = avail_width
        if self._fixed is None:
            self._lines = break_lines(self.text, avail_width, self._measure, self.indent)
        return avail_width, len(self._lines) * self.leading

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        fits = int(avail_height // self.leading)
        if fits <= 0 or fits >= len(self._lines):
            return [] if fits <= 0 else [self]
        first, rest = self._lines[:fits], self._lines[fits:]
        common: dict[str, Any] = {
            "align": self.align,
            "bold": self.bold,
            "color": self.color,
        }
        return [
            CJKText(self.text, self.size, self.leading, indent=self.indent, _lines=first, **common),
            CJKText(self.text, self.size, self.leading, space_after=self.spaceAfter, _lines=rest,
                    **common),
        ]  # fmt: skip

    def draw(self) -> None:
        c = self.canv
        c.setFillColor(self.color)
        c.setStrokeColor(self.color)
        c.setLineWidth(self.size * 0.035)
        descent = self.size * 0.22
        y = len(self._lines) * self.leading - (self.leading - self.size) / 2 - self.size + descent
        for number, line in enumerate(self._lines):
            width = self._measure(line)
            indent = self.indent if number == 0 else 0.0
            if self.align == "center":
                x = (self._width - width) / 2
            elif self.align == "right":
                x = self._width - width
            else:
                x = indent
            text = c.beginText(x, y)
            text.setFont(self._font, self.size)
            text.setTextRenderMode(2 if self.bold else 0)
            text.textOut(line)
            c.drawText(text)
            y -= self.leading


@dataclass(frozen=True, slots=True)
class NoticeOptions:
    """What the notice needs beyond its contents.

    `qr_url` is the progress page the QR code opens; `seal_image` an electronic seal (PNG with
    transparency) placed over the seal block; `department_names` maps department codes (on the
    出件通知) to names; `checklist` is the resolver's personal checklist, whose reasons the
    一次性告知单 prints next to each material.
    """

    qr_url: str
    seal_image: bytes | Path | None = None
    department_names: Mapping[str, str] | None = None
    checklist: Sequence[ChecklistEntry] | None = None


def _cell(text: str, *, size: float = 10.5, bold: bool = False, align: str = "left") -> CJKText:
    return CJKText(text, size, size * 1.45, bold=bold, align=align)


def _table(
    header: Sequence[str] | None,
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    label_columns: Sequence[int] = (),
    spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
) -> Table:
    data: list[list[Any]] = []
    if header is not None:
        data.append([_cell(h, bold=True, align="center") for h in header])
    for row in rows:
        data.append([_cell(text, bold=i in label_columns) for i, text in enumerate(row)])
    style: list[Any] = [
        ("FONTNAME", (0, 0), (-1, -1), register_pdf_font()),  # else Helvetica is referenced
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header is not None:
        style.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL))
    covered = {
        (col, row)
        for (c0, r0), (c1, r1) in spans
        for col in range(c0, c1 + 1)
        for row in range(r0, r1 + 1)
        if (col, row) != (c0, r0)
    }
    first = 0 if header is None else 1
    for col in label_columns:
        for line in range(first, len(data)):
            if (col, line - first) not in covered:
                style.append(("BACKGROUND", (col, line), (col, line), HEAD_FILL))
    for start, end in spans:
        style.append(("SPAN", start, end))
    return Table(
        data,
        colWidths=list(widths),
        repeatRows=1 if header is not None else 0,
        style=TableStyle(style),
        hAlign="LEFT",
    )


def _para(text: str, *, indent: bool = True, after: float = 4) -> CJKText:
    return CJKText(text, BODY, LEADING, indent=2 * BODY if indent else 0.0, space_after=after)


def _heading(text: str) -> list[Flowable]:
    return [Spacer(1, 4), CJKText(text, 13, 22, bold=True, space_after=2)]


class _Builder:
    def __init__(self, notice: Notice, options: NoticeOptions) -> None:
        self.n = notice
        self.o = options
        self.story: list[Flowable] = []

    # -- pieces ---------------------------------------------------------------------------------
    @property
    def addressee(self) -> str:
        return f"{self.n.applicant.name}："

    @property
    def matter(self) -> str:
        name = self.n.matter.name
        return name if "“" in name else f"“{name}”"

    @property
    def received(self) -> str:
        return fmt_datetime(self.n.received_at)

    def add(self, *flowables: Flowable) -> None:
        self.story.extend(flowables)

    def head(self) -> None:
        n = self.n
        self.add(
            CJKText(n.hall, 15, 22, align="center"),
            CJKText(n.title, 22, 32, align="center", bold=True),
            CJKText(n.number, BODY, 18, align="center", space_after=8),
        )

    def parties(self) -> None:
        n = self.n
        a = n.applicant
        label = 78
        value = (FRAME_W - 2 * label) / 2
        company = a.kind is PartyKind.COMPANY
        rows: list[list[str]] = [
            ["申请人", a.name, "统一社会信用代码" if company else "证件号码", a.id_number],
        ]
        if company and a.legal_representative:
            rows.append(["法定代表人", a.legal_representative, "住所", a.address or "—"])
        if n.agent is not None:
            rows.append(["代理人", n.agent.name, "代理人证件号码", n.agent.id_number])
        rows.append(["联系电话", n.contact_phone or "—", "收件时间", self.received])
        rows.append(["申请事项", n.matter.name, "", ""])
        items = "\n".join(f"{code} {name}" for code, name in n.matter.items) or "—"
        rows.append(["包含事项", items, "", ""])
        last = len(rows) - 1
        spans = [((1, last - 1), (3, last - 1)), ((1, last), (3, last))]
        self.add(
            _table(None, rows, [label, value, label, value], label_columns=(0, 2), spans=spans),
            Spacer(1, 8),
        )

    def materials(self, title: str, lines: Sequence[MaterialLine], status: str) -> None:
        if not lines:
            return
        reasons: dict[str, str] = {}
        ways: dict[str, str] = {}
        if self.o.checklist is not None:
            reasons = {e.material.code: "；".join(e.reasons) for e in self.o.checklist}
            ways = {e.material.code: e.way_note for e in self.o.checklist}
        rows = [
            [str(i), m.name, str(m.copies), f"{m.form}（{m.medium}）", ways.get(m.code, m.status)]
            + ([reasons.get(m.code, "")] if reasons else [])
            for i, m in enumerate(lines, 1)
        ]
        header = ["序号", "材料名称", "份数", "形式", status]
        widths = [11 * mm, 52 * mm, 12 * mm, 42 * mm, 53 * mm]
        if reasons:
            header.append("为什么需要")
            widths = [11 * mm, 36 * mm, 11 * mm, 36 * mm, 42 * mm, 34 * mm]
        self.add(*_heading(title), _table(header, rows, widths))

    def supplement_items(self, title: str) -> None:
        rows = [
            [str(i), f.subject_name, f.message_zh, f.standard or "—"]
            for i, f in enumerate(self.n.supplement_items, 1)
        ]
        self.add(
            *_heading(title),
            _table(
                ["序号", "材料或事项", "存在的问题", "补正要求（应符合的标准）"],
                rows,
                [11 * mm, 42 * mm, 57 * mm, 60 * mm],
            ),
        )

    def deadlines(self) -> None:
        for d in self.n.deadlines:
            self.add(_para(f"{d.label}：{fmt_date(d.on)}。", after=0))

    def facts(self, rows: Sequence[tuple[str, str]]) -> None:
        self.add(
            Spacer(1, 8),
            _table(None, [list(r) for r in rows], [40 * mm, FRAME_W - 40 * mm], label_columns=(0,)),
        )

    def tail(self) -> None:
        self.add(Spacer(1, 8))
        self.story.append(KeepTogether(self._tail()))

    def _tail(self) -> list[Flowable]:
        n = self.n
        return [
            _para(
                f"承办人：{n.handler.name}　　联系电话：{n.handler.phone}　　"
                f"投诉和监督电话：{n.complaint_phone}",
                indent=False,
            ),
            _SealBlock(n.hall, n.seal, n.issued_on, self.o.seal_image),
            Spacer(1, 6),
            CJKText(
                "本文书一式两份，一份交申请人，一份存档。",
                9.5,
                14,
                color=colors.Color(0.3, 0.3, 0.3),
            ),
        ]

    # -- kinds ----------------------------------------------------------------------------------
    def checklist(self) -> None:
        n = self.n
        self.add(
            _para(
                f"根据您对{self.matter}有关情形的回答，现将办理所需材料一次性告知如下。"
                "请按清单准备；标明“免提交”的材料由我们通过电子证照或数据共享取得，无需提供。"
            )
        )
        self.materials("材料清单", n.materials, "如何提供")
        self.facts(
            [
                ("承诺办结时限", f"{_days(n.promised_working_days)}（自受理之日起计算）"),
                ("办理依据", n.legal_basis),
                ("进度查询", n.progress_query or "—"),
            ]
        )

    def supplement(self) -> None:
        n = self.n
        self.add(
            _para(self.addressee, indent=False, after=0),
            _para(
                f"你（单位）于{self.received}提交的{self.matter}申请材料，经审查，申请材料不齐全"
                "或者不符合法定形式。根据《中华人民共和国行政许可法》第三十二条第一款第（四）项"
                "的规定，现一次性告知需要补正的全部内容如下："
            ),
        )
        self.supplement_items("需要补正的材料和内容")
        self.add(Spacer(1, 6))
        self.deadlines()
        self.add(_para(n.consequence))
        self.materials("材料清单及状态", n.materials, "状态")

    def tolerance(self) -> None:
        n = self.n
        accepted = fmt_date(n.accepted_on) if n.accepted_on else "—"
        self.add(
            _para(self.addressee, indent=False, after=0),
            _para(
                f"你（单位）于{self.received}提交的{self.matter}申请，主要申请材料齐全且符合法定"
                f"形式，根据容缺受理的有关规定和你（单位）签署的《容缺受理承诺书》，本机关决定于"
                f"{accepted}予以容缺受理。请在下列期限内补齐以下材料："
            ),
        )
        self.supplement_items("容缺补齐的材料")
        self.add(Spacer(1, 6))
        self.deadlines()
        self.add(
            _para(n.consequence),
            _para(f"承诺办结时限：{_days(n.promised_working_days)}，自材料补齐之日起计算。"),
        )
        self.materials("材料清单及状态", n.materials, "状态")

    def acceptance(self) -> None:
        n = self.n
        rows = [
            ("受理日期", fmt_date(n.accepted_on) if n.accepted_on else "—"),
            ("法定办结时限", _days(n.legal_working_days)),
            ("承诺办结时限", _days(n.promised_working_days)),
        ]
        rows += [(d.label, fmt_date(d.on)) for d in n.deadlines]
        delivery = n.delivery.label if n.delivery else "—"
        if n.delivery is Delivery.POST and n.delivery_address:
            delivery += f"（邮寄地址：{n.delivery_address}）"
        rows += [
            ("收费情况", n.fees),
            ("结果送达方式", delivery),
            ("进度查询方式", n.progress_query),
        ]
        self.add(
            _para(self.addressee, indent=False, after=0),
            _para(
                f"你（单位）于{self.received}提交的{self.matter}申请，申请材料齐全、符合法定形式。"
                "根据《中华人民共和国行政许可法》第三十二条第一款第（五）项的规定，本机关决定予以受理。"
            ),
        )
        self.facts(rows)
        self.add(Spacer(1, 4), _para(n.excluded_periods))
        self.materials("材料清单及状态", n.materials, "状态")

    def refusal(self) -> None:
        n = self.n
        self.add(
            _para(self.addressee, indent=False, after=0),
            _para(
                f"你（单位）于{self.received}提交的{self.matter}申请，经审查，本机关决定不予受理。"
            ),
        )
        self.facts(
            [
                ("不予受理的理由", n.reason),
                ("法律依据", n.legal_basis),
                ("应向何机关申请", n.apply_to),
            ]
        )
        self.add(Spacer(1, 6))
        for remedy in n.remedies:
            self.add(_para(remedy.text, after=0))

    def pickup(self) -> None:
        n = self.n
        names = self.o.department_names or {}
        rows = [
            [
                names.get(r.department, r.department),
                "、".join(r.items),
                "准予" if r.approved else "不予",
                r.opinion or "—",
            ]
            for r in n.results
        ]
        self.add(
            _para(self.addressee, indent=False, after=0),
            _para(
                f"你（单位）申请的{self.matter}已办理完毕。各部门办理结果如下，"
                "全部结果在综合窗口一次领取："
            ),
            *_heading("办理结果"),
            _table(["部门", "事项", "结果", "意见"], rows, [38 * mm, 62 * mm, 18 * mm, 52 * mm]),
        )
        delivery = n.delivery.label if n.delivery else "—"
        if n.delivery is Delivery.POST and n.delivery_address:
            delivery += f"（邮寄地址：{n.delivery_address}）"
        self.facts([("出件方式", delivery), ("出件窗口", n.pickup_place)])
        self.add(
            Spacer(1, 4),
            _para("到窗口领取的，请携带本通知和有效身份证件；委托他人领取的，请同时携带委托书。"),
        )

    def build(self) -> list[Flowable]:
        self.head()
        self.parties()
        {
            NoticeKind.CHECKLIST: self.checklist,
            NoticeKind.SUPPLEMENT: self.supplement,
            NoticeKind.TOLERANCE: self.tolerance,
            NoticeKind.ACCEPTANCE: self.acceptance,
            NoticeKind.REFUSAL: self.refusal,
            NoticeKind.PICKUP: self.pickup,
        }[self.n.kind]()
        self.tail()
        return self.story


class _SealBlock(Flowable):
    """The applicant's receipt lines on the left; the issuing body, its seal and the date on the
    right. An electronic seal image goes over the right block, overlapping it as a stamp does."""

    HEIGHT = 26 * mm
    SEAL = 38 * mm
    RECEIPT = ("申请人（代理人）签收：＿＿＿＿＿＿＿＿", "签收时间：＿＿＿＿年＿＿月＿＿日")

    def __init__(self, hall: str, seal: str, day: dt.date, image: bytes | Path | None) -> None:
        super().__init__()
        self.lines = [hall, f"（{seal}）", fmt_date(day)]
        self.image = image
        self._font = register_pdf_font()

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.HEIGHT

    def draw(self) -> None:
        c = self.canv
        c.setFillColor(colors.black)
        c.setFont(self._font, BODY)
        y = self.HEIGHT / 2 + LEADING
        for text in self.RECEIPT:
            c.drawString(0, y - LEADING / 2, text)
            y -= LEADING * 1.6
        widths = [stringWidth(t, self._font, BODY) for t in self.lines]
        centre_x = self.width - 6 * mm - max(widths) / 2
        y = self.HEIGHT / 2 + LEADING - BODY / 3
        for text, width in zip(self.lines, widths, strict=True):
            c.drawString(centre_x - width / 2, y, text)
            y -= LEADING
        if self.image is not None:
            source = io.BytesIO(self.image) if isinstance(self.image, bytes) else str(self.image)
            c.drawImage(
                ImageReader(source),
                centre_x - self.SEAL / 2,
                (self.HEIGHT - self.SEAL) / 2,
                self.SEAL,
                self.SEAL,
                mask="auto",
                preserveAspectRatio=True,
            )


def _qr(c: pdf_canvas.Canvas, url: str, x: float, y: float, side: float) -> None:
    """A QR code drawn as filled squares (reportlab's own QR widget drags in Helvetica)."""
    code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    box = side / len(matrix)
    c.setFillColor(colors.black)
    for row, line in enumerate(matrix):
        for col, dark in enumerate(line):
            if dark:
                c.rect(x + col * box, y + side - (row + 1) * box, box, box, stroke=0, fill=1)


def _canvas_class(notice: Notice, font: str) -> type[pdf_canvas.Canvas]:
    """A canvas that draws the page furniture once the page count is known."""

    class NoticeCanvas(pdf_canvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                self.setFillColor(colors.Color(0.3, 0.3, 0.3))
                self.setFont(font, 9)
                if total > 1:
                    self.drawCentredString(
                        PAGE_W / 2, MARGIN_BOTTOM / 2, f"第 {number} 页 共 {total} 页"
                    )
                if number > 1:
                    self.drawString(
                        MARGIN_X,
                        PAGE_H - MARGIN_TOP / 2 - 3,
                        f"{notice.title} {notice.number}（续）",
                    )
                super().showPage()
            super().save()

    return NoticeCanvas


def _strings(value: object) -> list[str]:
    """Every string inside the notice contents (dataclasses, tuples, mappings), for the glyph
    check: the fixed wording is checked by the tests, the data by every render."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in _strings(getattr(value, f.name))]
    if isinstance(value, Mapping):
        return [s for item in value.items() for s in _strings(item)]
    if isinstance(value, tuple | list):
        return [s for item in value for s in _strings(item)]
    return []


def render_notice(notice: Notice, options: NoticeOptions) -> bytes:
    """The notice as a PDF document (A4, the CJK font embedded)."""
    font = register_pdf_font()
    story = _Builder(notice, options).build()
    missing = missing_glyphs("".join(_strings(notice) + _strings(options.department_names)))
    if missing:
        # A rare character in a name would print as a blank: say so instead.
        raise ValueError(
            f"字体缺少这些字：{missing}，请改用手写或联系管理员 / font lacks: {missing}"
        )

    def first_page(c: pdf_canvas.Canvas, doc: Any) -> None:
        x = PAGE_W - MARGIN_X - QR_SIDE
        y = PAGE_H - MARGIN_TOP - QR_SIDE
        _qr(c, options.qr_url, x, y, QR_SIDE)
        c.setFont(font, 8)
        c.setFillColor(colors.Color(0.3, 0.3, 0.3))
        c.drawCentredString(x + QR_SIDE / 2, y - 10, "扫码查询办理进度")

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"{notice.title} {notice.number}",
        author=notice.hall,
        subject=notice.matter.name,
        creator="一窗通 OneWindow",
        invariant=True,
        initialFontName=font,  # else an unembedded Helvetica lands in the font resources
    )
    doc.build(
        story,
        onFirstPage=first_page,
        canvasmaker=_canvas_class(notice, font),
    )
    return out.getvalue()
