"""The live hall, Qt-free: today's tickets and the windows, kept current from the event feed.

`LiveHall.load(tickets, windows)` starts from the server's rows (`GET /tickets`, the snapshot's
windows); `apply(kind, data)` then follows each event as the hall's rules move tickets and
windows (hallcore's `HallQueue`: a call makes the window *calling*, a start *serving*, a finish,
no-show, transfer or park frees it …), so the screen changes the moment the event arrives,
without asking the server. An event that does not say enough to follow it (about a ticket never
seen, or a transfer from an older server that does not name the new queue) sets
`needs_reload`; the controller then reloads the rows in the background.

The figures (per queue waiting, longest wait, estimated wait; per window state, current ticket,
served today; arrivals and waits by hour) are computed from this state on demand, and the
alerts against the targets (`Targets`) next to them. The server's own figures
(`GET /figures/live`), when it has them, override the estimate and the targets.

Times are the server's: `now` follows the latest event's instant (the server's clock may be
pinned in a test), moved on by the wall clock between events when `follow_wall_clock` is set.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from hallcore.queue import WindowState
from hallui.observable import Observable
from manager.model.layout import HallLayout

__all__ = [
    "Alert",
    "HourFigure",
    "LiveHall",
    "QueueFigure",
    "QueueTarget",
    "Targets",
    "TicketView",
    "WindowFigure",
]

ACTIVE = ("waiting", "calling", "serving", "parked")
#: Mean seconds per ticket before the day has finished any (the estimate needs a start).
DEFAULT_SERVICE_SECONDS = 120.0


@dataclass(frozen=True, slots=True)
class QueueTarget:
    longest_wait_minutes: float
    queue_length: int


@dataclass(frozen=True, slots=True)
class Targets:
    """The hall's targets (a queue may have its own); an alert fires when one is broken."""

    longest_wait_minutes: float = 30.0
    queue_length: int = 20
    service_minutes: float = 20.0
    queues: dict[str, QueueTarget] = field(default_factory=dict)

    def for_queue(self, code: str) -> QueueTarget:
        return self.queues.get(code) or QueueTarget(self.longest_wait_minutes, self.queue_length)


@dataclass(slots=True)
class TicketView:
    ticket_id: str
    number: str
    queue: str
    state: str
    taken_at: datetime
    theme: str | None = None
    window: int | None = None
    called_at: datetime | None = None
    first_called_at: datetime | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None


@dataclass(slots=True)
class WindowView:
    number: int
    state: str = "idle"
    ticket_number: str | None = None
    ticket_id: str | None = None
    since: datetime | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class QueueFigure:
    code: str
    name_zh: str
    waiting: int
    longest_wait_seconds: float
    estimated_wait_seconds: float | None  # None: no open window serves it


@dataclass(frozen=True, slots=True)
class WindowFigure:
    number: int
    name_zh: str
    state: str
    ticket_number: str | None
    served_today: int
    idle_while_waiting: bool
    busy_seconds: float  # how long the current ticket has been at this window


@dataclass(frozen=True, slots=True)
class HourFigure:
    hour: int
    arrivals: int
    mean_wait_seconds: float | None  # of the tickets taken in that hour that were called


@dataclass(frozen=True, slots=True)
class Alert:
    """`key` identifies the alert across refreshes (so a view can tell a new one)."""

    key: str
    kind: str  # longest_wait | queue_length | service_time | help_call | overdue_case | bad_rating
    severity: str  # warning | critical
    text_zh: str


def window_state_zh(state: str) -> str:
    """The state's Chinese label, hallcore's own (叫号中, 办理中 …)."""
    try:
        return WindowState(state).label_zh
    except ValueError:
        return state


def _parse_time(value: Any) -> datetime | None:
    if value is None:
        return None
    return datetime.fromisoformat(str(value))


@dataclass
class _ServiceMean:
    total: float = 0.0
    count: int = 0

    def add(self, seconds: float) -> None:
        self.total += seconds
        self.count += 1

    @property
    def mean(self) -> float | None:
        return self.total / self.count if self.count else None


