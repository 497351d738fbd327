"""The dashboard's link to the server: the event feed through `SyncBridge` (its signals arrive on
the UI thread) and every HTTP read or write on a `BackgroundRunner` worker, never on the UI thread.

* A snapshot from the feed (the first connection, or after a gap) reloads today's tickets in the
  background; events that arrive meanwhile are kept and applied after the rows, so nothing is
  lost or counted twice (the model ignores a transition a ticket has already made).
* Each event goes to `LiveHall.apply` at once (event → screen without a round trip); a rating,
  a follow-up, a help call or a configuration change schedules a reload of that model a little
  later, so a burst of events costs one request.
* `GET /figures/live` (the server's estimate, targets, cases and help calls) is read at most every
  `figures_interval_ms`, after events; an older server without it is asked no more.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from hallui.qt_bridge import BackgroundRunner
from hallui.sync_bridge import SyncBridge
from manager.api import ManagerApi, ManagerApiError
from manager.model.figures import CasesBoard, apply_live_figures
from manager.model.live import LiveHall
from manager.model.ratings import RatingsBook
from server_sync import HallEvent, Snapshot

__all__ = ["DashboardController"]

log = logging.getLogger("onewindow.manager")

_RATING_KINDS = frozenset({"rating", "rating_follow_up"})


class DashboardController(QObject):
    """Signals:
    error(str): a read or write failed; the Chinese message to show.
    loaded(): today's rows are loaded (the first time and after each resync).
    """

    error = Signal(str)
    loaded = Signal()

    def __init__(
        self,
        api: ManagerApi,
        live: LiveHall,
        ratings: RatingsBook,
        bridge: SyncBridge,
        *,
        cases: CasesBoard | None = None,
        parent: QObject | None = None,
        figures_interval_ms: int = 2000,
        debounce_ms: int = 300,
    ) -> None:
        super().__init__(parent)
        self.api = api
        self.live = live
        self.ratings = ratings
        self.bridge = bridge
        self.cases = cases
        self.runner = BackgroundRunner(self, workers=2)
        self._loading = False
        self._buffer: list[HallEvent] = []
        self._figures_supported = True
        self.on_config_changed: Callable[[int | None], None] | None = None
        bridge.event_received.connect(self._on_event)
        bridge.snapshot_replaced.connect(self._on_snapshot)
        self._ratings_timer = self._single_shot(debounce_ms, self.reload_ratings)
        self._reload_timer = self._single_shot(debounce_ms, self._reload_rows)
        self._figures_timer = self._single_shot(figures_interval_ms, self.reload_figures)

    def _single_shot(self, ms: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        return timer

    def start(self) -> None:
        self.bridge.start()
        self.reload_ratings()
        self.reload_figures()

    def stop(self) -> None:
        for timer in (self._ratings_timer, self._reload_timer, self._figures_timer):
            timer.stop()
        self.bridge.stop()
        self.runner.shutdown()

    # --- the feed --------------------------------------------------------------------------

    def _on_snapshot(self, snapshot: Snapshot) -> None:
        self._reload_rows(snapshot.data)

    def _on_event(self, event: HallEvent) -> None:
        if self._loading:
            self._buffer.append(event)
            return
        self._apply(event)

    def _apply(self, event: HallEvent) -> None:
        self.live.apply(event.seq, event.kind, event.data)
        if event.kind in _RATING_KINDS:
            self._ratings_timer.start()
        elif event.kind == "help_call":
            data = event.data
            self.live.add_help_call(int(data["help_call_id"]), str(data.get("kiosk", "自助终端")))
        elif event.kind == "help_call_answered":
            self.live.answer_help_call(int(event.data["help_call_id"]))
        elif event.kind == "hall_config_changed" and self.on_config_changed is not None:
            version = event.data.get("version")
            self.on_config_changed(int(version) if version is not None else None)
        if self.live.needs_reload and not self._reload_timer.isActive():
            self._reload_timer.start()
        if self._figures_supported and not self._figures_timer.isActive():
            self._figures_timer.start()

    # --- background reads ------------------------------------------------------------------

    def _reload_rows(self, snapshot: dict[str, Any] | None = None) -> None:
        if self._loading:
            return
        self._loading = True
        api = self.api

        def work() -> tuple[dict[str, Any], list[dict[str, Any]]]:
            shot = snapshot if snapshot is not None else api.snapshot()
            return shot, api.tickets()

        self.runner.run(work, self._rows_loaded, self._rows_failed)

    def _rows_loaded(self, result: tuple[dict[str, Any], list[dict[str, Any]]]) -> None:
        shot, tickets = result
        seq = int(shot.get("seq", 0))
        self.live.load(tickets, list(shot.get("windows", [])), seq=seq)
        self._loading = False
        pending, self._buffer = self._buffer, []
        for event in pending:
            if event.seq > seq:
                self._apply(event)
        self.loaded.emit()

    def _rows_failed(self, error: BaseException) -> None:
        self._loading = False
        self._report(error)
        pending, self._buffer = self._buffer, []
        for event in pending:
            self._apply(event)

    def reload_ratings(self) -> None:
        """The ratings with their loops, and today's report for the groups by theme and clerk."""
        api = self.api
        today = self.live.now().astimezone(self.live.layout.time_zone).date()

        def work() -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
            rows = api.ratings(limit=1000)
            try:
                groups = api.report(today, today).get("ratings")
            except ManagerApiError:
                groups = None  # the distribution by window still shows, counted here
            return rows, groups

        self.runner.run(work, self._ratings_loaded, self._report)

    def _ratings_loaded(self, result: tuple[list[dict[str, Any]], dict[str, Any] | None]) -> None:
        rows, groups = result
        self.ratings.load(rows, groups)
        self.live.set_external_alerts("bad_rating", self.ratings.alerts())

    def reload_figures(self) -> None:
        if not self._figures_supported:
            return
        self.runner.run(self.api.figures_live, self._figures_loaded, self._figures_failed)

    def _figures_loaded(self, body: dict[str, Any]) -> None:
        apply_live_figures(self.live, body, self.cases)

    def _figures_failed(self, error: BaseException) -> None:
        if isinstance(error, ManagerApiError) and error.status == 404:
            log.info("the server has no live figures; the dashboard computes its own")
            self._figures_supported = False
            return
        self._report(error)

    def _report(self, error: BaseException) -> None:
        if isinstance(error, ManagerApiError):
            self.error.emit(error.error.message_zh)
        else:
            log.error("dashboard work failed", exc_info=error)
            self.error.emit("操作失败，请查看日志")

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run a screen's request in the background; a failure is shown as `error`, then
        `on_error` (if given) lets the screen undo its busy state."""

        def failed(error: BaseException) -> None:
            self._report(error)
            if on_error is not None:
                on_error(error)

        self.runner.run(work, on_done, failed)
