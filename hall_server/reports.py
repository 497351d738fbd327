"""Report data for a day or a range of business days (`GET /reports`), from the stored rows.

Definitions (docs/server.md, *Report*): a ticket belongs to its business date; its wait is its
first call − its take (tickets that were called); its service time is end − start (finished
tickets that were started); a no-show is a ticket whose final state is 过号 (no_show); a case is
handled as 一件事 when the service items hallcore's pre-check resolves for it are more than one
(the share is over the range's tickets, and over its cases); a rating belongs to the business
date it was given on, its theme is its ticket's, its clerk the actor who finished the ticket (an
opaque `user:N`). p90 is the nearest-rank 90th percentile.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from hall_server.cases import CaseService
from hall_server.models import CaseRow, EventRow, Rating, RatingLoop, TicketRow
from hall_server.state import ServerState
from hallcore.case import precheck
from hallcore.queue import TicketState


class TicketCounts(BaseModel):
    total: int
    by_theme: dict[str, int]
    by_channel: dict[str, int]


class WaitFigures(BaseModel):
    count: int
    mean_seconds: float | None
    p90_seconds: float | None
    over_target_share: float


class ServiceFigures(BaseModel):
    count: int
    mean_seconds: float | None
    p90_seconds: float | None


class OneThingFigures(BaseModel):
    cases: int
    multi_item: int
    share_of_cases: float
    share_of_tickets: float


class RatingGroup(BaseModel):
    key: str
    count: int
    mean: float
    bad: int


class RatingFigures(BaseModel):
    count: int
    levels: dict[str, int]
    by_window: list[RatingGroup]
    by_theme: list[RatingGroup]
    by_clerk: list[RatingGroup]
    follow_up_states: dict[str, int]


class ReportOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    start: date = Field(serialization_alias="from", validation_alias="from")
    end: date = Field(serialization_alias="to", validation_alias="to")
    tickets: TicketCounts
    waits: WaitFigures
    service: ServiceFigures
    no_shows: int
    no_show_share: float
    one_thing: OneThingFigures
    ratings: RatingFigures


def p90(values: list[float]) -> float | None:
    """Nearest rank: the smallest value with at least 90 % of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(0.9 * len(ordered)), 1) - 1]


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def report(server: ServerState, hall_id: str, start: date, end: date) -> ReportOut:
    config = server.halls[hall_id]
    settings = server.hall_settings[hall_id]
    # The instants of the range's business days, in the hall's zone.
    since = config.at_local(start, time(0))
    until = config.at_local(end + timedelta(days=1), time(0))
    with server.db.read() as session:
        tickets = session.scalars(
            select(TicketRow).where(
                TicketRow.hall_id == hall_id,
                TicketRow.business_date >= start,
                TicketRow.business_date <= end,
            )
        ).all()
        ratings = session.scalars(
            select(Rating).where(
                Rating.hall_id == hall_id, Rating.created_at >= since, Rating.created_at < until
            )
        ).all()
        loops = {
            loop.rating_id: loop.step
            for loop in session.scalars(
                select(RatingLoop).where(RatingLoop.rating_id.in_([r.id for r in ratings]))
            )
        }
        rated = {r.ticket_id for r in ratings}
        themes: dict[str, str | None] = {
            row.ticket_id: row.theme
            for row in session.execute(
                select(TicketRow.ticket_id, TicketRow.theme).where(
                    TicketRow.hall_id == hall_id, TicketRow.ticket_id.in_(sorted(rated))
                )
            )
        }
        clerks = _finishers(session, hall_id, rated, since - timedelta(days=1), until)
        cases, multi = _one_thing(server, session, hall_id, since, until)

    by_theme = Counter(t.theme or "-" for t in tickets)
    by_channel = Counter(t.channel for t in tickets)
    waits: list[float] = []
    over = 0
    for t in tickets:
        if t.first_called_at is None:
            continue
        wait = (t.first_called_at - t.taken_at).total_seconds()
        waits.append(wait)
        over += wait > settings.target_wait_seconds(t.queue)
    services = [
        (t.ended_at - t.started_at).total_seconds()
        for t in tickets
        if t.state == TicketState.DONE.value and t.started_at is not None and t.ended_at is not None
    ]
    no_shows = sum(t.state == TicketState.NO_SHOW.value for t in tickets)

    return ReportOut(
        start=start,
        end=end,
        tickets=TicketCounts(
            total=len(tickets), by_theme=dict(sorted(by_theme.items())), by_channel=dict(by_channel)
        ),
        waits=WaitFigures(
            count=len(waits),
            mean_seconds=_mean(waits),
            p90_seconds=p90(waits),
            over_target_share=_share(over, len(waits)),
        ),
        service=ServiceFigures(
            count=len(services), mean_seconds=_mean(services), p90_seconds=p90(services)
        ),
        no_shows=no_shows,
        no_show_share=_share(no_shows, len(tickets)),
        one_thing=OneThingFigures(
            cases=cases,
            multi_item=multi,
            share_of_cases=_share(multi, cases),
            share_of_tickets=_share(multi, len(tickets)),
        ),
        ratings=RatingFigures(
            count=len(ratings),
            levels={str(level): sum(r.level == level for r in ratings) for level in range(1, 6)},
            by_window=_groups(ratings, lambda r: "-" if r.window is None else str(r.window)),
            by_theme=_groups(ratings, lambda r: themes.get(r.ticket_id) or "-"),
            by_clerk=_groups(ratings, lambda r: clerks.get(r.ticket_id, "-")),
            follow_up_states=dict(sorted(Counter(loops.values()).items())),
        ),
    )


def _groups(ratings: Sequence[Rating], key_of: Callable[[Rating], str]) -> list[RatingGroup]:
    groups: dict[str, list[int]] = defaultdict(list)
    for r in ratings:
        groups[str(key_of(r))].append(r.level)
    return [
        RatingGroup(key=k, count=len(v), mean=sum(v) / len(v), bad=sum(level <= 2 for level in v))
        for k, v in sorted(groups.items())
    ]


def _finishers(
    session: Session, hall_id: str, ticket_ids: set[str], since: datetime, until: datetime
) -> dict[str, str]:
    """Who finished each rated ticket: the actor of its `finish` event."""
    if not ticket_ids:
        return {}
    found: dict[str, str] = {}
    for data in session.scalars(
        select(EventRow.data).where(
            EventRow.hall_id == hall_id,
            EventRow.kind == "finish",
            EventRow.at >= since,
            EventRow.at < until + timedelta(days=1),
        )
    ):
        ticket = data.get("ticket_id")
        if ticket in ticket_ids and "actor" in data:
            found[ticket] = str(data["actor"])
    return found


def _one_thing(
    server: ServerState, session: Session, hall_id: str, since: datetime, until: datetime
) -> tuple[int, int]:
    """Cases received in the range, and those whose resolved service items are more than one."""
    rows = session.scalars(
        select(CaseRow).where(
            CaseRow.hall_id == hall_id, CaseRow.created_at >= since, CaseRow.created_at < until
        )
    ).all()
    config = server.halls[hall_id]
    now = server.now()
    service = CaseService(
        session,
        hall_id,
        server.catalog.catalog,
        server.lifecycle,
        server.vault,
        now,
        config.business_date(now),
        "system",
    )
    multi = 0
    for row in rows:
        _, case = service.load(row.case_id)
        result = precheck(case, server.lifecycle.fields, case.received_on)
        multi += len(result.resolution.items) > 1
    return len(rows), multi
