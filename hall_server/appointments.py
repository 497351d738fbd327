"""Appointments (预约) over rows: booked ahead, checked in at the kiosk with an 8-digit code.

A booking (the online platform's integration account, or a manager) names a theme or a queue
and a slot inside one of the hall's opening sessions on a working day of its calendar (the
configured holidays and 调休 included), not in the past. It gets a check-in code: 8 random
digits (`secrets`), unique in the hall — digits because the kiosk's keypad is numeric and a QR
reader types digits. The code is a bearer secret: whoever holds it checks in, so it is never in
an event, a log line or a `repr`.

The check-in issues the booking's ticket through the queue's own issue path on the slot's
business date (hallcore decides whether it is on time or lapsed into the walk-in lane), and a
second check-in with the same code answers that ticket again. The applicant's identifier, when
the booking carries one, is sealed like a ticket's, with the keyed hash next to it; lists show
it masked.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall_server.errors import ApiError
from hall_server.models import AppointmentRow
from hall_server.vault import Vault
from hallcore.identifiers import check_citizen_id
from hallcore.masking import mask_id_number
from hallcore.queue import HallConfig
from hallcore.workdays import CalendarError, WorkingCalendar

CODE_DIGITS = 8
_ID_CONTEXT = "appointments.applicant_id"


class AppointmentState(StrEnum):
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    CANCELLED = "cancelled"


def new_code() -> str:
    """8 random digits (leading zeros kept: the kiosk's keypad types them)."""
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def checked_identifier(raw: str, today: dt.date) -> str:
    """The applicant's ID number (公民身份号码, the person who comes: a company's agent books
    with their own), normalised. A hard problem (length, check digit, date) is a 422
    `invalid_applicant_id` with hallcore's messages, never the value; a soft one (an unknown
    region code) is accepted, as at the kiosk: the window checks the card."""
    citizen = check_citizen_id(raw, today=today)
    if not citizen.has_hard_problems:
        return citizen.value
    raise ApiError(
        422,
        "invalid_applicant_id",
        "证件号码有误：" + "；".join(p.message_zh for p in citizen.hard),
        "the ID number is invalid: " + "; ".join(p.message_en for p in citizen.hard),
        detail={"problems": [p.code.value for p in citizen.hard]},
    )


def check_slot(
    config: HallConfig,
    calendar: WorkingCalendar,
    start: dt.datetime,
    end: dt.datetime,
    now: dt.datetime,
) -> dt.date:
    """The slot's business date, once the slot is inside one opening session of a working day
    and has not started yet; otherwise a 422 saying which rule it breaks."""
    if end <= start:
        raise ApiError(422, "bad_slot", "预约时段无效", "the appointment slot is empty")
    if start < now:
        raise ApiError(422, "slot_past", "预约时段已过，请选择其他时段", "the slot is in the past")
    first, last = config.local(start), config.local(end)
    day = first.date()
    try:
        working = calendar.is_working_day(day)
    except CalendarError as error:
        raise ApiError(422, "calendar_not_covered", error.message_zh, error.message_en) from None
    if not working:
        name = calendar.holiday_name(day)
        why = f"（{name}）" if name else ""
        raise ApiError(
            422,
            "slot_not_working_day",
            f"{day.month}月{day.day}日不是工作日{why}，大厅不办公，请选择其他日期",
            f"{day.isoformat()} is not a working day of the hall",
            detail={"date": day.isoformat()},
        )
    inside = last.date() == day and any(
        s.start <= first.time() and last.time() <= s.end for s in config.sessions
    )
    if not inside:
        hours = "，".join(f"{s.start:%H:%M}–{s.end:%H:%M}" for s in config.sessions)
        hours_en = ", ".join(f"{s.start:%H:%M}-{s.end:%H:%M}" for s in config.sessions)
        raise ApiError(
            422,
            "slot_outside_hours",
            f"预约时段须在同一个办公时段内（{hours}）",
            f"the slot must lie within one opening session ({hours_en})",
        )
    return day


def other_day(row: AppointmentRow) -> ApiError:
    day = row.business_date
    return ApiError(
        422,
        "appointment_other_day",
        f"您的预约日期是{day.month}月{day.day}日，请当天来办理",
        f"your appointment is on {day.isoformat()}; please come on that day",
        detail={"date": day.isoformat()},
    )


def unknown_code() -> ApiError:
    return ApiError(
        404,
        "appointment_unknown",
        "预约码不存在，请核对后重新输入",
        "no appointment has this code; check it and enter it again",
    )


class Appointments:
    """One hall's appointments in the caller's transaction (a write for `book` and `cancel`)."""

    def __init__(self, session: Session, hall_id: str, vault: Vault) -> None:
        self.session = session
        self.hall_id = hall_id
        self.vault = vault

    def book(
        self,
        *,
        queue: str,
        theme: str | None,
        start: dt.datetime,
        end: dt.datetime,
        day: dt.date,
        applicant_id: str | None,
        channel: str,
        actor: str,
        now: dt.datetime,
        code: str | None = None,
    ) -> AppointmentRow:
        """Store a booking whose slot is already checked (`check_slot`), with a fresh code
        (`code` only for the demo hall's fixed ones)."""
        row = AppointmentRow(
            hall_id=self.hall_id,
            appointment_id=f"{day:%Y%m%d}-{uuid.uuid4().hex[:10]}",
            code=code or self._unused_code(),
            queue=queue,
            theme=theme,
            slot_start=start,
            slot_end=end,
            business_date=day,
            applicant_key=self.vault.lookup_key(applicant_id) if applicant_id else None,
            applicant_id_enc=(
                self.vault.encrypt(applicant_id, context=_ID_CONTEXT) if applicant_id else None
            ),
            channel=channel,
            state=AppointmentState.BOOKED.value,
            actor=actor,
            created_at=now,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def on_day(self, day: dt.date) -> list[AppointmentRow]:
        return list(
            self.session.scalars(
                select(AppointmentRow)
                .where(AppointmentRow.hall_id == self.hall_id, AppointmentRow.business_date == day)
                .order_by(AppointmentRow.slot_start, AppointmentRow.id)
            )
        )

    def get(self, appointment_id: str) -> AppointmentRow:
        row = self.session.scalar(
            select(AppointmentRow).where(
                AppointmentRow.hall_id == self.hall_id,
                AppointmentRow.appointment_id == appointment_id,
            )
        )
        if row is None:
            raise ApiError(404, "appointment_unknown", "没有这个预约", "no such appointment")
        return row

    def by_code(self, code: str) -> AppointmentRow | None:
        return self.session.scalar(
            select(AppointmentRow).where(
                AppointmentRow.hall_id == self.hall_id, AppointmentRow.code == code
            )
        )

    def cancel(self, appointment_id: str, now: dt.datetime) -> tuple[AppointmentRow, bool]:
        """Cancel a booking; whether it changed (cancelling twice answers the same). A booking
        already checked in is a 409 `appointment_checked_in`: its ticket is in the queue."""
        row = self.get(appointment_id)
        if row.state == AppointmentState.CANCELLED.value:
            return row, False
        if row.state == AppointmentState.CHECKED_IN.value:
            raise ApiError(
                409,
                "appointment_checked_in",
                "该预约已签到取号，不能取消",
                "the appointment is checked in: its ticket is in the queue",
            )
        row.state = AppointmentState.CANCELLED.value
        row.cancelled_at = now
        self.session.flush()
        return row, True

    def checked_in(self, row: AppointmentRow, ticket_id: str, now: dt.datetime) -> None:
        row.state = AppointmentState.CHECKED_IN.value
        row.ticket_id = ticket_id
        row.checked_in_at = now
        self.session.flush()

    def applicant_id(self, row: AppointmentRow) -> str | None:
        if row.applicant_id_enc is None:
            return None
        return self.vault.decrypt(row.applicant_id_enc, context=_ID_CONTEXT)

    def masked_applicant_id(self, row: AppointmentRow) -> str | None:
        value = self.applicant_id(row)
        return mask_id_number(value) if value is not None else None

    def _unused_code(self) -> str:
        """A code no booking of the hall holds (the unique constraint is the safety net; under
        the hall's write lock nobody takes it meanwhile)."""
        for _ in range(50):
            code = new_code()
            if self.by_code(code) is None:
                return code
        raise RuntimeError("no unused appointment code after 50 draws")
