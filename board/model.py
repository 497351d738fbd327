"""The board's model, Qt-free: what the hall TV shows, built from the snapshot and kept by events.

`BoardModel` holds the current call at every window, the last ten calls (newest first), and the
waiting count per queue. `replace(snapshot)` rebuilds everything from `GET /snapshot` (after a
gap, or the first time); `apply(kind, data)` folds in one event of the feed. A call, a recall or
a 回呼 emits ``called`` with a `Call`; the call is ``fresh`` only when it happened at most
`max_age_seconds` ago, so the announcer can stay silent for a catch-up after the network came
back (nobody wants the whole morning replayed after a hiccup).

Privacy (hall_domain.md §5.1): the board shows ticket numbers and windows only. Every record
that reaches the model is cut down to a number, a window, a queue code and a time; an actor, a
reason (free text a clerk typed, which may contain a name) or anything else is dropped on entry,
and a number that does not look like a ticket number is refused.

Events (subscribe through `hallui.qt_bridge.ModelListener`):
    replaced(): the whole board changed (a snapshot, or the hall's queues became known).
    changed(): windows, recent calls or waiting counts changed.
    called(Call): someone is called to a window (a call, a recall, a 回呼 of a parked ticket).
    online(bool): the board reached the server or lost it.
"""

from __future__ import annotations

import logging
import re
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from hallui.observable import Observable

__all__ = [
    "RECENT_CALLS",
    "BoardModel",
    "Call",
    "QueueInfo",
    "ServerTimeEstimate",
    "WindowInfo",
    "WindowShows",
    "announcement_text",
    "clean_record",
    "spoken_cardinal",
    "spoken_digits",
    "spoken_text",
]

log = logging.getLogger("onewindow.board")

#: How many calls the board lists (Novo SGA's panel shows the last ten too).
RECENT_CALLS = 10

_NUMBER = re.compile(r"^[A-Z]{0,3}[0-9]{1,5}$")
_QUEUE = re.compile(r"^[a-z0-9_\-]{1,32}$")
_PREFIX = re.compile(r"^[A-Z]{0,3}")


class WindowShows(StrEnum):
    """What a window's tile says: nothing, a call, a service under way, a pause, closed."""

    IDLE = "idle"
    CALLING = "calling"
    SERVING = "serving"
    PAUSED = "paused"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class WindowInfo:
    number: int
    name_zh: str
    shows: WindowShows = WindowShows.IDLE
    ticket_number: str | None = None


@dataclass(frozen=True, slots=True)
class QueueInfo:
    code: str
    prefix: str
    name_zh: str


@dataclass(frozen=True, slots=True)
class Call:
    """One call as the board shows it. `recall` for 重呼; `fresh` when it is worth announcing."""

    number: str
    window: int
    at: datetime | None
    recall: bool = False
    fresh: bool = True
    seq: int | None = None


def _number(value: Any) -> str | None:
    if isinstance(value, str) and _NUMBER.match(value.strip().upper()):
        return value.strip().upper()
    return None


