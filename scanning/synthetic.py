"""Synthetic document pages: deterministic stand-ins for paper, for tests, demos and benchmarks.

A page is A4 paper with lines of glyph-like blocks (strokes arranged like CJK characters), or
real text when a font file is given, optionally rotated by a known angle on a darker background
(a page on a document camera's desk or a scanner with a black lid), with dust, show-through,
a red seal or uneven light added on request. Everything depends on `seed` only.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from scanning.source import DeviceInfo, Feed, RawPage, ScanSettings, SourceKind

A4_MM = (210.0, 297.0)
INK = (28, 28, 32)
PAPER = (246, 245, 240)


def page_size(dpi: int, size_mm: tuple[float, float] = A4_MM) -> tuple[int, int]:
    return round(size_mm[0] / 25.4 * dpi), round(size_mm[1] / 25.4 * dpi)


@dataclass(frozen=True)
class PageSpec:
    dpi: int = 200
    seed: int = 0
    lines: int = 40  # lines of text; 0 for a blank page
    chars_per_line: int = 34
    angle: float = 0.0  # degrees, counter-clockwise, as the page lies on the glass
    background: int | None = None  # grey level around the page; None: the page fills the frame
    dust: int = 0  # number of small dark specks
    show_through: bool = False  # faint mirrored text from the back of the sheet
    seal: bool = False  # a red round seal (公章)
    gradient: int = 0  # light fall-off across the page, in grey levels (document cameras)
    font: Path | None = None  # draw real characters with this font instead of glyph blocks


_SAMPLE_TEXT = (
    "申请人承诺所提交的材料真实有效如有虚假愿承担相应法律责任本人同意由窗口工作人员代为扫描"
    "一件事一次办综合窗口统一受理材料齐全符合法定形式予以受理出生医学证明户口登记医保参保"
)


def _glyph(draw: ImageDraw.ImageDraw, x: int, y: int, size: int, rng: random.Random) -> None:
    """A CJK-looking glyph: a few horizontal, vertical and short strokes inside a square."""
    stroke = max(2, size // 12)
    for _ in range(rng.randint(3, 6)):
        if rng.random() < 0.5:  # horizontal stroke
            x0 = x + rng.randint(0, size // 3)
            x1 = x + rng.randint(size // 2, size - 1)
            yy = y + rng.randint(0, size - stroke)
            draw.rectangle((x0, yy, x1, yy + stroke - 1), fill=INK)
        else:  # vertical stroke
            y0 = y + rng.randint(0, size // 3)
            y1 = y + rng.randint(size // 2, size - 1)
            xx = x + rng.randint(0, size - stroke)
            draw.rectangle((xx, y0, xx + stroke - 1, y1), fill=INK)


def _text_lines(draw: ImageDraw.ImageDraw, spec: PageSpec, width: int, height: int) -> None:
    rng = random.Random(spec.seed)
    margin_x = round(width * 0.12)
    top = round(height * 0.09)
    glyph = round(spec.dpi * 0.16)  # about 4 mm, a 小四 character
    pitch = round(glyph * 1.12)
    leading = round(glyph * 1.9)
    font = ImageFont.truetype(str(spec.font), glyph) if spec.font else None
    for line in range(spec.lines):
        y = top + line * leading
        if y + glyph > height - top:
            break
        indent = 2 if line % 8 == 0 else 0  # paragraphs
        length = spec.chars_per_line if line % 8 != 7 else rng.randint(6, spec.chars_per_line)
        for col in range(indent, length):
            x = margin_x + col * pitch
            if x + glyph > width - margin_x:
                break
            if font is not None:
                char = _SAMPLE_TEXT[rng.randrange(len(_SAMPLE_TEXT))]
                draw.text((x, y), char, font=font, fill=INK)
            else:
                _glyph(draw, x, y, glyph, rng)


def make_page(spec: PageSpec) -> Image.Image:
    """An RGB page as a scanner or document camera would deliver it."""
    width, height = page_size(spec.dpi)
    rng = random.Random(spec.seed + 7919)
    page = Image.new("RGB", (width, height), PAPER)
    draw = ImageDraw.Draw(page)
    if spec.show_through:
        back = Image.new("RGB", (width, height), PAPER)
        _text_lines(ImageDraw.Draw(back), PageSpec(dpi=spec.dpi, seed=spec.seed + 1), width, height)
        faint = back.transpose(Image.Transpose.FLIP_LEFT_RIGHT).point(
            lambda v: 246 - (246 - v) // 10
        )
        page = Image.blend(page, faint, 1.0)
        draw = ImageDraw.Draw(page)
    if spec.lines:
        _text_lines(draw, spec, width, height)
    if spec.seal:
        cx, cy, radius = round(width * 0.7), round(height * 0.8), round(spec.dpi * 0.8)
        ring = max(3, spec.dpi // 40)
        draw.ellipse(
            (cx - radius, cy - radius, cx + radius, cy + radius), outline=(210, 30, 36), width=ring
        )
        star = radius // 3
        draw.regular_polygon((cx, cy, star), 5, fill=(210, 30, 36))
    for _ in range(spec.dust):
        x, y = rng.randrange(width), rng.randrange(height)
        size = rng.randint(1, 3)
        draw.rectangle((x, y, x + size - 1, y + size - 1), fill=(90, 90, 90))
    if spec.gradient:
        shade = (
            Image.linear_gradient("L")
            .resize((width, height))
            .point(lambda v: 255 - v * spec.gradient // 255)
        )
        page = Image.composite(page, Image.new("RGB", page.size, (0, 0, 0)), shade)
    if spec.background is None:
        if spec.angle:
            page = page.rotate(spec.angle, Image.Resampling.BILINEAR, fillcolor=PAPER)
        return page
    grey = (spec.background,) * 3
    rotated = page.rotate(spec.angle, Image.Resampling.BILINEAR, expand=True, fillcolor=grey)
    pad_x, pad_y = round(width * 0.06), round(height * 0.04)
    frame = Image.new("RGB", (rotated.width + 2 * pad_x, rotated.height + 2 * pad_y), grey)
    frame.paste(rotated, (pad_x, pad_y))
    return frame


class SyntheticSource:
    """A `ScanSource` with one virtual feeder of synthetic pages (demos, tests, benchmarks)."""

    kind = SourceKind.SYNTHETIC

    def __init__(self, specs: list[PageSpec] | None = None) -> None:
        self.specs = specs or [PageSpec(seed=seed, angle=(seed % 5 - 2) * 0.9) for seed in range(3)]

    def devices(self) -> list[DeviceInfo]:
        return [DeviceInfo("synthetic", self.kind, "OneWindow", "synthetic pages", "合成测试页")]

    def scan(self, device: str, settings: ScanSettings) -> Iterator[RawPage]:
        count = len(self.specs) if settings.feed is Feed.ADF else 1
        if settings.max_pages is not None:
            count = min(count, settings.max_pages)
        for index, spec in enumerate(self.specs[:count]):
            image = make_page(PageSpec(**{**spec.__dict__, "dpi": settings.dpi}))
            if not settings.color:
                image = image.convert("L")
            yield RawPage(image, settings.dpi, f"synthetic:{device}", index)
