"""Live figures for the manager's dashboard (`GET /figures/live`), from one read transaction.

The queue part restores today's queue the way the rules see it (`QueueService.view`) and asks
hallcore's estimator for each queue's wait (`estimate_new` on the service times learned from
today's finished tickets). The case part replays each case in progress from its audit log
(`CaseService.replay`, hallcore's `Lifecycle`) and reads its clocks — the notice deadline
(deemed acceptance, 5 working days after receipt) and the promised due date — on the hall's
working calendar; nothing here counts days itself. Targets come from the hall's stored
configuration (`HallSettings`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from hall_server.cases import CaseService
from hall_server.help_calls import HelpCallOut
from hall_server.help_calls import listing as help_call_listing
from hall_server.help_calls import out as help_call_out
from hall_server.models import CaseRow, Hall, RatingLoop, TicketRow
from hall_server.queue_service import QueueService, to_ticket
from hall_server.rating_loops import LoopOut, loop_out
from hall_server.state import ServerState
from hallcore.case import CaseFile, CaseState, Lifecycle
from hallcore.queue import Ticket, TicketState, WindowState
from hallcore.queue.estimate import ServiceTimes, estimate_new
from hallcore.workdays import CalendarError, WorkingCalendar

AlertKind = Literal[
    "longest_wait", "queue_length", "service_time", "help_call", "case_overdue", "rating_follow_up"
]
#: Cases whose clocks still run (the rest are finished one way or another).
IN_PROGRESS = (
    CaseState.RECEIVED,
    CaseState.PRECHECKED,
    CaseState.CORRECTED,
    CaseState.SUPPLEMENT_NOTIFIED,
    CaseState.TOLERANCE_ACCEPTED,
    CaseState.ACCEPTED,
    CaseState.DISPATCHED,
    CaseState.DECIDED,
    CaseState.READY,
)
#: Before a notice: the deemed-acceptance clock runs (hallcore's `Lifecycle.deemed_accepted`).
BEFORE_NOTICE = (CaseState.RECEIVED, CaseState.PRECHECKED, CaseState.CORRECTED)


class QueueFigure(BaseModel):
    code: str
    name_zh: str
    waiting: int
    longest_wait_seconds: float | None
    estimated_wait_seconds: float | None
    target_wait_seconds: int
    target_length: int
    wait_broken: bool
    length_broken: bool


class WindowFigure(BaseModel):
    number: int
    name_zh: str
    state: WindowState
    reason: str | None
    ticket_number: str | None
    served_today: int
    service_seconds: float | None
    idle_while_waiting: bool
    service_broken: bool


class Alert(BaseModel):
    kind: AlertKind
    message_zh: str
    message_en: str
    queue: str | None = None
    window: int | None = None
    ref: str | None = None
    since: datetime | None = None


class HourFigure(BaseModel):
    hour: int
    arrivals: int
    called: int
    mean_wait_seconds: float | None


class CaseCount(BaseModel):
    theme: str
    state: str
    state_zh: str
    count: int


class CaseClock(BaseModel):
    case_id: str
    theme: str
    state: str
    received_on: date
    due_on: date
    working_days_left: int


class CaseFigures(BaseModel):
    in_progress: list[CaseCount]
    overdue: list[CaseClock]
    due_soon: list[CaseClock]
    deemed_risk: list[CaseClock]
    due_soon_working_days: int


class LiveFiguresOut(BaseModel):
    hall_id: str
    at: datetime
    business_date: date
    config_version: int
    event_seq: int
    queues: list[QueueFigure]
    windows: list[WindowFigure]
    alerts: list[Alert]
    hours: list[HourFigure]
    cases: CaseFigures
    help_calls: list[HelpCallOut]
    follow_ups_open: list[LoopOut]


def working_days_left(calendar: WorkingCalendar, today: date, due: date) -> int:
    """Working days from today to the due date; negative: overdue by that many."""
    if due >= today:
        return calendar.working_days_between(today, due)
    return -calendar.working_days_between(due, today)


def live(server: ServerState, hall_id: str, *, due_soon_days: int = 3) -> LiveFiguresOut:
    config = server.halls[hall_id]
    settings = server.hall_settings[hall_id]
    now = server.now()
    day = config.business_date(now)
    with server.db.read() as session:
        event_seq = int(session.scalar(select(Hall.event_seq).where(Hall.hall_id == hall_id)) or 0)
        rows = session.scalars(
            select(TicketRow).where(TicketRow.hall_id == hall_id, TicketRow.business_date == day)
        ).all()
        tickets = [to_ticket(r) for r in rows]
        view = QueueService(session, config, server.vault, now).view()
        cases = _case_figures(server, session, hall_id, now, day, due_soon_days)
        open_calls = help_call_listing(session, hall_id, only_open=True, limit=1000)
        loops = session.scalars(
            select(RatingLoop)
            .where(RatingLoop.hall_id == hall_id, RatingLoop.closed_at.is_(None))
            .order_by(RatingLoop.due_on, RatingLoop.rating_id)
        ).all()
        calls_out = [help_call_out(c) for c in open_calls]
        loops_out = [loop_out(loop, day) for loop in loops]

    times = ServiceTimes.learn(config, tickets)
    by_id = {t.ticket_id: t for t in tickets}
    alerts: list[Alert] = []

    queues: list[QueueFigure] = []
    for queue in config.queues:
        waiting = view.waiting(queue.code)
        longest = max(((now - t.taken_at).total_seconds() for t in waiting), default=None)
        estimate = estimate_new(config, view, times, queue.code, now)
        target_wait = settings.target_wait_seconds(queue.code)
        target_length = settings.target_length(queue.code)
        figure = QueueFigure(
            code=queue.code,
            name_zh=queue.name_zh,
            waiting=len(waiting),
            longest_wait_seconds=longest,
            estimated_wait_seconds=estimate.seconds,
            target_wait_seconds=target_wait,
            target_length=target_length,
            wait_broken=longest is not None and longest > target_wait,
            length_broken=len(waiting) > target_length,
        )
        queues.append(figure)
        if figure.wait_broken:
            minutes = int((longest or 0) // 60)
            alerts.append(
                Alert(
                    kind="longest_wait",
                    message_zh=f"{queue.name_zh}最长等候{minutes}分钟，"
                    f"超过目标{target_wait // 60}分钟",
                    message_en=f"{queue.code}: longest wait {minutes} min, target "
                    f"{target_wait // 60} min",
                    queue=queue.code,
                )
            )
        if figure.length_broken:
            alerts.append(
                Alert(
                    kind="queue_length",
                    message_zh=f"{queue.name_zh}等候{len(waiting)}人，超过目标{target_length}人",
                    message_en=f"{queue.code}: {len(waiting)} waiting, target {target_length}",
                    queue=queue.code,
                )
            )

    served = Counter(t.window for t in tickets if t.state is TicketState.DONE)
    waiting_by_queue = {q.code: view.waiting_count(q.code) for q in config.queues}
    statuses = {s.number: s for s in view.window_statuses()}
    windows: list[WindowFigure] = []
    for window in config.windows:
        status = statuses[window.number]
        current = by_id.get(status.ticket_id) if status.ticket_id else None
        service = (
            (now - current.started_at).total_seconds()
            if current is not None and current.started_at is not None
            else None
        )
        broken = service is not None and service > settings.service_target_seconds
        idle = status.state is WindowState.IDLE and any(
            waiting_by_queue.get(s.queue, 0) > 0 for s in window.serves
        )
        windows.append(
            WindowFigure(
                number=window.number,
                name_zh=window.name_zh,
                state=status.state,
                reason=status.reason,
                ticket_number=current.number if current is not None else None,
                served_today=served.get(window.number, 0),
                service_seconds=service,
                idle_while_waiting=idle,
                service_broken=broken,
            )
        )
        if broken and current is not None:
            minutes = int((service or 0) // 60)
            alerts.append(
                Alert(
                    kind="service_time",
                    message_zh=f"{window.name_zh}办理{current.number}已{minutes}分钟，"
                    f"超过目标{settings.service_target_seconds // 60}分钟",
                    message_en=f"window {window.number}: serving {current.number} for "
                    f"{minutes} min, target {settings.service_target_seconds // 60} min",
                    window=window.number,
                    ref=current.number,
                    since=current.started_at,
                )
            )

    for call in calls_out:
        alerts.append(
            Alert(
                kind="help_call",
                message_zh=f"{call.kiosk}呼叫帮办" + (f"：{call.reason}" if call.reason else ""),
                message_en=f"help requested at {call.kiosk}",
                ref=str(call.id),
                since=call.created_at,
            )
        )
    for clock in cases.overdue:
        alerts.append(
            Alert(
                kind="case_overdue",
                message_zh=f"办件{clock.case_id}已超期{-clock.working_days_left}个工作日",
                message_en=f"case {clock.case_id} overdue by {-clock.working_days_left} "
                "working days",
                ref=clock.case_id,
            )
        )
    for loop in loops_out:
        late = "，已逾期" if loop.overdue else ""
        alerts.append(
            Alert(
                kind="rating_follow_up",
                message_zh=f"差评待处理（{loop.state_zh}），期限{loop.due_on:%m月%d日}{late}",
                message_en=f"bad rating awaiting follow-up ({loop.state.replace('_', ' ')}), "
                f"due {loop.due_on.isoformat()}" + (", overdue" if loop.overdue else ""),
                ref=str(loop.rating_id),
                since=loop.opened_at,
            )
        )

    return LiveFiguresOut(
        hall_id=hall_id,
        at=now,
        business_date=day,
        config_version=settings.version,
        event_seq=event_seq,
        queues=queues,
        windows=windows,
        alerts=alerts,
        hours=_hours(server, hall_id, tickets),
        cases=cases,
        help_calls=calls_out,
        follow_ups_open=loops_out,
    )


def _hours(server: ServerState, hall_id: str, tickets: list[Ticket]) -> list[HourFigure]:
    """Arrivals (by the local hour of taking), calls (by the hour of the first call) and the
    mean wait of the tickets taken in each hour that have been called, over opening hours."""
    config = server.halls[hall_id]
    arrivals: Counter[int] = Counter()
    called: Counter[int] = Counter()
    waits: dict[int, list[float]] = defaultdict(list)
    for t in tickets:
        taken = config.local(t.taken_at).hour
        arrivals[taken] += 1
        if t.first_called_at is not None:
            called[config.local(t.first_called_at).hour] += 1
            waits[taken].append((t.first_called_at - t.taken_at).total_seconds())
    first = min(s.start.hour for s in config.sessions)
    last = max(s.end.hour - (1 if s.end.minute == 0 else 0) for s in config.sessions)
    hours = set(range(first, last + 1)) | set(arrivals) | set(called)
    return [
        HourFigure(
            hour=h,
            arrivals=arrivals.get(h, 0),
            called=called.get(h, 0),
            mean_wait_seconds=sum(waits[h]) / len(waits[h]) if waits.get(h) else None,
        )
        for h in sorted(hours)
    ]


def _case_figures(
    server: ServerState,
    session: Session,
    hall_id: str,
    now: datetime,
    today: date,
    due_soon_days: int,
) -> CaseFigures:
    rows = session.scalars(
        select(CaseRow)
        .where(CaseRow.hall_id == hall_id, CaseRow.state.in_([s.value for s in IN_PROGRESS]))
        .order_by(CaseRow.id)
    ).all()
    counts: Counter[tuple[str, str]] = Counter((r.theme, r.state) for r in rows)
    in_progress = [
        CaseCount(theme=theme, state=state, state_zh=CaseState(state).label, count=n)
        for (theme, state), n in sorted(counts.items())
    ]
    lifecycle = server.lifecycle
    service = CaseService(
        session, hall_id, server.catalog.catalog, lifecycle, server.vault, now, today, "system"
    )
    overdue: list[CaseClock] = []
    due_soon: list[CaseClock] = []
    deemed: list[CaseClock] = []
    for row in rows:
        try:
            file = service.replay(row)
            clock = _clock(row, file, lifecycle, today)
        except CalendarError:
            continue  # a year without a holiday schedule: no clock can be read, none is shown
        if clock is None:
            continue
        kind, value = clock
        if kind == "notice":
            if value.working_days_left <= due_soon_days:
                deemed.append(value)
        elif value.working_days_left < 0:
            overdue.append(value)
        elif value.working_days_left <= due_soon_days:
            due_soon.append(value)
    return CaseFigures(
        in_progress=in_progress,
        overdue=sorted(overdue, key=lambda c: c.working_days_left),
        due_soon=sorted(due_soon, key=lambda c: c.working_days_left),
        deemed_risk=sorted(deemed, key=lambda c: c.working_days_left),
        due_soon_working_days=due_soon_days,
    )


def _clock(
    row: CaseRow, file: CaseFile, lifecycle: Lifecycle, today: date
) -> tuple[str, CaseClock] | None:
    """The clock that matters now: before a notice, the deemed-acceptance deadline; after
    acceptance, the promised due date."""
    if file.state in BEFORE_NOTICE:
        due = lifecycle.notice_deadline(file)
        kind = "notice"
    elif file.promised_due is not None:
        due = file.promised_due
        kind = "due"
    else:
        return None
    return kind, CaseClock(
        case_id=row.case_id,
        theme=row.theme,
        state=file.state.value,
        received_on=file.received_on,
        due_on=due,
        working_days_left=working_days_left(lifecycle.calendar, today, due),
    )
