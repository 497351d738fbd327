"""Sources run off the calling thread; events arrive in order; errors keep the pages."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import datetime

from scanning.errors import ErrorCode, ScanError
from scanning.sane_source import SaneSource
from scanning.source import DeviceInfo, Feed, RawPage, ScanSettings, SourceKind
from scanning.synthetic import PageSpec, SyntheticSource
from scanning.worker import BatchDone, PageScanned, ScanWorker
from tests.scanning.test_sane import grid_opener


class ThreadRecorder:
    """A source that records which thread scanned, then fails after two pages."""

    kind = SourceKind.SYNTHETIC

    def __init__(self) -> None:
        self.threads: set[str] = set()
        self.closed = False

    def devices(self) -> list[DeviceInfo]:
        return [DeviceInfo("rec", self.kind)]

    def scan(self, device: str, settings: ScanSettings) -> Iterator[RawPage]:
        from PIL import Image

        try:
            for index in range(2):
                self.threads.add(threading.current_thread().name)
                yield RawPage(Image.new("L", (10, 10)), 100, "rec", index)
            raise ScanError(ErrorCode.DEVICE_GONE, where=device)
        finally:
            self.closed = True


def test_worker_scans_off_the_calling_thread(clock: Callable[[], datetime]) -> None:
    source = ThreadRecorder()
    worker = ScanWorker(source, "rec", ScanSettings(), clock=clock).start()
    events = list(worker.events(timeout=10))
    assert source.threads == {"scan:rec"}
    assert [type(e) for e in events] == [PageScanned, PageScanned, BatchDone]
    assert [e.number for e in events if isinstance(e, PageScanned)] == [1, 2]
    done = events[-1]
    assert isinstance(done, BatchDone)
    assert len(done.result.pages) == 2
    assert done.result.error is not None
    assert done.result.error.code is ErrorCode.DEVICE_GONE
    assert source.closed


def test_worker_with_real_sane_jam(clock: Callable[[], datetime]) -> None:
    source = SaneSource(grid_opener(fail_after=2))
    worker = ScanWorker(source, "test", ScanSettings(dpi=50, feed=Feed.ADF), clock=clock)
    result = worker.start().join(timeout=20)
    assert result is not None
    assert len(result.pages) == 2
    assert result.error is not None
    assert result.error.code is ErrorCode.JAMMED
    assert [type(e) for e in worker.poll()] == [PageScanned, PageScanned, BatchDone]


def test_cancel_keeps_pages_and_says_cancelled(clock: Callable[[], datetime]) -> None:
    source = SyntheticSource([PageSpec(seed=s, dpi=50) for s in range(6)])
    worker = ScanWorker(source, "synthetic", ScanSettings(dpi=50, feed=Feed.ADF), clock=clock)
    worker.cancel()  # before it starts: it stops after the first page
    result = worker.start().join(timeout=20)
    assert result is not None
    assert len(result.pages) == 1
    assert result.error is not None
    assert result.error.code is ErrorCode.CANCELLED


def test_a_driver_bug_still_ends_the_batch(clock: Callable[[], datetime]) -> None:
    class Broken(ThreadRecorder):
        def scan(self, device: str, settings: ScanSettings) -> Iterator[RawPage]:
            raise ZeroDivisionError("driver bug")

    result = ScanWorker(Broken(), "x", ScanSettings(), clock=clock).start().join(timeout=10)
    assert result is not None
    assert result.error is not None
    assert result.error.code is ErrorCode.OTHER
    assert "driver bug" in str(result.error)
