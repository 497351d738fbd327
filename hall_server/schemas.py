"""The API's request and response bodies (pydantic), kept apart from the tables."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from hallcore.queue import Channel, TicketState, WindowState


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginIn(Strict):
    hall_id: str = Field(min_length=1, max_length=64)
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)


class TokenOut(BaseModel):
    token: str
    role: str
    hall_id: str


class MeOut(BaseModel):
    hall_id: str
    role: str
    actor: str
    permissions: list[str]
    display_name: str | None = None  # a user's (a device has none)
    department: str | None = None  # a department user's catalog department


class UserIn(Strict):
    username: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    display_name: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=8, max_length=200)
    role: Literal["clerk", "dept", "manager", "admin"]
    permissions: list[Literal["queue.call_specific", "queue.green_channel"]] = []
    department: str | None = Field(default=None, min_length=1, max_length=32)  # role dept only


class UserOut(BaseModel):
    id: int
    username: str
    display_name: str
    role: str
    department: str | None = None


class DeviceIn(Strict):
    name: str = Field(min_length=1, max_length=100)
    role: Literal["kiosk", "board"]


class DeviceOut(BaseModel):
    id: int
    name: str
    role: str
    token: str


class Done(BaseModel):
    ok: bool = True


class SlotIn(Strict):
    start: AwareDatetime
    end: AwareDatetime


class IssueIn(Strict):
    """Exactly one of `queue` and `theme` (the theme's queue is used)."""

    queue: str | None = Field(default=None, min_length=1, max_length=32)
    theme: str | None = Field(default=None, min_length=1, max_length=64)
    channel: Literal["kiosk", "window", "mobile"] = "kiosk"
    priority: str | None = Field(default=None, min_length=1, max_length=32)
    applicant_id: str | None = Field(default=None, min_length=1, max_length=64)
    appointment: SlotIn | None = None


class TicketOut(BaseModel):
    """A ticket as staff see it (the priority class is for staff only; no identity)."""

    ticket_id: str
    number: str
    queue: str
    state: TicketState
    state_zh: str
    channel: Channel
    business_date: date
    taken_at: datetime
    theme: str | None
    priority: str | None
    window: int | None
    called_at: datetime | None
    first_called_at: datetime | None = None  # its wait ended here, even after a no-show requeue
    recalls: int
    requeues: int
    transfers: int


class IssuedOut(BaseModel):
    ticket: TicketOut
    status_secret: str
    waiting_ahead: int
    #: hallcore's estimate, rounded for a ticket (at least 5, steps of 5); None: no window
    #: serving the queue is open. Made at answer time, so a replay gets a fresh one.
    estimated_wait_minutes: int | None = None


class PublicTicketOut(BaseModel):
    ticket_id: str  # what a rating (好差评) names
    number: str
    queue: str
    state: TicketState
    state_zh: str
    window: int | None
    waiting_ahead: int
    estimated_wait_minutes: int | None = None


class WindowOut(BaseModel):
    number: int
    name_zh: str
    state: WindowState
    state_zh: str
    reason: str | None
    ticket_number: str | None
    since: datetime | None


class CallOut(BaseModel):
    """The result of a call: the ticket, or null when nothing is waiting for the window."""

    ticket: TicketOut | None


class TicketRef(Strict):
    ticket_id: str = Field(min_length=1, max_length=40)


class CallSpecificIn(TicketRef):
    reason: str = Field(default="", max_length=200)


class ParkIn(TicketRef):
    reason: str = Field(min_length=1, max_length=200)


class NoShowIn(TicketRef):
    reason: str | None = Field(default=None, max_length=200)


class TransferIn(TicketRef):
    to_queue: str = Field(min_length=1, max_length=32)
    to_front: bool | None = None
    reason: str | None = Field(default=None, max_length=200)


class PauseIn(Strict):
    reason: str = Field(min_length=1, max_length=200)


class SnapshotOut(BaseModel):
    """Everything a board or desk needs to resync: consistent with events up to `seq`."""

    hall_id: str
    business_date: date
    seq: int
    windows: list[WindowOut]
    tickets: list[PublicTicketOut]


class QueueOut(BaseModel):
    code: str
    prefix: str
    name_zh: str
    name_en: str
    themes: list[str]


class HallWindowOut(BaseModel):
    number: int
    name_zh: str
    serves: dict[str, int]


class HallOut(BaseModel):
    hall_id: str
    name_zh: str
    time_zone: str
    queues: list[QueueOut]
    windows: list[HallWindowOut]
    sessions: list[str]
    priority_classes: list[str]


class HealthOut(BaseModel):
    status: Literal["ok"] = "ok"


#: 好差评 levels, 5 to 1; 1 and 2 are 差评 (a reason is required).
RATING_LABELS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}