class LiveHall(Observable):
    """Events:
    changed(): the tickets or windows moved (after `load` or an applied event).
    alerts_changed(list[Alert]): the set of alerts is different from before.
    """

    EVENTS = ("changed", "alerts_changed")

    def __init__(self, layout: HallLayout, *, follow_wall_clock: bool = True) -> None:
        super().__init__()
        self.layout = layout
        self.targets = Targets()
        self.follow_wall_clock = follow_wall_clock
        self.tickets: dict[str, TicketView] = {}
        self.windows: dict[int, WindowView] = {
            w.number: WindowView(w.number) for w in layout.windows
        }
        self.needs_reload = False
        self.last_seq = 0
        self._server_now: datetime | None = None
        self._server_now_mono = 0.0
        self._served: Counter[int] = Counter()
        self._service: dict[str, _ServiceMean] = {}
        #: Alerts that come from outside the queue: help calls, 差评, overdue cases.
        self.external_alerts: dict[str, Alert] = {}
        self.server_estimates: dict[str, float | None] = {}
        self._alerts: list[Alert] = []

    # --- time ------------------------------------------------------------------------------

    def note_time(self, at: datetime) -> None:
        if self._server_now is None or at >= self._server_now:
            self._server_now = at
            self._server_now_mono = time.monotonic()

    def now(self) -> datetime:
        if self._server_now is None:
            return datetime.now(self.layout.time_zone)
        if not self.follow_wall_clock:
            return self._server_now
        return self._server_now + timedelta(seconds=time.monotonic() - self._server_now_mono)

    # --- loading and events ----------------------------------------------------------------

    def load(
        self,
        tickets: list[dict[str, Any]],
        windows: list[dict[str, Any]],
        *,
        seq: int,
        server_now: datetime | None = None,
    ) -> None:
        """Replace everything with the server's rows (today's tickets, the snapshot's windows)."""
        self.tickets = {}
        self._served = Counter()
        self._service = {}
        for row in tickets:
            view = TicketView(
                ticket_id=str(row["ticket_id"]),
                number=str(row["number"]),
                queue=str(row["queue"]),
                state=str(row["state"]),
                taken_at=datetime.fromisoformat(str(row["taken_at"])),
                theme=row.get("theme"),
                window=row.get("window"),
                called_at=_parse_time(row.get("called_at")),
            )
            # The row's first call: a no-show's re-queue or a transfer clears `called_at`, and
            # a call after them is not when the wait ended (`hourly` counts take → first call).
            view.first_called_at = _parse_time(row.get("first_called_at")) or view.called_at
            self.tickets[view.ticket_id] = view
            if view.state == "done" and view.window is not None:
                self._served[view.window] += 1
            self.note_time(view.taken_at)
            if view.called_at is not None:
                self.note_time(view.called_at)
        self.windows = {w.number: WindowView(w.number) for w in self.layout.windows}
        for row in windows:
            number = int(row["number"])
            ticket_number = row.get("ticket_number")
            ticket_id = next(
                (t.ticket_id for t in self.tickets.values() if t.number == ticket_number), None
            )
            self.windows[number] = WindowView(
                number,
                str(row["state"]),
                ticket_number,
                ticket_id,
                _parse_time(row.get("since")),
                row.get("reason"),
            )
            since = self.windows[number].since
            if since is not None:
                self.note_time(since)  # a start, finish or pause is an event's instant too
        if server_now is not None:
            self.note_time(server_now)
        self.last_seq = seq
        self.needs_reload = False
        self._emit("changed")
        self.refresh_alerts()

    def apply(self, seq: int, kind: str, data: dict[str, Any]) -> None:
        """Follow one event of the feed (in sequence order)."""
        self.last_seq = seq
        at = _parse_time(data.get("at"))
        if at is not None:
            self.note_time(at)
        # Other kinds (ratings, help calls, configuration) go to their own models.
        if self._apply_queue_event(kind, data, at):
            self._emit("changed")
            self.refresh_alerts()

    def _apply_queue_event(self, kind: str, data: dict[str, Any], at: datetime | None) -> bool:
        ticket_id = data.get("ticket_id")
        number = data.get("number")
        window = data.get("window")
        when = at or self.now()
        if kind.startswith("window_"):
            if not isinstance(window, int):
                return False
            state = {
                "window_open": "idle",
                "window_resume": "idle",
                "window_pause": "paused",
                "window_close": "closed",
            }.get(kind)
            if state is None:
                return False
            self.windows[window] = WindowView(window, state, None, None, when, data.get("reason"))
            return True
        if not isinstance(ticket_id, str) or not isinstance(number, str):
            return False
        ticket = self.tickets.get(ticket_id)
        if kind in ("take", "check_in", "book"):
            if ticket is not None:
                # Made already (replayed onto reloaded rows, which may show the ticket called or
                # done since): only a booked ticket's check-in moves it on.
                if kind == "check_in" and ticket.state == "booked":
                    ticket.state = "waiting"
                    return True
                return False
            queue = self.layout.queue_of_number(number)
            if queue is None:
                self.needs_reload = True
                return False
            state = "booked" if kind == "book" else "waiting"
            self.tickets[ticket_id] = TicketView(ticket_id, number, queue, state, when)
            return True
        if ticket is None:
            self.needs_reload = True  # an event about a ticket we never saw: reload
            return False
        if ticket.state in ("done", "cancelled", "expired") or (
            kind == "finish" and ticket.ended_at is not None
        ):
            return False  # already final: an event replayed after a reload of the rows
        if kind in ("call", "call_specific", "recall", "resume"):
            ticket.state = "calling"
            ticket.window = window
            if kind != "recall" or ticket.called_at is None:
                ticket.called_at = when
            if ticket.first_called_at is None:
                ticket.first_called_at = when
            if isinstance(window, int):
                self.windows[window] = WindowView(window, "calling", number, ticket_id, when)
        elif kind == "start":
            ticket.state = "serving"
            ticket.started_at = when
            if isinstance(window, int):
                self.windows[window] = WindowView(window, "serving", number, ticket_id, when)
        elif kind == "finish":
            ticket.state = "done"
            ticket.ended_at = when
            if isinstance(window, int):
                self._served[window] += 1
                self._free(window, ticket_id, when)
            if ticket.called_at is not None:
                key = ticket.theme or ticket.queue
                self._service.setdefault(key, _ServiceMean()).add(
                    (when - ticket.called_at).total_seconds()
                )
                self._service.setdefault(ticket.queue, _ServiceMean())
                if key != ticket.queue:
                    self._service[ticket.queue].add((when - ticket.called_at).total_seconds())
        elif kind == "no_show":
            ticket.state = "no_show"
            if isinstance(window, int):
                self._free(window, ticket_id, when)
        elif kind == "requeue":
            ticket.state = "waiting"
            ticket.window = None
        elif kind == "park":
            ticket.state = "parked"
            if isinstance(window, int):
                self._free(window, ticket_id, when)
        elif kind == "transfer":
            ticket.state = "waiting"
            ticket.window = None
            if isinstance(window, int):
                self._free(window, ticket_id, when)
            # The server's event names the queue the ticket is in now; an older server's does
            # not, and the rows are reloaded to learn it.
            queue = data.get("queue")
            if isinstance(queue, str) and any(q.code == queue for q in self.layout.queues):
                ticket.queue = queue
            else:
                self.needs_reload = True
        elif kind in ("cancel", "expire", "carry_over"):
            old_state = ticket.state
            ticket.state = "cancelled" if kind == "cancel" else "expired"
            if old_state == "calling" and isinstance(ticket.window, int):
                self._free(ticket.window, ticket_id, when)
        else:
            return False
        return True

    def _free(self, window: int, ticket_id: str, when: datetime) -> None:
        current = self.windows.get(window)
        if current is not None and current.ticket_id == ticket_id:
            self.windows[window] = WindowView(window, "idle", None, None, when)

    # --- figures ---------------------------------------------------------------------------

    def waiting(self, queue: str) -> list[TicketView]:
        return [t for t in self.tickets.values() if t.queue == queue and t.state == "waiting"]

    def _waiting_by_queue(self) -> dict[str, list[TicketView]]:
        """Every queue's waiting tickets in one pass (the figures are asked on every event)."""
        result: dict[str, list[TicketView]] = {q.code: [] for q in self.layout.queues}
        for ticket in self.tickets.values():
            if ticket.state == "waiting":
                result.setdefault(ticket.queue, []).append(ticket)
        return result

    def mean_service_seconds(self, queue: str) -> float:
        stat = self._service.get(queue)
        mean = stat.mean if stat is not None else None
        return mean if mean is not None else DEFAULT_SERVICE_SECONDS

    def queue_figures(self) -> list[QueueFigure]:
        now = self.now()
        by_queue = self._waiting_by_queue()
        figures = []
        for queue in self.layout.queues:
            waiting = by_queue[queue.code]
            longest = max(((now - t.taken_at).total_seconds() for t in waiting), default=0.0)
            if queue.code in self.server_estimates:
                estimate = self.server_estimates[queue.code]
            else:
                estimate = self._estimate(queue.code, len(waiting))
            figures.append(
                QueueFigure(queue.code, queue.name_zh, len(waiting), max(0.0, longest), estimate)
            )
        return figures

    def _estimate(self, queue: str, waiting: int) -> float | None:
        """Work waiting ÷ the open windows that serve the queue (DESIGN §3's first-order
        figure; the server's estimate, when it sends one, replaces it)."""
        open_windows = [
            w
            for w in self.layout.windows_serving(queue)
            if self.windows[w.number].state not in ("paused", "closed")
        ]
        if not open_windows:
            return None
        if waiting == 0:
            return 0.0
        rounds = math.ceil(waiting / len(open_windows))
        return rounds * self.mean_service_seconds(queue)

    def window_figures(self) -> list[WindowFigure]:
        now = self.now()
        by_queue = self._waiting_by_queue()
        figures = []
        for info in self.layout.windows:
            view = self.windows[info.number]
            idle_while_waiting = view.state == "idle" and any(
                by_queue.get(q) for q, weight in info.serves.items() if weight > 0
            )
            busy = (
                (now - view.since).total_seconds()
                if view.state in ("calling", "serving") and view.since is not None
                else 0.0
            )
            figures.append(
                WindowFigure(
                    info.number,
                    info.name_zh,
                    view.state,
                    view.ticket_number,
                    self._served[info.number],
                    idle_while_waiting,
                    max(0.0, busy),
                )
            )
        return figures

    def hourly(self) -> list[HourFigure]:
        """Arrivals by local hour of the take, and the mean wait (take → first call) of the
        tickets taken in that hour that have been called."""
        zone = self.layout.time_zone
        arrivals: Counter[int] = Counter()
        waits: dict[int, list[float]] = {}
        for ticket in self.tickets.values():
            hour = ticket.taken_at.astimezone(zone).hour
            arrivals[hour] += 1
            if ticket.first_called_at is not None:
                waits.setdefault(hour, []).append(
                    (ticket.first_called_at - ticket.taken_at).total_seconds()
                )
        hours = sorted(set(arrivals) | set(range(8, 18)))
        return [
            HourFigure(h, arrivals[h], sum(waits[h]) / len(waits[h]) if waits.get(h) else None)
            for h in hours
        ]

    def served_today(self) -> int:
        return sum(self._served.values())

    # --- alerts ----------------------------------------------------------------------------

    def set_targets(self, targets: Targets) -> None:
        self.targets = targets
        self.refresh_alerts()

    def set_external_alerts(self, kind: str, alerts: list[Alert]) -> None:
        """Replace the alerts of one outside kind (help calls, 差评, overdue cases)."""
        self.external_alerts = {k: a for k, a in self.external_alerts.items() if a.kind != kind}
        self.external_alerts.update({a.key: a for a in alerts})
        self.refresh_alerts()

    def compute_alerts(self) -> list[Alert]:
        targets = self.targets
        alerts: list[Alert] = []
        for figure in self.queue_figures():
            minutes = figure.longest_wait_seconds / 60
            target = targets.for_queue(figure.code)
            if figure.waiting and minutes > target.longest_wait_minutes:
                alerts.append(
                    Alert(
                        f"longest_wait:{figure.code}",
                        "longest_wait",
                        "critical" if minutes > 2 * target.longest_wait_minutes else "warning",
                        f"{figure.name_zh}：最长等待 {minutes:.0f} 分钟，"
                        f"超过目标 {target.longest_wait_minutes:.0f} 分钟",
                    )
                )
            if figure.waiting > target.queue_length:
                alerts.append(
                    Alert(
                        f"queue_length:{figure.code}",
                        "queue_length",
                        "warning",
                        f"{figure.name_zh}：{figure.waiting} 人等待，"
                        f"超过目标 {target.queue_length} 人",
                    )
                )
        for window in self.window_figures():
            minutes = window.busy_seconds / 60
            if window.state == "serving" and minutes > targets.service_minutes:
                alerts.append(
                    Alert(
                        f"service_time:{window.number}",
                        "service_time",
                        "warning",
                        f"{window.name_zh}：{window.ticket_number}号已办理 {minutes:.0f} 分钟，"
                        f"超过目标 {targets.service_minutes:.0f} 分钟",
                    )
                )
        alerts.extend(self.external_alerts.values())
        return alerts

    def refresh_alerts(self) -> None:
        alerts = self.compute_alerts()
        if alerts != self._alerts:
            self._alerts = alerts
            self._emit("alerts_changed", list(alerts))

    def add_help_call(self, call_id: int, kiosk: str, reason: str | None = None) -> None:
        """呼叫帮办 from a kiosk: an alert until someone answers it (`help_call_answered`)."""
        key = f"help_call:{call_id}"
        text = f"{kiosk} 呼叫帮办" + (f"：{reason}" if reason else "")
        self.external_alerts[key] = Alert(key, "help_call", "critical", text)
        self.refresh_alerts()

    def answer_help_call(self, call_id: int) -> None:
        if self.external_alerts.pop(f"help_call:{call_id}", None) is not None:
            self.refresh_alerts()

    def set_help_calls(self, calls: list[tuple[int, str, str | None]]) -> None:
        """The open help calls as the server lists them (replaces those shown)."""
        self.external_alerts = {
            k: a for k, a in self.external_alerts.items() if a.kind != "help_call"
        }
        for call_id, kiosk, reason in calls:
            key = f"help_call:{call_id}"
            text = f"{kiosk} 呼叫帮办" + (f"：{reason}" if reason else "")
            self.external_alerts[key] = Alert(key, "help_call", "critical", text)
        self.refresh_alerts()

    @property
    def alerts(self) -> list[Alert]:
        return list(self._alerts)
