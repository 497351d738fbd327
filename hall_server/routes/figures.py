"""Live figures for the manager's dashboard, and report data for a day or a range."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from hall_server import figures, reports
from hall_server.auth import Allow, Principal, Role
from hall_server.deps import Managers, Server
from hall_server.errors import ApiError
from hall_server.figures import LiveFiguresOut
from hall_server.reports import ReportOut

router = APIRouter(tags=["figures"])

#: The live figures: the manager's dashboard, and a clerk may look too.
FigureReader = Annotated[Principal, Depends(Allow(Role.CLERK, Role.MANAGER, Role.ADMIN))]


@router.get("/figures/live", response_model=LiveFiguresOut)
def live_figures(
    principal: FigureReader,
    server: Server,
    due_soon: Annotated[int, Query(ge=0, le=60)] = 3,
) -> LiveFiguresOut:
    """大厅实时数据: queues, windows, alerts, today by hour, cases and their clocks.
    `due_soon`: how many working days before a deadline a case counts as close to it."""
    return figures.live(server, principal.hall_id, due_soon_days=due_soon)


@router.get("/reports", response_model=ReportOut)
def report(
    principal: Managers,
    server: Server,
    start: Annotated[date, Query(alias="from")],
    end: Annotated[date, Query(alias="to")],
) -> ReportOut:
    """统计报表: the figures of the business days `from` to `to` (both included)."""
    if end < start:
        raise ApiError(422, "bad_range", "结束日期早于开始日期", "`to` is before `from`")
    if (end - start).days > 366:
        raise ApiError(422, "range_too_long", "统计区间不能超过一年", "at most 366 days at once")
    return reports.report(server, principal.hall_id, start, end)
