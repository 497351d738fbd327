"""The hall's configuration as a versioned document in the database.

`HallConfigDoc` is what a manager edits (queues, windows ↔ queues with weights, priority ratio,
caps and cut-off, opening hours, holiday overrides, targets and the 差评 follow-up deadline);
`build` turns it into hallcore's `HallConfig` plus the server's `HallSettings` (the parts
hallcore's queue does not read). Validation is hallcore's own: `HallConfig.__post_init__` stops
at its first problem, so `problems` builds the config part by part (each queue alone, each
window against the valid queues, the rules against a valid queue) to report every problem at
once, then the whole (the cross-part checks: duplicate prefixes, themes, window numbers).

The highest stored version is the one in force; `load_or_seed` runs at start (the first start
stores version 1 from the built-in sample hall), `save` stores a new version with its audit row
and event, and `apply` makes it live in this process: the next queue operation reads
`server.halls`, the next case clock `server.lifecycle`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hall_server import events as ev
from hall_server.models import ConfigAudit, HallConfigRow, TicketRow
from hallcore.case import Lifecycle
from hallcore.queue import HallConfig
from hallcore.queue.config import (
    AppointmentLimits,
    NoShowRule,
    PriorityRatio,
    QueueConfig,
    Serve,
    WindowConfig,
    WindowKind,
)
from hallcore.queue.config import Session as OpeningSession
from hallcore.queue.errors import ConfigError
from hallcore.workdays import CalendarError, HallDayOverride, WorkingCalendar

_HHMM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RatioDoc(_Doc):
    normal: int = Field(ge=0, le=100)
    priority: int = Field(ge=1, le=100)


class QueueDoc(_Doc):
    code: str = Field(min_length=1, max_length=32, pattern=r"^[a-z][a-z0-9_]*$")
    prefix: str = Field(min_length=1, max_length=3)
    name_zh: str = Field(min_length=1, max_length=50)
    name_en: str = Field(default="", max_length=100)
    themes: list[str] = Field(default=[], max_length=100)
    cap_am: int | None = Field(default=None, ge=0, le=100_000)
    cap_pm: int | None = Field(default=None, ge=0, le=100_000)
    fallback_service_seconds: float = Field(default=600.0, gt=0, le=86_400)
    target_wait_minutes: int | None = Field(default=None, ge=1, le=1440)
    target_length: int | None = Field(default=None, ge=1, le=10_000)


class ServeDoc(_Doc):
    queue: str = Field(min_length=1, max_length=32)
    weight: int = Field(default=1, ge=0, le=100)


class WindowDoc(_Doc):
    number: int = Field(ge=1, le=999)
    name_zh: str = Field(min_length=1, max_length=50)
    kind: Literal["comprehensive", "special"] = "comprehensive"
    serves: list[ServeDoc] = Field(min_length=1, max_length=50)
    priority_ratio: RatioDoc | None = None


class SessionDoc(_Doc):
    start: str = Field(pattern=_HHMM)
    end: str = Field(pattern=_HHMM)


class NoShowDoc(_Doc):
    requeue_after: int = Field(default=3, ge=0, le=100)
    max_requeues: int = Field(default=1, ge=0, le=100)


class HolidayDoc(_Doc):
    day: date
    working: bool
    reason: str = Field(min_length=1, max_length=100)


class TargetsDoc(_Doc):
    """The hall's thresholds: an alert when one is broken (a queue may override the first two)."""

    wait_minutes: int = Field(default=30, ge=1, le=1440)
    queue_length: int = Field(default=20, ge=1, le=10_000)
    service_minutes: int = Field(default=20, ge=1, le=1440)


