"""The tables. Every one carries `hall_id`, so a province-wide PostgreSQL partitions by hall
without a schema change (DESIGN §4). Enumerations are stored by their `.value` as short strings.

Personal data: `tickets.applicant_id_enc` is the applicant's identifier encrypted with AES-GCM
(`vault`), `tickets.applicant_key` the keyed hash (`hallcore.queue.identity_key`) that finds the
person's other tickets; neither is in a `repr`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from hall_server.db import Base


class Hall(Base):
    """A hall. Its row is the PostgreSQL write lock; `event_seq` is the last event's number."""

    __tablename__ = "halls"

    hall_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    event_seq: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]


class User(Base):
    """A staff member. `permissions`: space-separated `hallcore.queue.Permission` values."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("hall_id", "username"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.hall_id"), index=True)
    username: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    permissions: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    # desk client (issue 10, migration 0005): the catalog department of a `dept` user
    department: Mapped[str | None] = mapped_column(String(32), default=None)


class Device(Base):
    """An enrolled kiosk or board."""

    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.hall_id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class ApiToken(Base):
    """A bearer token, stored as its SHA-256 only (a leaked table logs nobody in)."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.hall_id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"))
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class TicketCounter(Base):
    """Per (hall, queue, business date): the last number issued (the atomic upsert of
    ecosystem.md §7.4), the walk-ins per half-day (caps) and the calls made (no-show gates)."""

    __tablename__ = "ticket_counters"

    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.hall_id"), primary_key=True)
    queue: Mapped[str] = mapped_column(String(32), primary_key=True)
    business_date: Mapped[date] = mapped_column(Date, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    issued_am: Mapped[int] = mapped_column(Integer, default=0)
    issued_pm: Mapped[int] = mapped_column(Integer, default=0)
    calls: Mapped[int] = mapped_column(Integer, default=0)


class TicketRow(Base):
    """A `hallcore.queue.Ticket`, column for column, plus the status secret and the identity."""

    __tablename__ = "tickets"
    __table_args__ = (
        UniqueConstraint("hall_id", "ticket_id"),
        UniqueConstraint("hall_id", "business_date", "number"),
        Index("ix_tickets_hall_day_state", "hall_id", "business_date", "state"),
        Index("ix_tickets_waiting", "hall_id", "business_date", "queue", "state", "order_at"),
        Index("ix_tickets_hall_applicant", "hall_id", "applicant_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.hall_id"))
    ticket_id: Mapped[str] = mapped_column(String(40))
    number: Mapped[str] = mapped_column(String(12))
    queue: Mapped[str] = mapped_column(String(32))
    seq: Mapped[int] = mapped_column(Integer)
    business_date: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    taken_at: Mapped[datetime]
    order_at: Mapped[datetime]
    theme: Mapped[str | None] = mapped_column(String(64))
    priority: Mapped[str | None] = mapped_column(String(32))
    applicant_key: Mapped[str | None] = mapped_column(String(32))
    applicant_id_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    appointment_start: Mapped[datetime | None]
    appointment_end: Mapped[datetime | None]
    lapsed: Mapped[bool] = mapped_column(Boolean, default=False)
    front_at: Mapped[datetime | None]
    window: Mapped[int | None] = mapped_column(Integer)
    called_at: Mapped[datetime | None]
    first_called_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    recalls: Mapped[int] = mapped_column(Integer, default=0)
    requeues: Mapped[int] = mapped_column(Integer, default=0)
    requeue_gate: Mapped[int | None] = mapped_column(Integer)
    transfers: Mapped[int] = mapped_column(Integer, default=0)
    transferred_from: Mapped[str | None] = mapped_column(String(32))
    revision: Mapped[int] = mapped_column(Integer, default=0)
    status_secret: Mapped[str] = mapped_column(String(16))

    def __repr__(self) -> str:
        return f"TicketRow({self.hall_id}, {self.ticket_id}, {self.state})"


class WindowRow(Base):
    """A window's state and its policy memory, valid for `business_date` (a new day starts
    idle with an empty memory)."""

    __tablename__ = "windows"

    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.hall_id"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    business_date: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(200))
    ticket_id: Mapped[str | None] = mapped_column(String(40))
    since: Mapped[datetime | None]
    priority_run: Mapped[int] = mapped_column(Integer, default=0)
    normal_owed: Mapped[int] = mapped_column(Integer, default=0)
    credits: Mapped[str] = mapped_column(String(200), default="")


class EventRow(Base):
    """One state change; `seq` is hall-wide and strictly increasing, allocated under the hall's
    write lock in the transaction of the change. Carries numbers, never identities."""

    __tablename__ = "events"

    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.hall_id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime]
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class IdempotencyRecord(Base):
    """The first result of a mutation sent with an `Idempotency-Key`."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (ForeignKeyConstraint(["hall_id"], ["halls.hall_id"]),)

    hall_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class Rating(Base):
    """好差评: one rating per served ticket, 1 (非常不满意) … 5 (非常满意); a 差评 (1 or 2)
    carries its reason and is followed up (`RatingFollowUp`)."""

    __tablename__ = "ratings"
    __table_args__ = (UniqueConstraint("hall_id", "ticket_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.hall_id"), index=True)
    ticket_id: Mapped[str] = mapped_column(String(40))
    number: Mapped[str] = mapped_column(String(12))
    window: Mapped[int | None] = mapped_column(Integer)
    level: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(String(500))
    actor: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]


class RatingFollowUp(Base):
    """What the hall did about a rating (回访、整改), by whom and when."""

    __tablename__ = "rating_follow_ups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.hall_id"), index=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("ratings.id"), index=True)
    note: Mapped[str] = mapped_column(String(1000))
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)
    actor: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]


class CaseRow(Base):
    """A case (办件): its theme and lifecycle state in the clear; everything the applicant gave
    (parties, answers, form, materials) as one AES-GCM sealed JSON document (`vault`)."""

    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("hall_id", "case_id"),
        Index("ix_cases_hall_applicant", "hall_id", "applicant_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.hall_id"))
    case_id: Mapped[str] = mapped_column(String(40))
    theme: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(32))
    applicant_key: Mapped[str] = mapped_column(String(32))
    data_enc: Mapped[bytes] = mapped_column(LargeBinary)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    def __repr__(self) -> str:
        return f"CaseRow({self.hall_id}, {self.case_id}, {self.theme}, {self.state})"


class CaseAction(Base):
    """The audit log of a case: every action, who, when (instant and business date), what
    (`summary`: field keys, finding counts, never a personal value), and the case as it was
    then (sealed), so the lifecycle can be replayed from the log."""

    __tablename__ = "case_actions"

    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.hall_id"), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    action: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime]
    business_date: Mapped[date] = mapped_column(Date)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)
    case_enc: Mapped[bytes] = mapped_column(LargeBinary)


class LicenseRecord(Base):
    """The local stand-in for the e-license (电子证照) and data-sharing (数据共享) systems: which
    materials can be fetched for an applicant instead of handed in. `applicant_key` is the
    keyed hash of the applicant's identifier (never the identifier itself)."""

    __tablename__ = "license_records"

    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.hall_id"), primary_key=True)
    applicant_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    material: Mapped[str] = mapped_column(String(64), primary_key=True)
    way: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(100))
    valid_until: Mapped[date | None] = mapped_column(Date)


