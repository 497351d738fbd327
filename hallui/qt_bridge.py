"""The Qt side of model events: callbacks delivered on the UI thread, tied to a view's life.

`ModelListener(view)` is a QObject child of the view. `listen(model, event, slot)` subscribes
to the model; when the model emits on the UI thread the slot runs at once (a direct call, so
tests see the view change right after the model does), and when it emits from a worker thread
the call is queued to the UI thread. When the view is destroyed the listener unsubscribes, so a
model never calls into a deleted widget.

`run_in_background(work, on_done, on_error)` runs slow work (printing, later HTTP) on a worker
thread and reports back on the UI thread (aesthetics_anchors.md §4, Anki's `QueryOp`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

from hallui.observable import Observable

__all__ = ["BackgroundRunner", "ModelListener"]

log = logging.getLogger("onewindow.ui")

T = TypeVar("T")


class ModelListener(QObject):
    """Delivers model callbacks to `parent`'s slots on the UI thread.

    Signals:
        delivered: internal; carries (slot, args) across threads.
    """

    delivered = Signal(object)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._unsubscribers: list[Callable[[], None]] = []
        self.delivered.connect(self._deliver)
        unsubscribers = self._unsubscribers
        # A plain function, not a bound method: it runs while the C++ object is going away.
        self.destroyed.connect(lambda *_: _unsubscribe_all(unsubscribers))

    def listen(self, model: Observable, event: str, slot: Callable[..., None]) -> None:
        def forward(*args: Any) -> None:
            self.delivered.emit((slot, args))

        self._unsubscribers.append(model.subscribe(event, forward))

    def close(self) -> None:
        _unsubscribe_all(self._unsubscribers)

    @Slot(object)
    def _deliver(self, call: tuple[Callable[..., None], tuple[Any, ...]]) -> None:
        slot, args = call
        slot(*args)


def _unsubscribe_all(unsubscribers: list[Callable[[], None]]) -> None:
    while unsubscribers:
        unsubscribers.pop()()


class BackgroundRunner(QObject):
    """Runs work off the UI thread; its callbacks come back on the UI thread.

    One worker by default: the kiosk's slow work (the printer) must not run twice at once.

    Signals:
        finished: internal; carries the callback and the result to the UI thread.
    """

    finished = Signal(object)

    def __init__(self, parent: QObject | None = None, workers: int = 1) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ui-work")
        self._pending: set[Future[Any]] = set()
        self._lock = threading.Lock()
        self.finished.connect(self._finish)

    def run(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future[T]:
        future = self._pool.submit(work)
        with self._lock:
            self._pending.add(future)

        def report(done: Future[T]) -> None:
            with self._lock:
                self._pending.discard(done)
            self.finished.emit((done, on_done, on_error))

        future.add_done_callback(report)
        return future

    @property
    def busy(self) -> bool:
        with self._lock:
            return bool(self._pending)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    @Slot(object)
    def _finish(self, call: tuple[Future[Any], Callable[[Any], None], Any]) -> None:
        future, on_done, on_error = call
        if future.cancelled():
            return  # shut down before it ran: nobody is waiting for the answer
        error = future.exception()
        if error is None:
            on_done(future.result())
        elif on_error is not None:
            on_error(error)
        else:
            raise error