class HallConfigDoc(_Doc):
    """The whole configuration of one hall, as stored and as edited (`version` is read-only:
    `PUT` names the version it replaces in `If-Match`)."""

    version: int = Field(default=0, ge=0, le=2**31 - 1)
    hall_id: str = Field(min_length=1, max_length=64)
    name_zh: str = Field(min_length=1, max_length=200)
    time_zone: str = Field(default="Asia/Shanghai", min_length=1, max_length=64)
    queues: list[QueueDoc] = Field(min_length=1, max_length=100)
    windows: list[WindowDoc] = Field(default=[], max_length=200)
    sessions: list[SessionDoc] = Field(min_length=1, max_length=6)
    priority_ratio: RatioDoc = RatioDoc(normal=2, priority=1)
    recall_limit: int = Field(default=2, ge=0, le=20)
    no_show: NoShowDoc = NoShowDoc()
    cut_off_minutes: int = Field(default=30, ge=0, le=600)
    appointment_early_minutes: int = Field(default=15, ge=0, le=600)
    appointment_late_minutes: int = Field(default=30, ge=0, le=600)
    holidays: list[HolidayDoc] = Field(default=[], max_length=1000)
    targets: TargetsDoc = TargetsDoc()
    follow_up_working_days: Literal[5, 15] = 5


@dataclass(frozen=True)
class HallSettings:
    """What the server reads from the document besides the queue's `HallConfig`."""

    version: int
    doc: HallConfigDoc
    calendar: WorkingCalendar

    def target_wait_seconds(self, queue: str) -> int:
        own = next((q.target_wait_minutes for q in self.doc.queues if q.code == queue), None)
        return 60 * (own or self.doc.targets.wait_minutes)

    def target_length(self, queue: str) -> int:
        own = next((q.target_length for q in self.doc.queues if q.code == queue), None)
        return own or self.doc.targets.queue_length

    @property
    def service_target_seconds(self) -> int:
        return 60 * self.doc.targets.service_minutes


@dataclass(frozen=True)
class Problem:
    path: str
    message_zh: str
    message_en: str