def _window(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 999:
        return value
    return None


def _queue(value: Any) -> str | None:
    if isinstance(value, str) and _QUEUE.match(value):
        return value
    return None


def _time(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else None
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
        return parsed if parsed.tzinfo is not None else None
    return None


def clean_record(data: Mapping[str, Any]) -> dict[str, Any]:
    """Only what a board may show: ``number``, ``window``, ``queue``, ``at``, ``seq``, each
    validated; everything else (actor, reason, ticket ids, names …) is dropped."""
    cleaned: dict[str, Any] = {}
    if (number := _number(data.get("number"))) is not None:
        cleaned["number"] = number
    if (window := _window(data.get("window"))) is not None:
        cleaned["window"] = window
    if (queue := _queue(data.get("queue"))) is not None:
        cleaned["queue"] = queue
    if (at := _time(data.get("at"))) is not None:
        cleaned["at"] = at
    seq = data.get("seq")
    if isinstance(seq, int) and not isinstance(seq, bool):
        cleaned["seq"] = seq
    return cleaned


class ServerTimeEstimate:
    """The server's clock as seen from here, learnt from the times events carry.

    The board's own wall clock may be off (or, in the tests, years away from a pinned server
    clock), so the server's time is estimated from what it sends: the newest known server time
    advanced by the monotonic time since it arrived. Events that arrive late (a catch-up) only
    push the estimate back, never forward, so the freshest event wins. Before the first time
    is known every event counts as fresh: better one announcement too many than a call missed.
    """

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._offset: float | None = None  # server epoch seconds minus monotonic seconds

    def note(self, server_time: datetime) -> None:
        offset = server_time.timestamp() - self._monotonic()
        if self._offset is None or offset > self._offset:
            self._offset = offset

    def age(self, server_time: datetime) -> float | None:
        """Seconds since `server_time` by the server's clock (None: not known yet)."""
        if self._offset is None:
            return None
        return self._monotonic() + self._offset - server_time.timestamp()


# Event kinds of hallcore.queue.hall.EventKind, grouped by what they do to the board.
_CALLS = frozenset({"call", "call_specific", "resume"})
_BACK_TO_WAITING = frozenset({"take", "check_in", "requeue", "carry_over", "transfer"})
_LEAVE_WINDOW = frozenset(
    {"finish", "no_show", "transfer", "park", "cancel", "expire", "carry_over"}
)
_GONE = frozenset({"finish", "no_show", "park", "cancel", "expire"})
_WINDOW_STATES = {
    "window_open": WindowShows.IDLE,
    "window_resume": WindowShows.IDLE,
    "window_pause": WindowShows.PAUSED,
    "window_close": WindowShows.CLOSED,
}
_SNAPSHOT_STATES = {
    "idle": WindowShows.IDLE,
    "calling": WindowShows.CALLING,
    "serving": WindowShows.SERVING,
    "paused": WindowShows.PAUSED,
    "closed": WindowShows.CLOSED,
}


class BoardModel(Observable):
    EVENTS = ("replaced", "changed", "called", "online")

    def __init__(
        self,
        *,
        max_age_seconds: float = 60.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.max_age_seconds = max_age_seconds
        self.clock = ServerTimeEstimate(monotonic)
        self.hall_name = ""
        self.seq = -1
        self.synced = False  # a snapshot has been applied
        self.online: bool | None = None  # None: not known yet (connecting)
        self._queues: list[QueueInfo] = []
        self._windows: dict[int, WindowInfo] = {}
        self._recent: deque[Call] = deque(maxlen=RECENT_CALLS)
        self._waiting: dict[str, str | None] = {}  # number -> queue code (None: unknown)

    # --- reading -------------------------------------------------------------------------

    @property
    def windows(self) -> list[WindowInfo]:
        return [self._windows[n] for n in sorted(self._windows)]

    def window(self, number: int) -> WindowInfo | None:
        return self._windows.get(number)

    @property
    def recent(self) -> list[Call]:
        """The last calls, newest first; a recall moves its number back to the top."""
        return list(self._recent)

    @property
    def newest(self) -> Call | None:
        return self._recent[0] if self._recent else None

    @property
    def queues(self) -> list[QueueInfo]:
        return list(self._queues)

    def waiting_counts(self) -> list[tuple[QueueInfo, int]]:
        """(queue, waiting) for every queue of the hall, in the hall's order; numbers whose
        queue is unknown are counted under their prefix."""
        counts: dict[str, int] = {}
        for number, queue in self._waiting.items():
            code = queue or self._queue_by_prefix(number)
            counts[code] = counts.get(code, 0) + 1
        known = [(q, counts.pop(q.code, 0)) for q in self._queues]
        unknown = [(QueueInfo(code, code, code), n) for code, n in sorted(counts.items())]
        return known + unknown

    @property
    def waiting_total(self) -> int:
        return len(self._waiting)

    def _queue_by_prefix(self, number: str) -> str:
        prefix = _PREFIX.match(number)
        letters = prefix.group(0) if prefix else ""
        for queue in self._queues:
            if queue.prefix == letters:
                return queue.code
        return letters or "?"

    def set_online(self, online: bool) -> None:
        if online != self.online:
            self.online = online
            self._emit("online", online)

    # --- the hall ------------------------------------------------------------------------

    def set_hall(self, hall: Mapping[str, Any]) -> None:
        """The hall's name, queues and windows from `GET /hall` (names of places, not people)."""
        name = hall.get("name_zh")
        self.hall_name = name.strip()[:40] if isinstance(name, str) else ""
        queues = []
        for item in hall.get("queues") or ():
            if not isinstance(item, Mapping):
                continue
            code, prefix, queue_name = item.get("code"), item.get("prefix"), item.get("name_zh")
            if _queue(code) and isinstance(prefix, str) and isinstance(queue_name, str):
                queues.append(QueueInfo(str(code), prefix.strip().upper()[:3], queue_name[:12]))
        self._queues = queues
        for item in hall.get("windows") or ():
            if isinstance(item, Mapping):
                self._put_window_name(item.get("number"), item.get("name_zh"))
        self._emit("replaced")

    def _put_window_name(self, number: Any, name: Any) -> None:
        window = _window(number)
        if window is None:
            return
        label = name.strip()[:16] if isinstance(name, str) and name.strip() else f"{window}号窗口"
        old = self._windows.get(window)
        self._windows[window] = (
            WindowInfo(window, label, old.shows, old.ticket_number)
            if old is not None
            else WindowInfo(window, label)
        )

    # --- the snapshot --------------------------------------------------------------------

    def replace(self, snapshot: Mapping[str, Any]) -> None:
        """Everything from `GET /snapshot`: replaced wholesale, never merged, never announced."""
        seq = snapshot.get("seq")
        self.seq = seq if isinstance(seq, int) else -1
        names = {w.number: w.name_zh for w in self._windows.values()}
        # The hall's windows stay on the board (idle) even if a snapshot leaves one out.
        self._windows = {n: WindowInfo(n, name) for n, name in names.items()}
        self._recent.clear()
        self._waiting = {}
        current: list[Call] = []
        for item in snapshot.get("windows") or ():
            if not isinstance(item, Mapping):
                continue
            window = _window(item.get("number"))
            if window is None:
                continue
            self._put_window_name(window, item.get("name_zh") or names.get(window))
            shows = _SNAPSHOT_STATES.get(str(item.get("state")), WindowShows.IDLE)
            number = _number(item.get("ticket_number"))
            if shows not in (WindowShows.CALLING, WindowShows.SERVING) or number is None:
                number = None
                if shows in (WindowShows.CALLING, WindowShows.SERVING):
                    shows = WindowShows.IDLE
            self._set_window(window, shows, number)
            since = _time(item.get("since"))
            if since is not None:
                self.clock.note(since)
            if number is not None:
                current.append(Call(number, window, since, fresh=False))
        # The calls still on the windows are the best guess at the recent list after a resync.
        for call in sorted(current, key=lambda c: c.at.timestamp() if c.at else 0.0):
            self._recent.appendleft(call)
        for item in snapshot.get("tickets") or ():
            if isinstance(item, Mapping) and item.get("state") == "waiting":
                number = _number(item.get("number"))
                if number is not None:
                    self._waiting[number] = _queue(item.get("queue"))
        self.synced = True
        self._emit("replaced")

    # --- events --------------------------------------------------------------------------

    def apply(self, kind: str, data: Mapping[str, Any], seq: int | None = None) -> Call | None:
        """Fold one feed event in; returns the call when it was one (also emitted)."""
        record = clean_record(data)
        if seq is not None:
            self.seq = seq
            record.setdefault("seq", seq)
        at: datetime | None = record.get("at")
        if at is not None:
            self.clock.note(at)
        number: str | None = record.get("number")
        window: int | None = record.get("window")
        call: Call | None = None
        if kind in _WINDOW_STATES:
            if window is not None:
                self._set_window(window, _WINDOW_STATES[kind], None)
        elif number is None:
            log.debug("event %s without a usable number ignored", kind)
            return None
        elif kind in _CALLS or kind == "recall":
            self._waiting.pop(number, None)
            if window is not None:
                self._set_window(window, WindowShows.CALLING, number)
                call = Call(number, window, at, recall=kind == "recall", fresh=self._fresh(at),
                            seq=record.get("seq"))  # fmt: skip
                self._remember(call)
        elif kind == "start":
            if window is not None:
                self._set_window(window, WindowShows.SERVING, number)
        else:
            if kind in _LEAVE_WINDOW and window is not None:
                self._clear_window(window, number)
            if kind in _BACK_TO_WAITING:
                self._waiting[number] = record.get("queue") or self._waiting.get(number)
            elif kind in _GONE:
                self._waiting.pop(number, None)
        self._emit("changed")
        if call is not None:
            self._emit("called", call)
        return call

    def _fresh(self, at: datetime | None) -> bool:
        if at is None:
            return True
        age = self.clock.age(at)
        return age is None or age <= self.max_age_seconds

    def _remember(self, call: Call) -> None:
        for old in list(self._recent):
            if old.number == call.number:
                self._recent.remove(old)
        self._recent.appendleft(call)

    def _set_window(self, window: int, shows: WindowShows, number: str | None) -> None:
        old = self._windows.get(window)
        name = old.name_zh if old is not None else f"{window}号窗口"
        self._windows[window] = WindowInfo(window, name, shows, number)

    def _clear_window(self, window: int, number: str) -> None:
        old = self._windows.get(window)
        if old is not None and old.ticket_number in (number, None):
            shows = (
                old.shows
                if old.shows in (WindowShows.PAUSED, WindowShows.CLOSED)
                else (WindowShows.IDLE)
            )
            self._set_window(window, shows, None)


def announcement_text(call: Call) -> str:
    """What the board shows for a call: "请A012号到3号窗口办理"."""
    return f"请{call.number}号到{call.window}号窗口办理"


def spoken_digits(number: str) -> str:
    """A ticket number read digit by digit, as halls do: "A012" → "A零一二"."""
    return "".join(_DIGITS[int(c)] if c.isdigit() else c for c in number)


def spoken_cardinal(value: int) -> str:
    """A window number read as a number: 3 → "三", 12 → "十二", 105 → "一百零五"."""
    if not 0 < value < 1000:
        return str(value)
    hundreds, rest = divmod(value, 100)
    tens, ones = divmod(rest, 10)
    parts = []
    if hundreds:
        parts.append(_DIGITS[hundreds] + "百")
        if tens == 0 and ones:
            parts.append("零")
    if tens:
        parts.append(("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十")
    if ones:
        parts.append(_DIGITS[ones])
    return "".join(parts)


_DIGITS = "零一二三四五六七八九"


def spoken_text(call: Call, repeats: int = 2) -> str:
    """What the voice says: "请A零一二号到三号窗口办理", `repeats` times in one utterance (so a
    recall still reads as one announcement, and nothing can slip between the two)."""
    sentence = f"请{spoken_digits(call.number)}号到{spoken_cardinal(call.window)}号窗口办理"
    return "。".join([sentence] * max(1, repeats)) + "。"