class RatingIn(Strict):
    ticket_id: str = Field(min_length=1, max_length=40)
    level: int = Field(ge=1, le=5)
    reason: str | None = Field(default=None, max_length=500)


class FollowUpIn(Strict):
    note: str = Field(min_length=1, max_length=1000)
    resolved: bool = False


class FollowUpOut(BaseModel):
    id: int
    note: str
    resolved: bool
    actor: str
    created_at: datetime


class RatingOut(BaseModel):
    id: int
    ticket_id: str
    number: str
    window: int | None
    level: int
    label_zh: str
    bad: bool
    reason: str | None
    created_at: datetime
    follow_ups: list[FollowUpOut]


class PartyIn(Strict):
    kind: Literal["person", "company"] = "person"
    name: str = Field(min_length=1, max_length=100)
    id_number: str = Field(min_length=1, max_length=32)
    phone: str = Field(default="", max_length=32)
    address: str = Field(default="", max_length=200)
    legal_representative: str = Field(default="", max_length=100)


class MaterialIn(Strict):
    state: Literal["provided", "committed", "tolerated", "missing"] = "provided"
    pages: list[str] = Field(default=[], max_length=500)
    copies: int = Field(default=1, ge=1, le=99)
    expires_on: date | None = None
    ticked: list[Literal["not_expired", "signed", "sealed", "legible", "original_seen"]] = []
    recorded: dict[str, str] = {}


Answers = dict[str, list[str]]


class CaseIn(Strict):
    theme: str = Field(min_length=1, max_length=64)
    applicant: PartyIn
    agent: PartyIn | None = None
    answers: Answers = {}
    form: dict[str, str] = {}
    materials: dict[str, MaterialIn] = {}
    delivery: Literal["window", "post", "electronic"] | None = None
    #: The ticket this visit was called on: linked to the case (`GET /cases/{id}/data`).
    ticket_id: str | None = Field(default=None, min_length=1, max_length=40)


class CaseUpdateIn(Strict):
    """Each key given replaces that part of the case wholesale; `ticket_id` links the ticket
    of this visit (a returning applicant's new ticket links to the same case)."""

    answers: Answers | None = None
    form: dict[str, str] | None = None
    materials: dict[str, MaterialIn] | None = None
    overrides: dict[str, str] | None = None
    delivery: Literal["window", "post", "electronic"] | None = None
    ticket_id: str | None = Field(default=None, min_length=1, max_length=40)


class CaseOut(BaseModel):
    """A case as a list or a header shows it: the applicant masked."""

    case_id: str
    theme: str
    state: str
    applicant_name: str
    applicant_id: str
    revision: int
    created_at: datetime
    updated_at: datetime


class FindingOut(BaseModel):
    key: str
    rule: str
    kind: str
    subject: str
    subject_name: str
    message_zh: str
    message_en: str
    standard: str


class PrecheckOut(BaseModel):
    case: CaseOut
    passed: bool
    findings: list[FindingOut]


class CaseActionOut(BaseModel):
    seq: int
    action: str
    actor: str
    at: datetime
    business_date: date
    summary: dict[str, object]


class CaseDecisionIn(Strict):
    """The decision after the pre-check: 补正告知, 容缺受理, 不予受理 or 受理."""

    outcome: Literal["supplement", "tolerance", "not_accepted", "accept"]
    commitment_signed: bool = False
    reason: str = Field(default="", max_length=500)
    legal_basis: str = Field(default="", max_length=500)
    apply_to: str = Field(default="", max_length=200)


class DepartmentDecisionIn(Strict):
    department: str = Field(min_length=1, max_length=64)
    approved: bool
    opinion: str = Field(default="", max_length=1000)


class DeliverIn(Strict):
    method: Literal["window", "post", "electronic"]


class WithdrawIn(Strict):
    reason: str = Field(min_length=1, max_length=500)


class CaseStateOut(BaseModel):
    case: CaseOut
    state_zh: str
    accepted_on: date | None
    promised_due: date | None


# --- pages and the rest of the case routes (issue 5) -----------------------------------------


class PageOut(BaseModel):
    """A complete page (201 when this upload completed it, 200 when it already was)."""

    sha256: str
    size: int
    complete: Literal[True] = True


class PagePartOut(BaseModel):
    """A partial upload (202): `received` bytes of `size` so far."""

    sha256: str
    received: int
    size: int
    complete: Literal[False] = False


class PageRefOut(BaseModel):
    sha256: str
    size: int
    media_type: str


class MaterialOut(BaseModel):
    """A material record as the desk shows it (what was read off the document stays sealed)."""

    code: str
    state: str
    copies: int
    expires_on: date | None
    ticked: list[str]
    tolerance_deadline: date | None
    pages: list[PageRefOut]


class FetchedMaterialOut(BaseModel):
    """A material the e-license or data-sharing look-up found for the applicant."""

    material: str
    way: str
    source: str
    valid_until: date | None


