"""The bundled CJK font: WenQuanYi Micro Hei, TrueType outlines, shipped in `resources/fonts/`.

One font serves both outputs: Pillow draws the ticket raster with it and reportlab embeds it
(subset) in the notices. It must be TrueType (`glyf`) outlines — reportlab cannot embed CFF — and
its licence (Apache-2.0, see `resources/fonts/README.md`) allows shipping it with the software.

The font covers the GBK Hanzi and CJK punctuation; rare characters (生僻字, CJK Ext-A/B) are not.
`missing_glyphs` says which characters of a text it cannot draw, so a caller can warn instead of
printing a blank.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from PIL import ImageFont

__all__ = [
    "FACE_INDEX",
    "PDF_FONT_NAME",
    "font_path",
    "missing_glyphs",
    "pil_font",
    "register_pdf_font",
]

FONT_FILE = "wqy-microhei.ttc"
FACE_INDEX = 0  # "WenQuanYi Micro Hei"; index 1 is the Mono face
PDF_FONT_NAME = "WenQuanYiMicroHei"


class FontMissingError(FileNotFoundError):
    """The bundled font is not where the installation should have put it."""


@functools.cache
def font_path() -> Path:
    """The bundled font file on disk."""
    path = Path(str(resources.files("resources").joinpath("fonts", FONT_FILE)))
    if not path.is_file():
        raise FontMissingError(
            f"找不到随软件发布的中文字体：{path}（请重新安装软件） / bundled font not found"
        )
    return path


@functools.cache
def pil_font(size: int) -> ImageFont.FreeTypeFont:
    """The font at `size` pixels, for Pillow."""
    return ImageFont.truetype(str(font_path()), size, index=FACE_INDEX)


@functools.cache
def register_pdf_font() -> str:
    """Register the font with reportlab (once) and return its name; it is embedded as a subset."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(PDF_FONT_NAME, str(font_path()), subfontIndex=FACE_INDEX))
    return PDF_FONT_NAME


@functools.cache
def _covered() -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    font = pdfmetrics.getFont(register_pdf_font())
    return frozenset(font.face.charToGlyph)  # type: ignore[attr-defined]


def missing_glyphs(text: str) -> str:
    """The characters of `text` the font cannot draw, in order, each once (whitespace ignored)."""
    covered = _covered()
    seen: dict[str, None] = {}
    for ch in text:
        if not ch.isspace() and ord(ch) not in covered:
            seen.setdefault(ch)
    return "".join(seen)