class InvalidConfig(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


# --- document ↔ hallcore -------------------------------------------------------------------


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def _ratio(doc: RatioDoc) -> PriorityRatio:
    return PriorityRatio(doc.normal, doc.priority)


def _queue(doc: QueueDoc) -> QueueConfig:
    return QueueConfig(
        doc.code,
        doc.prefix,
        doc.name_zh,
        doc.name_en,
        tuple(doc.themes),
        doc.cap_am,
        doc.cap_pm,
        doc.fallback_service_seconds,
    )


def _window(doc: WindowDoc) -> WindowConfig:
    return WindowConfig(
        doc.number,
        doc.name_zh,
        tuple(Serve(s.queue, s.weight) for s in doc.serves),
        WindowKind(doc.kind),
        _ratio(doc.priority_ratio) if doc.priority_ratio is not None else None,
    )


def _hall(
    doc: HallConfigDoc,
    queues: tuple[QueueConfig, ...] | None = None,
    windows: tuple[WindowConfig, ...] | None = None,
) -> HallConfig:
    return HallConfig(
        doc.hall_id,
        doc.name_zh,
        queues if queues is not None else tuple(_queue(q) for q in doc.queues),
        windows if windows is not None else tuple(_window(w) for w in doc.windows),
        sessions=tuple(OpeningSession(_clock(s.start), _clock(s.end)) for s in doc.sessions),
        time_zone=doc.time_zone,
        priority_ratio=_ratio(doc.priority_ratio),
        recall_limit=doc.recall_limit,
        no_show=NoShowRule(doc.no_show.requeue_after, doc.no_show.max_requeues),
        appointments=AppointmentLimits(
            timedelta(minutes=doc.appointment_early_minutes),
            timedelta(minutes=doc.appointment_late_minutes),
        ),
        cut_off=timedelta(minutes=doc.cut_off_minutes),
    )


def _part(
    doc: HallConfigDoc, queues: tuple[QueueConfig, ...], windows: tuple[WindowConfig, ...]
) -> HallConfig:
    """Queues and windows on hallcore's default rules, so their problems show apart from the
    rules' own."""
    return HallConfig(doc.hall_id, doc.name_zh, queues, windows)


def _letters(n: int) -> str:
    """A, B, …, Z, AA, AB, …: distinct valid ticket prefixes."""
    text = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def problems(doc: HallConfigDoc) -> list[Problem]:
    """Every problem hallcore finds in the document (empty: it builds)."""
    found: list[Problem] = []

    def attempt(path: str, check: Callable[[], object]) -> bool:
        try:
            check()
        except ConfigError as error:
            problem = Problem(path, error.message_zh, error.message_en)
            if all(p.message_en != problem.message_en for p in found):
                found.append(problem)
            return False
        return True

    valid_queues: list[QueueConfig] = []
    for i, q in enumerate(doc.queues):
        queue = _queue(q)
        if attempt(f"queues[{i}]", partial(_part, doc, (queue,), ())):
            valid_queues.append(queue)
    # The rules (zone, sessions, ratio, recall, no-show, cut-off) on one queue known to be good.
    probe = tuple(valid_queues[:1]) or (QueueConfig("probe", "P", "probe"),)
    attempt("", lambda: _hall(doc, probe, ()))
    if valid_queues:
        attempt("queues", lambda: _part(doc, tuple(valid_queues), ()))
        # Each window against the queues' codes alone (no prefixes or themes to clash).
        codes = tuple(QueueConfig(q.code, _letters(n), q.code) for n, q in enumerate(valid_queues))
        for i, w in enumerate(doc.windows):
            window = _window(w)
            attempt(f"windows[{i}]", partial(_part, doc, codes, (window,)))
    if not found:
        attempt("", lambda: _hall(doc))  # what only the whole shows (duplicate window numbers)
    try:
        _calendar(doc)
    except CalendarError as error:
        found.append(Problem("holidays", error.message_zh, error.message_en))
    return found


def _calendar(doc: HallConfigDoc) -> WorkingCalendar:
    return WorkingCalendar(
        overrides=[HallDayOverride(h.day, h.working, h.reason) for h in doc.holidays]
    )


def build(doc: HallConfigDoc) -> tuple[HallConfig, HallSettings]:
    """hallcore's config and the server's settings, or `InvalidConfig` with every problem."""
    found = problems(doc)
    if found:
        raise InvalidConfig(found)
    return _hall(doc), HallSettings(doc.version, doc, _calendar(doc))


def document_of(config: HallConfig) -> HallConfigDoc:
    """The document of a hallcore config (how the sample hall seeds version 1)."""
    return HallConfigDoc(
        version=1,
        hall_id=config.hall_id,
        name_zh=config.name_zh,
        time_zone=config.time_zone,
        queues=[
            QueueDoc(
                code=q.code,
                prefix=q.prefix,
                name_zh=q.name_zh,
                name_en=q.name_en,
                themes=list(q.themes),
                cap_am=q.cap_am,
                cap_pm=q.cap_pm,
                fallback_service_seconds=q.fallback_service_seconds,
            )
            for q in config.queues
        ],
        windows=[
            WindowDoc(
                number=w.number,
                name_zh=w.name_zh,
                kind=w.kind.value,
                serves=[ServeDoc(queue=s.queue, weight=s.weight) for s in w.serves],
                priority_ratio=(
                    RatioDoc(normal=w.priority_ratio.normal, priority=w.priority_ratio.priority)
                    if w.priority_ratio is not None
                    else None
                ),
            )
            for w in config.windows
        ],
        sessions=[
            SessionDoc(start=f"{s.start:%H:%M}", end=f"{s.end:%H:%M}") for s in config.sessions
        ],
        priority_ratio=RatioDoc(
            normal=config.priority_ratio.normal, priority=config.priority_ratio.priority
        ),
        recall_limit=config.recall_limit,
        no_show=NoShowDoc(
            requeue_after=config.no_show.requeue_after, max_requeues=config.no_show.max_requeues
        ),
        cut_off_minutes=int(config.cut_off.total_seconds() // 60),
        appointment_early_minutes=int(config.appointments.early.total_seconds() // 60),
        appointment_late_minutes=int(config.appointments.late.total_seconds() // 60),
    )


def changed_paths(before: HallConfigDoc, after: HallConfigDoc) -> list[str]:
    """The top-level parts that differ (queues and windows by code / number), for the audit."""
    changed: list[str] = []
    old, new = before.model_dump(exclude={"version"}), after.model_dump(exclude={"version"})
    for key in new:
        if old.get(key) == new[key]:
            continue
        if key == "queues":
            ids = {q["code"]: q for q in old[key]}, {q["code"]: q for q in new[key]}
        elif key == "windows":
            ids = {str(w["number"]): w for w in old[key]}, {str(w["number"]): w for w in new[key]}
        else:
            changed.append(key)
            continue
        for ident in sorted(set(ids[0]) | set(ids[1])):
            if ids[0].get(ident) != ids[1].get(ident):
                changed.append(f"{key}.{ident}")
        if not any(p.startswith(f"{key}.") for p in changed):
            changed.append(key)  # the same items, reordered
    return changed


# --- storage -------------------------------------------------------------------------------


def current(session: Session, hall_id: str) -> HallConfigDoc | None:
    row = session.scalar(
        select(HallConfigRow)
        .where(HallConfigRow.hall_id == hall_id)
        .order_by(HallConfigRow.version.desc())
        .limit(1)
    )
    if row is None:
        return None
    return HallConfigDoc.model_validate({**row.document, "version": row.version})


def latest_version(session: Session, hall_id: str) -> int:
    value = session.scalar(
        select(func.max(HallConfigRow.version)).where(HallConfigRow.hall_id == hall_id)
    )
    return int(value or 0)


def load_or_seed(
    session: Session, seed: HallConfig, now: datetime
) -> tuple[HallConfig, HallSettings]:
    """The hall's configuration in force; the first start stores `seed` as version 1."""
    doc = current(session, seed.hall_id)
    if doc is None:
        doc = document_of(seed)
        session.add(
            HallConfigRow(
                hall_id=seed.hall_id,
                version=1,
                document=doc.model_dump(mode="json", exclude={"version"}),
                actor="system",
                created_at=now,
            )
        )
        session.add(
            ConfigAudit(hall_id=seed.hall_id, version=1, actor="system", at=now, changed=["*"])
        )
        session.flush()
    try:
        return build(doc)
    except InvalidConfig as error:  # a stored version hallcore refuses: say which, refuse start
        first = error.problems[0]
        raise RuntimeError(
            f"大厅 {seed.hall_id} 第 {doc.version} 版配置无效：{first.message_zh} / "
            f"hall {seed.hall_id} configuration version {doc.version} is invalid: "
            f"{first.message_en}"
        ) from None


def save(
    session: Session, doc: HallConfigDoc, *, actor: str, now: datetime
) -> tuple[HallConfigDoc, list[str]]:
    """Store `doc` as the next version (the caller checked `If-Match` and validity under the
    hall's write lock), with its audit row and the `hall_config_changed` event."""
    before = current(session, doc.hall_id)
    version = (before.version if before is not None else 0) + 1
    stored = doc.model_copy(update={"version": version})
    changed = changed_paths(before, stored) if before is not None else ["*"]
    session.add(
        HallConfigRow(
            hall_id=doc.hall_id,
            version=version,
            document=stored.model_dump(mode="json", exclude={"version"}),
            actor=actor,
            created_at=now,
        )
    )
    session.add(
        ConfigAudit(hall_id=doc.hall_id, version=version, actor=actor, at=now, changed=changed)
    )
    session.flush()
    data = {"version": version, "changed": changed}
    ev.append(session, doc.hall_id, [ev.NewEvent("hall_config_changed", now, data)])
    return stored, changed


def queues_in_use(session: Session, config: HallConfig, now: datetime) -> set[str]:
    """The queues holding today's tickets that are not finished (booked, waiting, called,
    served, parked): the rules need their queue to exist, so it cannot be removed today."""
    open_states = ("booked", "waiting", "calling", "serving", "parked")
    rows = session.scalars(
        select(TicketRow.queue)
        .where(
            TicketRow.hall_id == config.hall_id,
            TicketRow.business_date == config.business_date(now),
            TicketRow.state.in_(open_states),
        )
        .distinct()
    )
    return set(rows)


def lifecycle_for(settings: HallSettings, template: Lifecycle) -> Lifecycle:
    """The case lifecycle on the hall's calendar (its holiday overrides), same fields and
    clock policy."""
    return Lifecycle(settings.calendar, template.fields, template.policy)
