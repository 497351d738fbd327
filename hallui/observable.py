"""A plain-Python observable for models: named events, callbacks, no Qt.

Models (the kiosk session, the question flow …) subclass `Observable` and call `_emit(event,
*args)` when they change; views subscribe through `hallui.qt_bridge.ModelListener`, which delivers
the callbacks on the UI thread and unsubscribes when the view is destroyed. A model never knows its
views (aesthetics_anchors.md §2, napari's `Dims` and `QtDims`).

This module imports no Qt, so a model stays testable and usable without a display.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["Callback", "Observable"]

log = logging.getLogger("onewindow.model")

Callback = Callable[..., None]


class Observable:
    """Named events with subscribers. Subclasses declare their events in `EVENTS`.

    Subscribing to an event the class does not declare is a `KeyError`, so a misspelt name
    fails at once instead of never firing.
    """

    EVENTS: tuple[str, ...] = ()

    def __init__(self) -> None:
        self._subscribers: dict[str, list[Callback]] = {name: [] for name in self.EVENTS}
        self._lock = threading.Lock()

    def subscribe(self, event: str, callback: Callback) -> Callable[[], None]:
        """Call `callback(*args)` on every `event`; returns the function that unsubscribes."""
        if event not in self._subscribers:
            raise KeyError(f"{type(self).__name__} has no event {event!r}")
        with self._lock:
            self._subscribers[event].append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._subscribers[event]:
                    self._subscribers[event].remove(callback)

        return unsubscribe

    def subscriber_count(self, event: str) -> int:
        return len(self._subscribers[event])

    def _emit(self, event: str, *args: Any) -> None:
        with self._lock:
            callbacks = list(self._subscribers[event])
        for callback in callbacks:
            callback(*args)
