"""The 差评 follow-up loop (差评处理闭环): its steps, states, deadline and response shapes.

Every 差评 opens a loop due the configured number of working days (5 or 15,
`HallConfigDoc.follow_up_working_days`) after the rating's business date, on the hall's working
calendar. Steps go in order: assign (again, to re-assign), call back, verify, then rectify and
close, or close at once when verification finds nothing to rectify."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from hall_server.models import Rating, RatingLoop
from hall_server.schemas import RatingOut
from hall_server.state import ServerState

Step = Literal["assign", "call_back", "verify", "rectify", "close"]
LoopState = Literal["open", "assigned", "called_back", "verified", "rectified", "closed"]
#: step → (the states it may follow, the state it leads to)
STEPS: dict[str, tuple[tuple[str, ...], str]] = {
    "assign": (("open", "assigned"), "assigned"),
    "call_back": (("assigned",), "called_back"),
    "verify": (("called_back",), "verified"),
    "rectify": (("verified",), "rectified"),
    "close": (("verified", "rectified"), "closed"),
}
STEP_LABELS = {
    "assign": "指派",
    "call_back": "回访",
    "verify": "核实",
    "rectify": "整改",
    "close": "办结",
}
STATE_LABELS = {
    "open": "待指派",
    "assigned": "已指派",
    "called_back": "已回访",
    "verified": "已核实",
    "rectified": "已整改",
    "closed": "已办结",
}


class LoopStepIn(BaseModel):
    model_config = {"extra": "forbid"}

    step: Step
    note: str = Field(min_length=1, max_length=980)  # stored with the step's label before it
    assignee: str | None = Field(default=None, min_length=1, max_length=100)


class LoopOut(BaseModel):
    rating_id: int
    state: LoopState
    state_zh: str
    assignee: str | None
    due_on: date
    overdue: bool
    opened_at: datetime
    closed_at: datetime | None


class RatingWithLoopOut(RatingOut):
    loop: LoopOut | None


def loop_out(loop: RatingLoop, today: date) -> LoopOut:
    return LoopOut(
        rating_id=loop.rating_id,
        state=loop.step,  # type: ignore[arg-type]
        state_zh=STATE_LABELS[loop.step],
        assignee=loop.assignee,
        due_on=loop.due_on,
        overdue=loop.closed_at is None and today > loop.due_on,
        opened_at=loop.opened_at,
        closed_at=loop.closed_at,
    )


def open_loop(session: Session, server: ServerState, rating: Rating) -> RatingLoop:
    """The follow-up loop of a new 差评, due N working days after the rating's business day."""
    settings = server.hall_settings[rating.hall_id]
    day = server.halls[rating.hall_id].business_date(rating.created_at)
    due = settings.calendar.add_working_days(day, settings.doc.follow_up_working_days)
    loop = RatingLoop(
        hall_id=rating.hall_id,
        rating_id=rating.id,
        step="open",
        assignee=None,
        due_on=due,
        opened_at=rating.created_at,
        closed_at=None,
    )
    session.add(loop)
    return loop
