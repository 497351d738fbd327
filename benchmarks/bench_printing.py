"""Printing: a queue ticket (raster and ESC/POS bytes) and an A4 notice (PDF).

A kiosk prints a ticket while the citizen waits at the screen, so laying it out and encoding it
must stay far below what a person notices (100 ms); a desk prints a notice while the applicant
stands at the window. The floor is Pillow drawing the ticket's big number alone on a canvas of
the same width: everything above it is our layout, the QR code and the ESC/POS encoding.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from benchlib import goal, median, parse_args, time_per_call
from PIL import Image, ImageDraw

# The sample notices are the ones the tests render (built from the test fixture catalog).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hallcore.case.notices import NoticeKind
from printing.escpos_output import PrinterConfig, render_bytes
from printing.fonts import pil_font
from printing.notices_pdf import render_notice
from printing.ticket_layout import TicketContent
from tests.printing.samples import long_supplement, notice, options

TICKET = TicketContent(
    hall_name="句容市政务服务中心",
    theme_name="新生儿出生“一件事”",
    ticket_number="A012",
    people_ahead=3,
    wait_minutes=15,
    windows=("1", "2", "5"),
    issued_at=dt.datetime(2024, 9, 27, 9, 30),
    status_url="https://zwfw.example.gov.cn/q/7Kx9pQ2m",
)


def main() -> int:
    args = parse_args(__doc__ or "")
    repeat, number = (3, 5) if args.quick else (7, 20)
    big = pil_font(150)

    def floor() -> None:
        canvas = Image.new("1", (576, 900), 1)
        ImageDraw.Draw(canvas).text((40, 100), "A012", font=big, fill=0)

    floor_s = median(time_per_call(floor, repeat=repeat, number=number))
    print(f"floor, Pillow drawing the ticket number alone: {floor_s * 1000:.1f} ms")
    worst_ticket = 0.0
    for width in (384, 576):
        config = PrinterConfig(transport="dummy", paper_width=width)
        per = median(
            time_per_call(lambda c=config: render_bytes(TICKET, c), repeat=repeat, number=number)
        )
        image, data = render_bytes(TICKET, config)
        worst_ticket = max(worst_ticket, per)
        print(
            f"ticket {width} dots: {per * 1000:.1f} ms ({per / floor_s:.1f}x floor), "
            f"{image.height} rows, {len(data)} bytes"
        )
    one_page = notice(NoticeKind.SUPPLEMENT)
    opts = options(NoticeKind.SUPPLEMENT)
    one = median(time_per_call(lambda: render_notice(one_page, opts), repeat=repeat, number=3))
    long_notice = long_supplement(40)
    four = median(time_per_call(lambda: render_notice(long_notice, opts), repeat=repeat, number=1))
    print(
        f"补正告知书, one page: {one * 1000:.0f} ms; with 40 items (4 pages): {four * 1000:.0f} ms"
    )
    goal("ticket_render_and_encode_ms", worst_ticket * 1000, "<", 100)
    goal("notice_one_page_ms", one * 1000, "<", 300)
    return 0


if __name__ == "__main__":
    sys.exit(main())
