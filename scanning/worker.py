"""Run a scan source off the UI thread: a plain-Python worker with an event iterator.

    worker = ScanWorker(SaneSource(), "test", ScanSettings(feed=Feed.ADF), clock=clock)
    worker.start()
    for event in worker.events():        # or poll `worker.poll()` from a UI timer
        match event:
            case PageScanned(page=page): ...
            case BatchDone(result=result): ...   # always last; result.error says what happened

The device is used only on the worker's own thread (SANE and most drivers need that). Events
are delivered in order through a queue; the Qt bridge in `hallui` turns them into signals.
`cancel()` ends the batch after the current page; the pages so far are kept.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from scanning.errors import ErrorCode, ScanError
from scanning.source import BatchResult, ScanSettings, ScanSource, StampedPage, collect


@dataclass(frozen=True)
class PageScanned:
    page: StampedPage
    number: int  # 1-based within the batch


@dataclass(frozen=True)
class BatchDone:
    result: BatchResult


ScanEvent = PageScanned | BatchDone


class ScanWorker:
    def __init__(
        self,
        source: ScanSource,
        device: str,
        settings: ScanSettings,
        *,
        clock: Callable[[], datetime],
    ) -> None:
        self.source = source
        self.device = device
        self.settings = settings
        self._clock = clock
        self._events: queue.Queue[ScanEvent] = queue.Queue()
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"scan:{device}", daemon=True)
        self._count = 0
        self.result: BatchResult | None = None

    def start(self) -> ScanWorker:
        self._thread.start()
        return self

    def cancel(self) -> None:
        self._cancel.set()

    def join(self, timeout: float | None = None) -> BatchResult | None:
        self._thread.join(timeout)
        return self.result

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _on_page(self, page: StampedPage) -> None:
        self._count += 1
        self._events.put(PageScanned(page, self._count))

    def _run(self) -> None:
        try:
            result = collect(
                self.source,
                self.device,
                self.settings,
                clock=self._clock,
                on_page=self._on_page,
                should_stop=self._cancel.is_set,
            )
            if self._cancel.is_set() and result.error is None:
                result.error = ScanError(ErrorCode.CANCELLED, where=self.device)
        except Exception as error:  # noqa: BLE001 — a driver bug must still end the batch visibly
            result = BatchResult(error=ScanError(ErrorCode.OTHER, repr(error), where=self.device))
        self.result = result
        self._events.put(BatchDone(result))

    def events(self, timeout: float | None = None) -> Iterator[ScanEvent]:
        """Block for each event until `BatchDone` (inclusive)."""
        while True:
            try:
                event = self._events.get(timeout=timeout)
            except queue.Empty as error:
                raise ScanError(ErrorCode.TIMEOUT, where=self.device) from error
            yield event
            if isinstance(event, BatchDone):
                return

    def poll(self) -> list[ScanEvent]:
        """Every event that has arrived, without blocking (for a UI timer)."""
        events: list[ScanEvent] = []
        while True:
            try:
                events.append(self._events.get_nowait())
            except queue.Empty:
                return events
