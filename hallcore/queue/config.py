"""The hall's queue configuration: queues, windows, opening hours, priority classes and rules.

Everything here is data the hall manager sets (DESIGN §3 "Queue"). It is checked when it is
built, so that a window serving a queue that does not exist is an error on the settings screen,
not a silent gap at 9 a.m. All times of day are local to the hall's business-day time zone
(`Asia/Shanghai` by default); instants passed in from outside must be timezone-aware.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from itertools import pairwise
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hallcore.queue.errors import ConfigError, ErrorCode, QueueError

_PREFIX = re.compile(r"[A-Z]{1,3}")


class WindowKind(StrEnum):
    """综合窗口 takes any theme it is given queues for; 专窗 serves one line of business."""

    COMPREHENSIVE = "comprehensive"
    SPECIAL = "special"


class HalfDay(StrEnum):
    """Caps on tickets are per queue per half-day (上午 / 下午), as vendors ship them."""

    AM = "am"
    PM = "pm"


@dataclass(frozen=True, slots=True)
class QueueConfig:
    """One queue: a ticket prefix and the themes whose tickets join it.

    `cap_am` / `cap_pm`: the most walk-in tickets issued in that half-day (None: no cap);
    appointment check-ins are not counted, their capacity was reserved when they were booked.
    `fallback_service_seconds`: the service time the wait estimate assumes for this queue's
    tickets before anything is learned and when no history exists.
    """

    code: str
    prefix: str
    name_zh: str
    name_en: str = ""
    themes: tuple[str, ...] = ()
    cap_am: int | None = None
    cap_pm: int | None = None
    fallback_service_seconds: float = 600.0


@dataclass(frozen=True, slots=True)
class Serve:
    """A window serves a queue with a weight.

    Among the queues a window serves, ordinary calls are shared in proportion to the weights
    (smooth weighted round robin, see `policy`). Weight 0 marks a fallback queue: served only
    when the window's weighted queues have nothing callable (平潭's PRIOR_BUSINESS_CODES).
    """

    queue: str
    weight: int = 1


@dataclass(frozen=True, slots=True)
class PriorityRatio:
    """Normal : priority calls per window when both wait, e.g. 2 : 1.

    `priority` consecutive priority calls at most, then `normal` normal calls are owed before
    the next priority call (when normal tickets wait). `normal` = 0 means strict priority.
    """

    normal: int = 2
    priority: int = 1


@dataclass(frozen=True, slots=True)
class WindowConfig:
    """A window (number, name, kind) and the queues it serves, in the order of `serves`."""

    number: int
    name_zh: str
    serves: tuple[Serve, ...]
    kind: WindowKind = WindowKind.COMPREHENSIVE
    priority_ratio: PriorityRatio | None = None
    # (index in `serves`, serve) split by weight, computed once: the policy asks on every call.
    main_serves: tuple[tuple[int, Serve], ...] = field(init=False, repr=False, compare=False)
    spare_serves: tuple[tuple[int, Serve], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        indexed = tuple(enumerate(self.serves))
        object.__setattr__(self, "main_serves", tuple(e for e in indexed if e[1].weight > 0))
        object.__setattr__(self, "spare_serves", tuple(e for e in indexed if e[1].weight == 0))

    def weight(self, queue: str) -> int | None:
        """The weight this window gives `queue`, or None when it does not serve it."""
        for serve in self.serves:
            if serve.queue == queue:
                return serve.weight
        return None


@dataclass(frozen=True, slots=True)
class PriorityClass:
    """A class of people served first, and the document that proves it.

    `green_channel`: 绿色通道 tickets are called before everything else and outside the ratio;
    `needs_staff`: the class is granted by staff (who need the permission), never self-declared.
    The class of a ticket is never shown on a board, a ticket or a voice call.
    """

    code: str
    name_zh: str
    name_en: str
    proof_zh: str
    proof_en: str
    green_channel: bool = False
    needs_staff: bool = False


DEFAULT_PRIORITY_CLASSES: tuple[PriorityClass, ...] = (
    PriorityClass(
        "elderly",
        "老年人",
        "senior citizen",
        "居民身份证（年满60周岁）或老年人优待证",
        "resident ID card (aged 60 or over) or senior citizen card",
    ),
    PriorityClass(
        "disabled",
        "残疾人",
        "person with a disability",
        "中华人民共和国残疾人证",
        "disability certificate of the PRC",
    ),
    PriorityClass(
        "military",
        "军人",
        "service member",
        "军官证、士兵证或退役军人优待证",
        "officer's or soldier's ID, or veteran's preferential card",
    ),
    PriorityClass(
        "pregnant",
        "孕妇",
        "pregnant woman",
        "母子健康手册或医院孕检证明",
        "maternal and child health handbook or a hospital pregnancy certificate",
    ),
    PriorityClass(
        "green",
        "绿色通道",
        "green channel",
        "大厅负责人批准（重点项目、急事急办）",
        "approval by the hall manager (key project, urgent matter)",
        green_channel=True,
        needs_staff=True,
    ),
)


@dataclass(frozen=True, slots=True)
class Session:
    """An opening session of the hall, local time, [start, end)."""

    start: time
    end: time

    @property
    def half_day(self) -> HalfDay:
        return HalfDay.AM if self.start < time(12) else HalfDay.PM


@dataclass(frozen=True, slots=True)
class NoShowRule:
    """A no-show re-queues behind the next `requeue_after` calls of its queue, at most
    `max_requeues` times; the next no-show after that is final (过号作废)."""

    requeue_after: int = 3
    max_requeues: int = 1


@dataclass(frozen=True, slots=True)
class AppointmentLimits:
    """An appointment ticket is callable from `early` before its slot starts; checking in later
    than `late` after the slot start lapses it into the ordinary lane (by check-in time)."""

    early: timedelta = timedelta(minutes=15)
    late: timedelta = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class HallConfig:
    """The queue configuration of one hall. Built once, checked once, shared read-only."""

    hall_id: str
    name_zh: str
    queues: tuple[QueueConfig, ...]
    windows: tuple[WindowConfig, ...]
    sessions: tuple[Session, ...] = (Session(time(9), time(12)), Session(time(13, 30), time(17)))
    time_zone: str = "Asia/Shanghai"
    priority_classes: tuple[PriorityClass, ...] = DEFAULT_PRIORITY_CLASSES
    priority_ratio: PriorityRatio = PriorityRatio()
    recall_limit: int = 2
    no_show: NoShowRule = NoShowRule()
    appointments: AppointmentLimits = AppointmentLimits()
    cut_off: timedelta = timedelta(minutes=30)
    keep_overnight: bool = False
    transfer_to_front: bool = False
    # Derived look-ups, filled in __post_init__ (the config is immutable, so they never go stale).
    _zone: ZoneInfo = field(init=False, repr=False, compare=False)
    _queues: dict[str, QueueConfig] = field(init=False, repr=False, compare=False)
    _by_prefix: dict[str, QueueConfig] = field(init=False, repr=False, compare=False)
    _by_theme: dict[str, QueueConfig] = field(init=False, repr=False, compare=False)
    _windows: dict[int, WindowConfig] = field(init=False, repr=False, compare=False)
    _serving: dict[str, tuple[WindowConfig, ...]] = field(init=False, repr=False, compare=False)
    _classes: dict[str, PriorityClass] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        try:
            zone = ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError(
                f"未知的时区：{self.time_zone}", f"unknown time zone: {self.time_zone}"
            ) from exc
        object.__setattr__(self, "_zone", zone)
        object.__setattr__(self, "_queues", self._check_queues())
        object.__setattr__(self, "_by_prefix", {q.prefix: q for q in self.queues})
        by_theme = {theme: q for q in self.queues for theme in q.themes}
        object.__setattr__(self, "_by_theme", by_theme)
        object.__setattr__(self, "_windows", self._check_windows())
        serving = {
            q.code: tuple(w for w in self.windows if w.weight(q.code) is not None)
            for q in self.queues
        }
        object.__setattr__(self, "_serving", serving)
        classes = {c.code: c for c in self.priority_classes}
        _require(
            len(classes) == len(self.priority_classes),
            "优先类别代码重复",
            "duplicate priority class codes",
        )
        object.__setattr__(self, "_classes", classes)
        self._check_rules()

    # --- checks --------------------------------------------------------------------------

    def _check_queues(self) -> dict[str, QueueConfig]:
        queues: dict[str, QueueConfig] = {}
        prefixes: set[str] = set()
        themes: set[str] = set()
        for q in self.queues:
            _require(q.code not in queues, f"队列代码重复：{q.code}", f"duplicate queue {q.code}")
            _require(
                _PREFIX.fullmatch(q.prefix) is not None,
                f"队列 {q.code} 的号码前缀须为1至3个大写字母：{q.prefix!r}",
                f"queue {q.code}: the prefix must be 1 to 3 capital letters, not {q.prefix!r}",
            )
            _require(
                q.prefix not in prefixes,
                f"号码前缀重复：{q.prefix}",
                f"duplicate ticket prefix {q.prefix}",
            )
            for theme in q.themes:
                _require(
                    theme not in themes,
                    f"主题 {theme} 分配给了多个队列",
                    f"theme {theme} is in more than one queue",
                )
                themes.add(theme)
            for cap in (q.cap_am, q.cap_pm):
                _require(
                    cap is None or cap >= 0,
                    f"队列 {q.code} 的限号不能为负数",
                    f"queue {q.code}: a cap cannot be negative",
                )
            _require(
                q.fallback_service_seconds > 0,
                f"队列 {q.code} 的默认办理时长须大于0",
                f"queue {q.code}: the fallback service time must be positive",
            )
            queues[q.code] = q
            prefixes.add(q.prefix)
        _require(bool(queues), "至少需要一个队列", "at least one queue is needed")
        return queues

    def _check_windows(self) -> dict[int, WindowConfig]:
        windows: dict[int, WindowConfig] = {}
        for w in self.windows:
            _require(
                w.number not in windows,
                f"窗口号重复：{w.number}",
                f"duplicate window number {w.number}",
            )
            seen: set[str] = set()
            for serve in w.serves:
                _require(
                    serve.queue in self._queues,
                    f"{w.number}号窗口办理的队列不存在：{serve.queue}",
                    f"window {w.number} serves an unknown queue {serve.queue}",
                )
                _require(
                    serve.queue not in seen,
                    f"{w.number}号窗口重复配置了队列 {serve.queue}",
                    f"window {w.number} lists queue {serve.queue} twice",
                )
                _require(
                    serve.weight >= 0,
                    f"{w.number}号窗口的队列权重不能为负数",
                    f"window {w.number}: a queue weight cannot be negative",
                )
                seen.add(serve.queue)
            _require(
                any(s.weight > 0 for s in w.serves),
                f"{w.number}号窗口至少要有一个权重大于0的队列",
                f"window {w.number} needs at least one queue with a weight above 0",
            )
            if w.priority_ratio is not None:
                _check_ratio(w.priority_ratio)
            windows[w.number] = w
        return windows

    def _check_rules(self) -> None:
        _check_ratio(self.priority_ratio)
        _require(
            self.recall_limit >= 0, "重呼次数上限不能为负数", "the recall limit cannot be negative"
        )
        _require(
            self.no_show.requeue_after >= 0 and self.no_show.max_requeues >= 0,
            "过号顺延规则不能为负数",
            "the no-show re-queue rule cannot be negative",
        )
        _require(
            self.appointments.early >= timedelta(0) and self.appointments.late >= timedelta(0),
            "预约提前/迟到时限不能为负数",
            "appointment early/late limits cannot be negative",
        )
        _require(
            self.cut_off >= timedelta(0), "取号截止时间不能为负数", "the cut-off cannot be negative"
        )
        ordered = sorted(self.sessions, key=lambda s: s.start)
        for s in ordered:
            _require(
                s.start < s.end,
                f"营业时段 {s.start}–{s.end} 的开始须早于结束",
                f"opening session {s.start}–{s.end} must start before it ends",
            )
        for before, after in pairwise(ordered):
            _require(
                before.end <= after.start,
                "营业时段不能重叠",
                "opening sessions overlap",
            )

    # --- look-ups ------------------------------------------------------------------------

    @property
    def zone(self) -> ZoneInfo:
        return self._zone

    def queue(self, code: str) -> QueueConfig:
        try:
            return self._queues[code]
        except KeyError:
            raise QueueError(
                ErrorCode.UNKNOWN_QUEUE, f"没有这个队列：{code}", f"no such queue: {code}"
            ) from None

    def has_queue(self, code: str) -> bool:
        return code in self._queues

    def queue_for_prefix(self, prefix: str) -> QueueConfig | None:
        return self._by_prefix.get(prefix)

    def queue_for_theme(self, theme: str) -> QueueConfig:
        try:
            return self._by_theme[theme]
        except KeyError:
            raise QueueError(
                ErrorCode.UNKNOWN_QUEUE,
                "您选择的业务暂无对应办事窗口，请前往人工导引台咨询！",
                f"no queue takes theme {theme}; please ask at the help desk",
            ) from None

    def window(self, number: int) -> WindowConfig:
        try:
            return self._windows[number]
        except KeyError:
            raise QueueError(
                ErrorCode.UNKNOWN_WINDOW, f"没有{number}号窗口", f"no window {number}"
            ) from None

    def windows_serving(self, queue: str) -> tuple[WindowConfig, ...]:
        """The windows that serve `queue` (any weight, fallback included), in config order."""
        return self._serving.get(queue, ())

    def priority_class(self, code: str) -> PriorityClass:
        try:
            return self._classes[code]
        except KeyError:
            raise QueueError(
                ErrorCode.UNKNOWN_PRIORITY,
                f"没有这个优先类别：{code}",
                f"no such priority class: {code}",
            ) from None

    def is_green(self, priority: str | None) -> bool:
        return priority is not None and self.priority_class(priority).green_channel

    def ratio_for(self, window: WindowConfig) -> PriorityRatio:
        return window.priority_ratio or self.priority_ratio

    # --- time ----------------------------------------------------------------------------

    def local(self, at: datetime) -> datetime:
        """`at` in the hall's zone. Naive datetimes are refused: their day is a guess."""
        if at.tzinfo is None or at.utcoffset() is None:
            raise QueueError(
                ErrorCode.NAIVE_TIME,
                "时间缺少时区信息",
                f"time {at.isoformat()} has no time zone",
            )
        return at.astimezone(self._zone)

    def business_date(self, at: datetime) -> date:
        """The business date of an instant, in the hall's time zone (not the server's, not UTC:
        The Q numbered tickets wrong after 5 p.m. for that reason)."""
        return self.local(at).date()

    def at_local(self, day: date, clock: time) -> datetime:
        """The instant of a local time of day on a business date."""
        return datetime.combine(day, clock, tzinfo=self._zone)

    def session_at(self, at: datetime) -> Session | None:
        clock = self.local(at).time()
        for s in self.sessions:
            if s.start <= clock < s.end:
                return s
        return None

    def half_day(self, at: datetime) -> HalfDay:
        return HalfDay.AM if self.local(at).time() < time(12) else HalfDay.PM

    def closing(self, day: date) -> datetime:
        """When the last session of `day` ends."""
        last = max(self.sessions, key=lambda s: s.end)
        return self.at_local(day, last.end)

    def issuing_seconds(self, start: datetime, end: datetime) -> float:
        """How many seconds of [start, end) tickets can be taken in (sessions up to their
        cut-off): the wait estimate expects no new arrivals outside them."""
        first, last = self.local(start), self.local(end)
        total = 0.0
        day = first.date()
        while day <= last.date():
            for session in self.sessions:
                opens = datetime.combine(day, session.start, tzinfo=self._zone)
                stops = datetime.combine(day, session.end, tzinfo=self._zone) - self.cut_off
                overlap = (min(stops, last) - max(opens, first)).total_seconds()
                total += max(overlap, 0.0)
            day += timedelta(days=1)
        return total

    def check_issuing(self, at: datetime) -> Session:
        """The session a walk-in ticket taken at `at` belongs to, or the refusal."""
        session = self.session_at(at)
        if session is None:
            hours = "，".join(f"{s.start:%H:%M}–{s.end:%H:%M}" for s in self.sessions)
            hours_en = ", ".join(f"{s.start:%H:%M}-{s.end:%H:%M}" for s in self.sessions)
            raise QueueError(
                ErrorCode.HALL_CLOSED,
                f"不在取号时间内（{hours}）",
                f"tickets are issued only during opening hours ({hours_en})",
            )
        local = self.local(at)
        stop = datetime.combine(local.date(), session.end, tzinfo=self._zone) - self.cut_off
        if local >= stop:
            half = "上午" if session.half_day is HalfDay.AM else "下午"
            raise QueueError(
                ErrorCode.CUT_OFF,
                f"{half}取号已截止（截止时间 {stop:%H:%M}）",
                f"ticket issuing for this session closed at {stop:%H:%M}",
            )
        return session


def _check_ratio(ratio: PriorityRatio) -> None:
    _require(
        ratio.normal >= 0 and ratio.priority >= 1,
        "优先比例须为「普通≥0 : 优先≥1」",
        "the priority ratio must be normal >= 0 : priority >= 1",
    )


def _require(condition: bool, message_zh: str, message_en: str) -> None:
    if not condition:
        raise ConfigError(message_zh, message_en)