class SmsOutbox(Base):
    """An SMS the hall would send: the recipient as a reference (`role:manager`, `user:7`),
    never a phone number; the template and its (non-personal) parameters."""

    __tablename__ = "sms_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.hall_id"), index=True)
    recipient: Mapped[str] = mapped_column(String(64))
    template: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class RatingOutbox(Base):
    """A rating for the provincial 好差评 system, as it would be reported."""

    __tablename__ = "rating_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.hall_id"), index=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("ratings.id"), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


# --- hall operations (migration 0004): configuration, 呼叫帮办, 差评 follow-up loop ---------------


class HallConfigRow(Base):
    """One version of a hall's configuration (`hall_config.HallConfigDoc` as JSON); the highest
    version is the one in force."""

    __tablename__ = "hall_configs"

    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.hall_id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    actor: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]


class ConfigAudit(Base):
    """Who changed the hall's configuration, when, and which parts (top-level paths)."""

    __tablename__ = "config_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.hall_id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime]
    changed: Mapped[list[str]] = mapped_column(JSON)


class HelpCall(Base):
    """呼叫帮办: a kiosk asks for a hall assistant; answered by whoever goes."""

    __tablename__ = "help_calls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.hall_id"), index=True)
    kiosk: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(String(200))
    actor: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]
    answered_by: Mapped[str | None] = mapped_column(String(40))


