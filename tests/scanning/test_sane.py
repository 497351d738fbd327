"""SANE through python-sane, scanning for real with the `test` backend (no hardware)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from scanning.errors import ErrorCode
from scanning.sane_source import SaneSource
from scanning.source import Feed, ScanSettings, ScanSource, SourceKind, collect
from tests.scanning.conftest import CST

sane = pytest.importorskip("sane")


def grid_opener(fail_after: int | None = None, status: str = "SANE_STATUS_JAMMED") -> Any:
    """Open the real `test` device with its grid picture; after `fail_after` pages, make the
    backend's sane_read() return `status` — a real jam (or cover open) reported by SANE."""

    class Device:
        def __init__(self, name: str) -> None:
            self.dev = sane.open(name)
            self.dev.test_picture = "Grid"
            self.dev.read_return_value = "Default"  # the backend keeps options across opens
            self.count = 0

        def __getattr__(self, key: str) -> Any:
            return getattr(self.dev, key)

        def __setattr__(self, key: str, value: Any) -> None:
            if key in ("dev", "count"):
                object.__setattr__(self, key, value)
            else:
                setattr(self.dev, key, value)

        def scan(self) -> Any:
            if fail_after is not None and self.count == fail_after:
                self.dev.read_return_value = status
            self.count += 1
            return self.dev.scan()

    return Device


def test_sane_source_is_a_scan_source() -> None:
    assert isinstance(SaneSource(), ScanSource)


def test_the_test_device_is_listed() -> None:
    devices = SaneSource().devices()
    assert [d.name for d in devices] == ["test:0"]
    assert devices[0].kind is SourceKind.SANE
    assert devices[0].model == "frontend-tester"


def test_flatbed_scans_one_real_page(clock: Callable[[], datetime]) -> None:
    result = collect(SaneSource(grid_opener()), "test", ScanSettings(dpi=100), clock=clock)
    assert result.ok
    [stamped] = result.pages
    page = stamped.page
    assert page.image.mode == "RGB"
    # the test device's default area is 80 x 100 mm
    assert page.image.size == (int(80 / 25.4 * 100), int(100 / 25.4 * 100))
    assert page.dpi == 100
    assert page.source == "sane:test"
    assert stamped.scanned_at == datetime(2026, 3, 2, 9, 30, tzinfo=CST)  # the clock's first tick


def test_grey_scan(clock: Callable[[], datetime]) -> None:
    settings = ScanSettings(dpi=75, color=False)
    result = collect(SaneSource(grid_opener()), "test", settings, clock=clock)
    assert result.pages[0].page.image.mode == "L"
    # the grid has black and white squares
    assert set(result.pages[0].page.image.getextrema()) == {0, 255}


def test_feeder_scans_until_empty(clock: Callable[[], datetime]) -> None:
    settings = ScanSettings(dpi=50, feed=Feed.ADF)
    result = collect(SaneSource(grid_opener()), "test", settings, clock=clock)
    assert result.ok, result.error
    assert len(result.pages) == 10  # the test backend's feeder holds ten sheets
    assert [p.page.index for p in result.pages] == list(range(10))
    times = [p.scanned_at for p in result.pages]
    assert times == sorted(times)


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("SANE_STATUS_JAMMED", ErrorCode.JAMMED),
        ("SANE_STATUS_COVER_OPEN", ErrorCode.COVER_OPEN),
        ("SANE_STATUS_IO_ERROR", ErrorCode.DEVICE_IO),
        ("SANE_STATUS_DEVICE_BUSY", ErrorCode.DEVICE_BUSY),
    ],
)
def test_error_mid_batch_keeps_the_pages_already_scanned(
    clock: Callable[[], datetime], status: str, code: ErrorCode
) -> None:
    source = SaneSource(grid_opener(fail_after=3, status=status))
    result = collect(source, "test", ScanSettings(dpi=50, feed=Feed.ADF), clock=clock)
    assert len(result.pages) == 3
    assert result.error is not None
    assert result.error.code is code
    assert "已保留 3 页" in result.summary()


def test_jam_message_is_chinese_then_english(clock: Callable[[], datetime]) -> None:
    source = SaneSource(grid_opener(fail_after=1))
    result = collect(source, "test", ScanSettings(dpi=50, feed=Feed.ADF), clock=clock)
    assert result.error is not None
    assert str(result.error).startswith("test：卡纸，请取出卡住的纸张后继续扫描（test: paper jam）")


def test_missing_device_is_reported(clock: Callable[[], datetime]) -> None:
    result = collect(SaneSource(), "nosuchbackend:0", ScanSettings(), clock=clock)
    assert result.pages == []
    assert result.error is not None
    assert result.error.code is ErrorCode.DEVICE_GONE
