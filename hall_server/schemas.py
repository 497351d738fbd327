"""The API's request and response bodies (pydantic), kept apart from the tables."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

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


class CaseUpdateIn(Strict):
    """Each key given replaces that part of the case wholesale."""

    answers: Answers | None = None
    form: dict[str, str] | None = None
    materials: dict[str, MaterialIn] | None = None
    overrides: dict[str, str] | None = None
    delivery: Literal["window", "post", "electronic"] | None = None


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