class RatingLoop(Base):
    """The follow-up loop of one 差评: its step (assign → call back → verify → rectify → close),
    who it is assigned to, and its deadline in working days from the rating (the config's 5 or
    15). The notes of each step are `RatingFollowUp` rows."""

    __tablename__ = "rating_loops"

    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.hall_id"), index=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("ratings.id"), primary_key=True)
    step: Mapped[str] = mapped_column(String(16))
    assignee: Mapped[str | None] = mapped_column(String(100))
    due_on: Mapped[date] = mapped_column(Date)
    opened_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]


# --- pages and e-license values (issue 5: page uploads, e-license look-up) --------------------


class PageRow(Base):
    """A scanned page, named by the SHA-256 of its bytes (content addressing): `size` is the
    length the uploader declared, `received` how many bytes have arrived. While it is partial
    the bytes are in `page_chunks`; once complete and checked they are joined, sealed with the
    vault (a page is personal data) into `content_enc`, and the chunks are gone."""

    __tablename__ = "pages"

    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.hall_id"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    received: Mapped[int] = mapped_column(Integer, default=0)
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    media_type: Mapped[str | None] = mapped_column(String(32))
    content_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"PageRow({self.hall_id}, {self.sha256[:12]}, {self.received}/{self.size})"


class PageChunk(Base):
    """One received range of a partial page, sealed; joined when the page completes."""

    __tablename__ = "page_chunks"
    __table_args__ = (
        ForeignKeyConstraint(["hall_id", "sha256"], ["pages.hall_id", "pages.sha256"]),
    )

    hall_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    start: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    length: Mapped[int] = mapped_column(Integer)
    content_enc: Mapped[bytes] = mapped_column(LargeBinary)


class LicenseValues(Base):
    """Form values an e-license or shared record supplies (the desk prefills its merged form
    from them), by field key, sealed as one JSON document: they are personal."""

    __tablename__ = "license_values"

    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.hall_id"), primary_key=True)
    applicant_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    material: Mapped[str] = mapped_column(String(64), primary_key=True)
    values_enc: Mapped[bytes] = mapped_column(LargeBinary)


# --- appointments, kiosk drafts, case ↔ ticket links (migration 0006) -------------------------


class AppointmentRow(Base):
    """预约: a slot booked ahead (online platform, phone), checked in at the kiosk by its
    8-digit `code` (a bearer secret: never in an event or a log line). The applicant's
    identifier, when given, is sealed like a ticket's (`applicant_id_enc`) with its keyed hash
    next to it. `ticket_id` is the ticket the check-in issued."""

    __tablename__ = "appointments"
    __table_args__ = (
        UniqueConstraint("hall_id", "appointment_id"),
        UniqueConstraint("hall_id", "code"),
        Index("ix_appointments_hall_day", "hall_id", "business_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.hall_id"))
    appointment_id: Mapped[str] = mapped_column(String(40))
    code: Mapped[str] = mapped_column(String(8))
    queue: Mapped[str] = mapped_column(String(32))
    theme: Mapped[str | None] = mapped_column(String(64))
    slot_start: Mapped[datetime]
    slot_end: Mapped[datetime]
    business_date: Mapped[date] = mapped_column(Date)
    applicant_key: Mapped[str | None] = mapped_column(String(32))
    applicant_id_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    channel: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]
    ticket_id: Mapped[str | None] = mapped_column(String(40))
    checked_in_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]

    def __repr__(self) -> str:  # no code, no identity
        return f"AppointmentRow({self.hall_id}, {self.appointment_id}, {self.state})"


class KioskDraftRow(Base):
    """The kiosk's pre-scan draft of one ticket (预先扫描): theme, situation answers, the pages
    of each material and a note, sealed as one JSON document (`body_enc`), so the clerk who
    calls the ticket finds them. One per ticket, replaced wholesale."""

    __tablename__ = "kiosk_drafts"

    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.hall_id"), primary_key=True)
    ticket_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    body_enc: Mapped[bytes] = mapped_column(LargeBinary)
    device: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    def __repr__(self) -> str:
        return f"KioskDraftRow({self.hall_id}, {self.ticket_id})"


class CaseTicket(Base):
    """A ticket a case was served on (the first visit's, a returning applicant's next one), in
    link order (`id`)."""

    __tablename__ = "case_tickets"
    __table_args__ = (UniqueConstraint("hall_id", "case_id", "ticket_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.hall_id"))
    case_id: Mapped[str] = mapped_column(String(40))
    ticket_id: Mapped[str] = mapped_column(String(40))
    number: Mapped[str] = mapped_column(String(12))
    actor: Mapped[str] = mapped_column(String(40))
    linked_at: Mapped[datetime]
