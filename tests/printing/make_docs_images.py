"""Render the pictures in docs/printing/: tickets at 384 and 576 dots, every notice as PNG.

Run: ``.venv/bin/python -m tests.printing.make_docs_images`` (needs pdftoppm from poppler-utils).
"""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

from hallcore.case.notices import NoticeKind
from printing.fonts import pil_font
from printing.notices_pdf import NoticeOptions, render_notice
from printing.ticket_layout import render_ticket
from tests.printing.samples import QR_URL, long_supplement, notice, options
from tests.printing.test_ticket_output import CONTENT

DOCS = Path(__file__).parents[2] / "docs" / "printing"


def sample_seal() -> bytes:
    """A red ring marked 样章 (specimen), to show the electronic seal slot."""
    image = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red = (205, 30, 30, 230)
    draw.ellipse((10, 10, 390, 390), outline=red, width=14)
    draw.text((200, 200), "★", font=pil_font(110), fill=red, anchor="mm")
    draw.text((200, 310), "样章", font=pil_font(56), fill=red, anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def pdf_to_png(pdf: bytes, stem: Path) -> list[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "notice.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(source), str(stem)], check=True)
    return sorted(stem.parent.glob(f"{stem.name}*.png"))


def main() -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    for old in DOCS.glob("*.png"):
        old.unlink()
    for width in (384, 576):
        render_ticket(CONTENT, width).save(DOCS / f"ticket-{width}.png")
    for kind in NoticeKind:
        opts = options(kind)
        if kind is NoticeKind.ACCEPTANCE:
            opts = NoticeOptions(QR_URL, seal_image=sample_seal())
        pdf_to_png(render_notice(notice(kind), opts), DOCS / f"notice-{kind.value}")
    pdf_to_png(
        render_notice(long_supplement(), options(NoticeKind.SUPPLEMENT)),
        DOCS / "notice-supplement-long",
    )
    for path in sorted(DOCS.glob("*.png")):
        print(path.relative_to(DOCS.parents[1]))  # noqa: T201 - a script's output


if __name__ == "__main__":
    main()