class CaseDetailOut(CaseOut):
    """`GET /cases/{id}`: the header, the material records with their pages, what the
    e-license look-up found, and the clocks of acceptance."""

    state_zh: str
    materials: list[MaterialOut]
    fetched: list[FetchedMaterialOut]
    unavailable: dict[str, list[str]]
    accepted_on: date | None
    promised_due: date | None
    notice_deadline: date
    deemed_acceptance_due: bool


class PrefillValueOut(BaseModel):
    value: str
    material: str
    way: str
    source: str


class PrefillOut(BaseModel):
    """Form values the look-up supplies, by field key (the desk prefills its merged form)."""

    case_id: str
    values: dict[str, PrefillValueOut]


class ReceiveToleratedIn(Strict):
    """容缺补交: the tolerated material handed in after acceptance, with its pages."""

    material: str = Field(min_length=1, max_length=64)
    record: MaterialIn


# --- a case's data for window staff (GET /cases/{id}/data) -----------------------------------


class PartyOut(BaseModel):
    """A party as `PartyIn` gives it, unmasked (window staff serve the person)."""

    kind: Literal["person", "company"]
    name: str
    id_number: str
    phone: str
    address: str
    legal_representative: str


class DepartmentDecisionOut(BaseModel):
    department: str
    department_name: str
    approved: bool
    opinion: str
    at: datetime


class CaseTicketOut(BaseModel):
    ticket_id: str
    number: str


class CaseDataOut(BaseModel):
    """What the applicant gave and what the departments decided, for the window that serves
    the case (every read is a `data_read` row of the case's audit log)."""

    case_id: str
    theme: str
    state: str
    answers: dict[str, list[str]]
    form: dict[str, str]
    applicant: PartyOut
    agent: PartyOut | None
    delivery: Literal["window", "post", "electronic"] | None
    items: list[str]
    decisions: list[DepartmentDecisionOut]
    tickets: list[CaseTicketOut]
    #: the warnings a window let pass, with its reasons (by finding key), so another window
    #: carries on from the same pre-check
    overrides: dict[str, str] = {}


# --- the kiosk's pre-scan draft (PUT/GET /tickets/{id}/draft) ----------------------------------

#: At most this many materials in a draft, and pages per material.
DRAFT_MAX_MATERIALS = 60
DRAFT_MAX_PAGES = 50
_Code = Annotated[str, StringConstraints(min_length=1, max_length=64)]
_PageHash = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
_AnswerValues = Annotated[
    list[Annotated[str, StringConstraints(max_length=100)]], Field(max_length=20)
]
_PageList = Annotated[list[_PageHash], Field(max_length=DRAFT_MAX_PAGES)]


class KioskDraftIn(Strict):
    """What the person pre-scanned at the kiosk while waiting: the theme, the situation answers,
    each material's pages (uploaded first through `PUT /pages/{sha256}`) and a short note."""

    theme: str | None = Field(default=None, min_length=1, max_length=64)
    answers: dict[_Code, _AnswerValues] = Field(default={}, max_length=100)
    materials: dict[_Code, _PageList] = Field(default={}, max_length=DRAFT_MAX_MATERIALS)
    note: str = Field(default="", max_length=200)


class KioskDraftOut(BaseModel):
    ticket_id: str
    number: str
    theme: str | None
    answers: dict[str, list[str]]
    materials: dict[str, list[str]]
    note: str
    updated_at: datetime


# --- appointments (预约签到) -------------------------------------------------------------------


class AppointmentIn(Strict):
    """A booking: exactly one of `theme` and `queue`, the slot (inside one opening session of a
    working day, not past), and optionally the applicant's ID number."""

    theme: str | None = Field(default=None, min_length=1, max_length=64)
    queue: str | None = Field(default=None, min_length=1, max_length=32)
    start: AwareDatetime
    end: AwareDatetime
    applicant_id: str | None = Field(default=None, min_length=1, max_length=32)
    channel: Literal["online", "phone", "window"] = "online"


class AppointmentOut(BaseModel):
    appointment_id: str
    code: str  # 8 digits: the kiosk's keypad and a QR reader type it
    queue: str
    theme: str | None
    start: datetime
    end: datetime
    state: Literal["booked", "checked_in", "cancelled"]
    applicant_id: str | None  # masked
    ticket_id: str | None  # once checked in


class CheckInIn(Strict):
    code: str = Field(min_length=1, max_length=32)


class CheckInSlotOut(BaseModel):
    appointment_id: str
    start: datetime
    end: datetime
    #: Checked in later than the hall's late limit: queued as a walk-in (by check-in time).
    lapsed: bool


class CheckInOut(IssuedOut):
    """`POST /appointments/check-in`: the ticket as `POST /tickets` answers it, and the slot."""

    appointment: CheckInSlotOut
