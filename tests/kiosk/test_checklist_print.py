"""The checklist slip for the ticket printer: a raster as wide as the paper, sent as ESC/POS."""

from __future__ import annotations

import datetime as dt

from hallcore.catalog import Catalog, resolve
from kiosk.checklist_print import EscposChecklistPrinter, render_checklist
from printing.escpos_output import PrinterConfig
from tests.kiosk.test_models import BIRTH_ANSWERS

AT = dt.datetime(2026, 11, 2, 9, 30)


def test_slip_is_a_one_bit_raster_as_wide_as_the_paper(catalog: Catalog) -> None:
    resolution = resolve(catalog.theme("BIRTH"), BIRTH_ANSWERS, catalog.fields)
    for width in (384, 576):
        image = render_checklist(
            resolution, hall_name="句容市政务服务中心", printed_at=AT, width=width
        )
        assert image.mode == "1"
        assert image.width == width
        assert image.height > 400


def test_printing_on_the_dummy_printer_sends_a_raster(catalog: Catalog) -> None:
    resolution = resolve(catalog.theme("BIRTH"), BIRTH_ANSWERS, catalog.fields)
    printer = EscposChecklistPrinter(
        PrinterConfig(transport="dummy", paper_width=576),
        hall_name="句容市政务服务中心",
        clock=lambda: AT,
    )
    result = printer(resolution)
    assert result.ok
    [data] = printer.sent
    assert data.startswith(b"\x1b@")  # ESC @
    assert b"\x1dv0" in data  # GS v 0: a raster image


def test_an_unreachable_printer_is_reported_not_raised(catalog: Catalog) -> None:
    resolution = resolve(catalog.theme("VETERAN"), {"veteran_type": "soldier"}, catalog.fields)
    config = PrinterConfig(transport="network", target="127.0.0.1:9", timeout_s=0.5)
    result = EscposChecklistPrinter(config, hall_name="大厅")(resolution)
    assert not result.ok
    assert result.message_zh
