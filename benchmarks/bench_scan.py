"""Scanning pipeline throughput: 200-dpi A4 text pages, from the scanner's image to the PDF.

Pages are synthetic A4 text pages (40 lines of glyph-like characters) at 200 dpi, in colour as
a scanner delivers them, skewed by -3°..+3° (one in five straight). Each goes through the whole
pipeline — grey conversion, deskew, crop, blank check, mode choice, G4/JPEG encoding, SHA-256 —
and each batch is bound into one PDF with its metadata. The floor, measured in the same run,
is the least any pipeline must do with such a page: convert it to grey and encode it (G4).
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from pathlib import Path

from benchlib import goal, median, parse_args, time_per_call

from scanning.material import MaterialInfo, material_from_batch
from scanning.processing import process_page
from scanning.source import RawPage, StampedPage
from scanning.synthetic import PageSpec, make_page

DPI = 200
START = datetime(2026, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=8)))


def main() -> None:
    args = parse_args(__doc__.splitlines()[0] if __doc__ else "bench_scan")
    pages_per_batch = 5 if args.quick else 10
    repeat = 3 if args.quick else 5
    angles = [0.0, -3.0, 1.4, 2.7, -0.8, 0.0, 3.0, -1.9, 0.6, -2.4][:pages_per_batch]
    batch = [
        StampedPage(
            RawPage(make_page(PageSpec(dpi=DPI, seed=i, angle=a)), DPI, "synthetic:bench", i),
            START + timedelta(seconds=i),
        )
        for i, a in enumerate(angles)
    ]
    info = MaterialInfo("M-BENCH", "bench")

    def pipeline() -> object:
        return material_from_batch(info, batch)

    def floor() -> object:
        for stamped in batch:
            out = io.BytesIO()
            stamped.page.image.convert("L").point(lambda v: 255 if v > 128 else 0, "1").save(
                out, "TIFF", compression="group4"
            )
        return out

    pipeline()  # warm up (imports, allocator)
    seconds = median(time_per_call(pipeline, repeat=repeat, number=1)) / pages_per_batch
    floor_seconds = median(time_per_call(floor, repeat=repeat, number=1)) / pages_per_batch
    material = pipeline()
    assert hasattr(material, "pages")
    sizes = [record.size_bytes for record in material.pages]  # type: ignore[attr-defined]
    pdf_per_page = len(material.pdf) / len(sizes)  # type: ignore[attr-defined]
    pps = 1 / seconds
    kb = median([float(s) for s in sizes]) / 1024
    print(f"A4 text pages at {DPI} dpi, {pages_per_batch} per material, median of {repeat} runs")
    print(f"whole pipeline: {seconds * 1000:.1f} ms per page = {pps:.1f} pages per second")
    print(f"floor (grey + G4 encode only): {floor_seconds * 1000:.1f} ms per page")
    print(f"pipeline / floor time: {seconds / floor_seconds:.1f}x")
    print(f"stored page: median {kb:.1f} KB; PDF {pdf_per_page / 1024:.1f} KB per page")
    font = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # Debian fonts-wqy-microhei
    if font.exists():
        real = process_page(make_page(PageSpec(dpi=DPI, angle=1.2, font=font)), DPI)
        print(f"a page of real Chinese text (WenQuanYi Micro Hei): {len(real.data) / 1024:.1f} KB")
    goal("scan_pages_per_second", pps, ">=", 10)
    goal("scan_bytes_per_text_page_kb", kb, "<=", 150)


if __name__ == "__main__":
    main()
