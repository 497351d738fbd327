"""The case lifecycle: a state machine with guards, and the legal clocks in working days.

    received → prechecked → { corrected (当场更正)
                            | supplement_notified (补正告知, with its deadline)
                            | tolerance_accepted (容缺受理, commitment + deadlines)
                            | not_accepted (不予受理, reason, basis, where to apply, remedy) }
             → accepted (受理) → dispatched (一次分办) → decided (per department) → ready (待出件)
             → delivered (窗口 / 邮寄 / 电子);  withdrawn (撤回);  terminated (容缺逾期终止办理)

`Lifecycle` holds what every transition needs (the hall's `WorkingCalendar`, the catalog's field
dictionary, the `ClockPolicy`); its methods take a `CaseFile` and return the next one — nothing
is mutated, and nothing reads the clock: every action is told the business date it happens on.
An action not allowed in the current state raises `IllegalTransition`, one whose guard fails
raises `GuardFailed`; both name the state and the action in Chinese and English.

The clocks (行政许可法 §32, §42, §82 — periods in working days, the day of the event not counted):

* the supplement notice must be issued within 5 working days of receipt; a case still without
  notice after that is deemed accepted from the day of receipt (`deemed_accepted`);
* after a supplement, the acceptance date is the day the materials became complete;
* the promised completion date is the acceptance date plus the strictest (smallest) of the
  promised limits of the theme and of the selected items (`promised_working_days`);
* a tolerated material's deadline is its catalog period after acceptance, but never later than
  the promised completion date (hall_domain.md §1.3: 补齐时限 ≤ 承诺办结时限).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from hallcore.case.model import Case, MaterialRecord, MaterialState
from hallcore.case.precheck import Finding, FindingKind, Outcome, PrecheckResult, precheck
from hallcore.catalog.model import Delivery, FieldDef, ServiceItem, Theme
from hallcore.workdays import WorkingCalendar

__all__ = [
    "TRANSITIONS",
    "Action",
    "CaseFile",
    "CaseState",
    "ClockPolicy",
    "Decision",
    "Event",
    "GuardFailed",
    "IllegalTransition",
    "Lifecycle",
    "LifecycleError",
    "Refusal",
    "SubCase",
    "SupplementReceipt",
    "SupplementRequest",
    "Tolerance",
    "promised_working_days",
]


class CaseState(StrEnum):
    RECEIVED = "received"
    PRECHECKED = "prechecked"
    CORRECTED = "corrected"
    SUPPLEMENT_NOTIFIED = "supplement_notified"
    TOLERANCE_ACCEPTED = "tolerance_accepted"
    NOT_ACCEPTED = "not_accepted"
    ACCEPTED = "accepted"
    DISPATCHED = "dispatched"
    DECIDED = "decided"
    READY = "ready"
    DELIVERED = "delivered"
    WITHDRAWN = "withdrawn"
    TERMINATED = "terminated"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    CaseState.RECEIVED: "已收件",
    CaseState.PRECHECKED: "已初审",
    CaseState.CORRECTED: "已当场更正",
    CaseState.SUPPLEMENT_NOTIFIED: "已补正告知",
    CaseState.TOLERANCE_ACCEPTED: "已容缺受理",
    CaseState.NOT_ACCEPTED: "不予受理",
    CaseState.ACCEPTED: "已受理",
    CaseState.DISPATCHED: "已分办",
    CaseState.DECIDED: "各部门已办结",
    CaseState.READY: "待出件",
    CaseState.DELIVERED: "已出件",
    CaseState.WITHDRAWN: "已撤回",
    CaseState.TERMINATED: "已终止办理",
}


class Action(StrEnum):
    PRECHECK = "precheck"
    CORRECT_ON_SPOT = "correct_on_spot"
    NOTIFY_SUPPLEMENT = "notify_supplement"
    RECEIVE_SUPPLEMENT = "receive_supplement"
    ACCEPT_TOLERANCE = "accept_tolerance"
    RECEIVE_TOLERATED = "receive_tolerated"
    REFUSE = "refuse"
    ACCEPT = "accept"
    DEEM_ACCEPTED = "deem_accepted"
    DISPATCH = "dispatch"
    DECIDE = "decide"
    MARK_READY = "mark_ready"
    DELIVER = "deliver"
    WITHDRAW = "withdraw"
    TERMINATE = "terminate"

    @property
    def label(self) -> str:
        return _ACTION_LABELS[self]


_ACTION_LABELS = {
    Action.PRECHECK: "初审",
    Action.CORRECT_ON_SPOT: "当场更正",
    Action.NOTIFY_SUPPLEMENT: "一次性补正告知",
    Action.RECEIVE_SUPPLEMENT: "接收补正材料",
    Action.ACCEPT_TOLERANCE: "容缺受理",
    Action.RECEIVE_TOLERATED: "接收容缺补交材料",
    Action.REFUSE: "不予受理",
    Action.ACCEPT: "受理",
    Action.DEEM_ACCEPTED: "视为受理",
    Action.DISPATCH: "分办",
    Action.DECIDE: "登记部门办理结果",
    Action.MARK_READY: "待出件",
    Action.DELIVER: "出件",
    Action.WITHDRAW: "撤回申请",
    Action.TERMINATE: "终止办理",
}

S = CaseState
A = Action
_BEFORE_ACCEPTANCE = (S.RECEIVED, S.PRECHECKED, S.CORRECTED, S.SUPPLEMENT_NOTIFIED)
_TOLERANCE_OPEN = (S.TOLERANCE_ACCEPTED, S.ACCEPTED, S.DISPATCHED, S.DECIDED)

# The legal transitions: state → action → next state. An action missing here for a state is
# illegal there. A few actions may leave the state unchanged (a partial supplement, a department
# deciding while others have not); their entry names the state they lead to when they do move.
TRANSITIONS: Mapping[CaseState, Mapping[Action, CaseState]] = MappingProxyType(
    {
        S.RECEIVED: {
            A.PRECHECK: S.PRECHECKED,
            A.REFUSE: S.NOT_ACCEPTED,
            A.DEEM_ACCEPTED: S.ACCEPTED,
            A.WITHDRAW: S.WITHDRAWN,
        },
        S.PRECHECKED: {
            A.PRECHECK: S.PRECHECKED,
            A.CORRECT_ON_SPOT: S.CORRECTED,
            A.NOTIFY_SUPPLEMENT: S.SUPPLEMENT_NOTIFIED,
            A.ACCEPT_TOLERANCE: S.TOLERANCE_ACCEPTED,
            A.REFUSE: S.NOT_ACCEPTED,
            A.ACCEPT: S.ACCEPTED,
            A.DEEM_ACCEPTED: S.ACCEPTED,
            A.WITHDRAW: S.WITHDRAWN,
        },
        S.CORRECTED: {
            A.ACCEPT: S.ACCEPTED,
            A.DEEM_ACCEPTED: S.ACCEPTED,
            A.WITHDRAW: S.WITHDRAWN,
        },
        S.SUPPLEMENT_NOTIFIED: {
            A.RECEIVE_SUPPLEMENT: S.SUPPLEMENT_NOTIFIED,
            A.ACCEPT: S.ACCEPTED,
            A.REFUSE: S.NOT_ACCEPTED,
            A.WITHDRAW: S.WITHDRAWN,
        },
        S.TOLERANCE_ACCEPTED: {
            A.ACCEPT: S.ACCEPTED,
            A.RECEIVE_TOLERATED: S.TOLERANCE_ACCEPTED,
            A.TERMINATE: S.TERMINATED,
            A.WITHDRAW: S.WITHDRAWN,
        },
        S.ACCEPTED: {
            A.DISPATCH: S.DISPATCHED,
            A.RECEIVE_TOLERATED: S.ACCEPTED,
            A.TERMINATE: S.TERMINATED,
            A.WITHDRAW: S.WITHDRAWN,
        },
        S.DISPATCHED: {
            A.DECIDE: S.DECIDED,
            A.RECEIVE_TOLERATED: S.DISPATCHED,
            A.TERMINATE: S.TERMINATED,
            A.WITHDRAW: S.WITHDRAWN,
        },
        S.DECIDED: {
            A.MARK_READY: S.READY,
            A.RECEIVE_TOLERATED: S.DECIDED,
            A.TERMINATE: S.TERMINATED,
        },
        S.READY: {A.DELIVER: S.DELIVERED},
        S.NOT_ACCEPTED: {},
        S.DELIVERED: {},
        S.WITHDRAWN: {},
        S.TERMINATED: {},
    }
)


# --- errors -------------------------------------------------------------------------------------


class LifecycleError(Exception):
    """A refused lifecycle action, with the state and the action, in Chinese and English."""

    def __init__(self, state: CaseState, action: Action, message_zh: str, message_en: str) -> None:
        super().__init__(f"{message_zh} / {message_en}")
        self.state = state
        self.action = action
        self.message_zh = message_zh
        self.message_en = message_en


class IllegalTransition(LifecycleError):
    """The action is not allowed in the case's state at all."""

    def __init__(self, state: CaseState, action: Action) -> None:
        super().__init__(
            state,
            action,
            f"办件状态为“{state.label}”，不能执行“{action.label}”。",
            f"Action '{action.value}' is not allowed in state '{state.value}'.",
        )


class GuardFailed(LifecycleError):
    """The action is allowed in this state, but a condition of it does not hold."""

    def __init__(self, state: CaseState, action: Action, why_zh: str, why_en: str) -> None:
        super().__init__(
            state,
            action,
            f"办件状态为“{state.label}”，不能执行“{action.label}”：{why_zh}",
            f"Action '{action.value}' refused in state '{state.value}': {why_en}",
        )
        self.why_zh = why_zh
        self.why_en = why_en


# --- records ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClockPolicy:
    """The periods of the clocks, in working days.

    `notice_working_days` is the law's (行政许可法 §32(4)); `supplement_working_days`, the time
    the applicant gets to hand in a supplement, is a local rule (hall_domain.md §1.2, §8 item 6),
    a regional default the hall configures.
    """

    notice_working_days: int = 5
    supplement_working_days: int = 10


@dataclass(frozen=True, slots=True)
class Event:
    """One transition of the case, for the audit trail."""

    action: Action
    before: CaseState
    after: CaseState
    on: dt.date
    note: str = ""


@dataclass(frozen=True, slots=True)
class SupplementRequest:
    """What the 补正告知书 asks for: the items are the pre-check's supplement list itself."""

    items: tuple[Finding, ...]
    notified_on: dt.date
    deadline: dt.date

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(f.key for f in self.items)


@dataclass(frozen=True, slots=True)
class SupplementReceipt:
    """A supplement handed in (补正收件): refers to the request, so the lists are one object.

    `outstanding` are the request's items still open after the supplement; `unlisted` are open
    findings the request did not name — each one a breach of the one-time rule, kept for audit.
    """

    request: SupplementRequest
    received_on: dt.date
    outstanding: tuple[Finding, ...]
    unlisted: tuple[Finding, ...]

    @property
    def items(self) -> tuple[Finding, ...]:
        """The list received against: the very tuple the supplement notice printed."""
        return self.request.items

    @property
    def complete(self) -> bool:
        return not self.outstanding and not self.unlisted


@dataclass(frozen=True, slots=True)
class Tolerance:
    """A 容缺受理: the applicant's signed commitment and the deadline of each tolerated material."""

    items: tuple[Finding, ...]
    commitment_signed_on: dt.date
    deadlines: Mapping[str, dt.date]
    received: frozenset[str] = frozenset()

    @property
    def outstanding(self) -> frozenset[str]:
        return frozenset(self.deadlines) - self.received

    @property
    def latest_deadline(self) -> dt.date:
        return max(self.deadlines.values())


@dataclass(frozen=True, slots=True)
class Refusal:
    """A 不予受理 decision: reason, legal basis and where to apply instead (if anywhere)."""

    reason: str
    legal_basis: str
    apply_to: str
    decided_on: dt.date


@dataclass(frozen=True, slots=True)
class Decision:
    approved: bool
    opinion: str
    decided_on: dt.date


@dataclass(frozen=True, slots=True)
class SubCase:
    """The part of the case dispatched to one department (一次分办), with its decision."""

    department: str
    items: tuple[ServiceItem, ...]
    decision: Decision | None = None


@dataclass(frozen=True, slots=True)
class CaseFile:
    """A case and everything that happened to it: the unit the lifecycle moves."""

    case: Case
    state: CaseState = CaseState.RECEIVED
    history: tuple[Event, ...] = ()
    precheck: PrecheckResult | None = field(default=None, repr=False)
    supplement: SupplementRequest | None = field(default=None, repr=False)
    receipts: tuple[SupplementReceipt, ...] = field(default=(), repr=False)
    tolerance: Tolerance | None = field(default=None, repr=False)
    refusal: Refusal | None = field(default=None, repr=False)
    accepted_on: dt.date | None = None
    deemed: bool = False
    promised_days: int | None = None
    promised_due: dt.date | None = None
    subcases: tuple[SubCase, ...] = field(default=(), repr=False)
    delivery: Delivery | None = None
    delivered_on: dt.date | None = None
    withdrawn_reason: str = field(default="", repr=False)

    @property
    def received_on(self) -> dt.date:
        return self.case.received_on

    @property
    def completed_on(self) -> dt.date | None:
        """The day the supplement made the application complete, if one did."""
        done = [r for r in self.receipts if r.complete]
        return done[0].received_on if done else None

    def subcase(self, department: str) -> SubCase | None:
        return next((s for s in self.subcases if s.department == department), None)


def promised_working_days(theme: Theme, items: Iterable[ServiceItem]) -> int | None:
    """The promised limit of the whole case, in working days, or None if nothing promises one.

    The case is delivered at once (统一出件), so its promise is the one made for the whole 一件事:
    the theme's promised limit, or without one the longest promise of the selected items (the
    case cannot be delivered before its slowest item). An item's own shorter promise — a 即办
    item promises 0 days — binds that item's dispatch to its department, not the delivery of
    everything. No promise may exceed the law: the result never passes the strictest legal limit
    among the selected items.
    """
    items = tuple(items)
    promises = [i.promised_working_days for i in items if i.promised_working_days is not None]
    if theme.promised_working_days is not None:
        days: int | None = theme.promised_working_days
    else:
        days = max(promises) if promises else None
    legal = [i.legal_working_days for i in items if i.legal_working_days is not None]
    if legal:
        days = min(legal) if days is None else min(days, min(legal))
    return days


# --- the machine --------------------------------------------------------------------------------


class Lifecycle:
    """The transitions of a hall's cases (calendar, field dictionary and clock policy fixed)."""

    def __init__(
        self,
        calendar: WorkingCalendar,
        fields: Mapping[str, FieldDef],
        policy: ClockPolicy | None = None,
    ) -> None:
        self.calendar = calendar
        self.fields = fields
        self.policy = policy or ClockPolicy()

    # --- clocks ---------------------------------------------------------------------------------

    def notice_deadline(self, file: CaseFile) -> dt.date:
        """The last day a supplement notice may be issued (5 working days after receipt)."""
        return self.calendar.add_working_days(file.received_on, self.policy.notice_working_days)

    def deemed_accepted(self, file: CaseFile, on: dt.date) -> bool:
        """Whether the case counts as accepted on `on` because no notice came in time."""
        return (
            file.state
            in (
                S.RECEIVED,
                S.PRECHECKED,
                S.CORRECTED,
            )
            and self.calendar.working_days_between(file.received_on, on)
            > self.policy.notice_working_days
        )

    def promised_due(
        self, file: CaseFile, accepted_on: dt.date
    ) -> tuple[int | None, dt.date | None]:
        items = self._selected_items(file)
        days = promised_working_days(file.case.theme, items)
        due = None if days is None else self.calendar.add_working_days(accepted_on, days)
        return days, due

    # --- transitions ----------------------------------------------------------------------------

    def open(self, case: Case) -> CaseFile:
        """A new case file for a case just received."""
        return CaseFile(case)

    def run_precheck(self, file: CaseFile, case: Case, on: dt.date) -> CaseFile:
        """Pre-check `case` (the file's case, possibly with values corrected since)."""
        target = self._target(file, A.PRECHECK)
        result = precheck(case, self.fields, on)
        return self._move(file, A.PRECHECK, target, on, case=case, precheck=result)

    def correct_on_spot(self, file: CaseFile, corrected: Case, on: dt.date) -> CaseFile:
        """当场更正: only on-the-spot corrections were found, and the corrected case passes."""
        target = self._target(file, A.CORRECT_ON_SPOT)
        before = self._last_precheck(file, A.CORRECT_ON_SPOT)
        if before.outcome is not Outcome.CORRECT_ON_SPOT:
            raise GuardFailed(
                file.state,
                A.CORRECT_ON_SPOT,
                "初审发现的问题不都能当场更正。",
                "not every finding of the pre-check can be corrected on the spot.",
            )
        result = precheck(corrected, self.fields, on)
        if not result.passed:
            raise GuardFailed(
                file.state,
                A.CORRECT_ON_SPOT,
                f"更正后仍有{len(result.open_findings)}个问题。",
                f"{len(result.open_findings)} findings remain after the correction.",
            )
        return self._move(file, A.CORRECT_ON_SPOT, target, on, case=corrected, precheck=result)

    def notify_supplement(self, file: CaseFile, on: dt.date) -> CaseFile:
        """一次性补正告知: everything the pre-check listed, once, within 5 working days."""
        target = self._target(file, A.NOTIFY_SUPPLEMENT)
        result = self._last_precheck(file, A.NOTIFY_SUPPLEMENT)
        if result.outcome is Outcome.NOT_ELIGIBLE:
            raise GuardFailed(
                file.state,
                A.NOTIFY_SUPPLEMENT,
                "申请人不符合条件，补正不能解决，应作不予受理决定。",
                "the applicant is not eligible; no supplement cures that (refuse instead).",
            )
        if result.passed:
            raise GuardFailed(
                file.state,
                A.NOTIFY_SUPPLEMENT,
                "材料齐全、符合法定形式，应予受理。",
                "the application is complete and in legal form; accept it.",
            )
        self._within_notice_period(file, A.NOTIFY_SUPPLEMENT, on)
        request = SupplementRequest(
            result.supplement_items,
            on,
            self.calendar.add_working_days(on, self.policy.supplement_working_days),
        )
        return self._move(file, A.NOTIFY_SUPPLEMENT, target, on, supplement=request)

    def receive_supplement(self, file: CaseFile, case: Case, on: dt.date) -> CaseFile:
        """补正收件: the case with what was handed in; pre-checked against the request's list."""
        target = self._target(file, A.RECEIVE_SUPPLEMENT)
        request = file.supplement
        assert request is not None  # set by notify_supplement, the only way into this state
        result = precheck(case, self.fields, on)
        open_keys = {f.key for f in result.open_findings}
        receipt = SupplementReceipt(
            request,
            on,
            tuple(f for f in request.items if f.key in open_keys),
            tuple(f for f in result.open_findings if f.key not in request.keys),
        )
        return self._move(
            file,
            A.RECEIVE_SUPPLEMENT,
            target,
            on,
            case=case,
            precheck=result,
            receipts=(*file.receipts, receipt),
        )

    def accept_tolerance(self, file: CaseFile, on: dt.date, *, commitment_signed: bool) -> CaseFile:
        """容缺受理: only tolerable findings remain, the applicant signed the commitment."""
        action = A.ACCEPT_TOLERANCE
        target = self._target(file, action)
        result = self._last_precheck(file, action)
        open_ = result.open_findings
        if result.outcome is not Outcome.TOLERANCE or any(
            f.kind is not FindingKind.TOLERABLE for f in open_
        ):
            raise GuardFailed(
                file.state,
                action,
                "只有目录列为可容缺的次要材料缺少或有误时才能容缺受理，且其他问题须先解决。",
                "only materials the catalog lists as tolerable may be missing, and nothing else.",
            )
        if not commitment_signed:
            raise GuardFailed(
                file.state,
                action,
                "申请人尚未签署《容缺受理承诺书》。",
                "the applicant has not signed the tolerance commitment.",
            )
        self._within_notice_period(file, action, on)
        days, due = self.promised_due(file, on)
        deadlines: dict[str, dt.date] = {}
        for finding in open_:
            m = file.case.theme.material(finding.subject)
            own = self.calendar.add_working_days(on, m.tolerance_working_days or 0)
            deadline = own if due is None else min(own, due)
            if deadline <= on:
                raise GuardFailed(
                    file.state,
                    action,
                    f"承诺办结时限内没有补交“{m.name}”的时间。",
                    f"the promised limit leaves no time to hand in '{m.code}'.",
                )
            deadlines.setdefault(m.code, deadline)
        tolerance = Tolerance(open_, on, MappingProxyType(deadlines))
        records = [
            replace(
                file.case.materials.get(code) or MaterialRecord(code),
                state=MaterialState.TOLERATED,
                tolerance_deadline=deadline,
            )
            for code, deadline in deadlines.items()
        ]
        return self._move(
            file,
            action,
            target,
            on,
            case=file.case.with_materials(*records),
            tolerance=tolerance,
            accepted_on=on,
            promised_days=days,
            promised_due=due,
        )

    def receive_tolerated(self, file: CaseFile, record: MaterialRecord, on: dt.date) -> CaseFile:
        """A tolerated material handed in by its deadline."""
        action = A.RECEIVE_TOLERATED
        target = self._target(file, action)
        tolerance = file.tolerance
        if tolerance is None or record.code not in tolerance.outstanding:
            raise GuardFailed(
                file.state,
                action,
                "该材料不是待补交的容缺材料。",
                f"'{record.code}' is not an outstanding tolerated material.",
            )
        if on > tolerance.deadlines[record.code]:
            raise GuardFailed(
                file.state,
                action,
                "已超过容缺补交期限，应终止办理。",
                "the tolerance deadline has passed; terminate the case.",
            )
        if record.state is not MaterialState.PROVIDED:
            raise GuardFailed(
                file.state,
                action,
                "补交的材料应为已提交状态。",
                "the material handed in must be recorded as provided.",
            )
        return self._move(
            file,
            action,
            target,
            on,
            case=file.case.with_materials(record),
            tolerance=replace(tolerance, received=tolerance.received | {record.code}),
        )

    def terminate(self, file: CaseFile, on: dt.date) -> CaseFile:
        """终止办理: a tolerated material was not handed in by its deadline."""
        target = self._target(file, A.TERMINATE)
        tolerance = file.tolerance
        lapsed = (
            []
            if tolerance is None
            else [c for c in tolerance.outstanding if on > tolerance.deadlines[c]]
        )
        if not lapsed:
            raise GuardFailed(
                file.state,
                A.TERMINATE,
                "没有逾期未补交的容缺材料。",
                "no tolerated material is overdue.",
            )
        return self._move(file, A.TERMINATE, target, on, note=",".join(sorted(lapsed)))

    def refuse(
        self,
        file: CaseFile,
        on: dt.date,
        *,
        reason: str,
        legal_basis: str,
        apply_to: str = "",
    ) -> CaseFile:
        """不予受理, with its reason, legal basis and (if elsewhere) the agency to apply to."""
        target = self._target(file, A.REFUSE)
        if not reason.strip() or not legal_basis.strip():
            raise GuardFailed(
                file.state,
                A.REFUSE,
                "不予受理须写明理由和法律依据。",
                "a refusal needs a reason and its legal basis.",
            )
        refusal = Refusal(reason, legal_basis, apply_to, on)
        return self._move(file, A.REFUSE, target, on, refusal=refusal)

    def accept(self, file: CaseFile, on: dt.date) -> CaseFile:
        """受理. After a supplement the acceptance date is the day it became complete."""
        target = self._target(file, A.ACCEPT)
        if file.state is S.TOLERANCE_ACCEPTED:
            accepted_on = file.accepted_on
            assert accepted_on is not None  # set by accept_tolerance
        elif file.state is S.SUPPLEMENT_NOTIFIED:
            completed = file.completed_on
            if completed is None:
                raise GuardFailed(
                    file.state,
                    A.ACCEPT,
                    "补正材料尚未齐全。",
                    "the supplement is not complete yet.",
                )
            accepted_on = completed
        else:
            result = self._last_precheck(file, A.ACCEPT)
            if not result.passed:
                raise GuardFailed(
                    file.state,
                    A.ACCEPT,
                    f"初审还有{len(result.open_findings)}个问题未解决。",
                    f"{len(result.open_findings)} pre-check findings are still open.",
                )
            # Late acceptance: once the notice period ran out the case was accepted by law
            # from the day of receipt, and the clocks run from there.
            accepted_on = file.received_on if self.deemed_accepted(file, on) else on
        days, due = self.promised_due(file, accepted_on)
        return self._move(
            file,
            A.ACCEPT,
            target,
            on,
            accepted_on=accepted_on,
            deemed=accepted_on != on and file.state in (S.PRECHECKED, S.CORRECTED),
            promised_days=days,
            promised_due=due,
        )

    def deem_accepted(self, file: CaseFile, on: dt.date) -> CaseFile:
        """视为受理: no notice within 5 working days; accepted from the day of receipt."""
        target = self._target(file, A.DEEM_ACCEPTED)
        if not self.deemed_accepted(file, on):
            raise GuardFailed(
                file.state,
                A.DEEM_ACCEPTED,
                f"收件后{self.policy.notice_working_days}个工作日的告知期限"
                f"（至{self.notice_deadline(file).isoformat()}）尚未届满。",
                f"the notice period runs until {self.notice_deadline(file).isoformat()}.",
            )
        days, due = self.promised_due(file, file.received_on)
        return self._move(
            file,
            A.DEEM_ACCEPTED,
            target,
            on,
            accepted_on=file.received_on,
            deemed=True,
            promised_days=days,
            promised_due=due,
        )

    def dispatch(self, file: CaseFile, on: dt.date) -> CaseFile:
        """一次分办: one sub-case per department of the selected items, lead department first."""
        target = self._target(file, A.DISPATCH)
        items = self._selected_items(file)
        theme = file.case.theme
        departments = list(dict.fromkeys([*theme.departments, *(i.department for i in items)]))
        subcases = tuple(
            SubCase(d, tuple(i for i in items if i.department == d))
            for d in departments
            if any(i.department == d for i in items)
        )
        return self._move(file, A.DISPATCH, target, on, subcases=subcases)

    def decide(
        self, file: CaseFile, department: str, on: dt.date, *, approved: bool, opinion: str = ""
    ) -> CaseFile:
        """A department's decision on its sub-case; the case is decided when all have decided."""
        target = self._target(file, A.DECIDE)
        sub = file.subcase(department)
        if sub is None or sub.decision is not None:
            raise GuardFailed(
                file.state,
                A.DECIDE,
                "该部门没有待办理的子件。",
                f"department '{department}' has no open sub-case.",
            )
        if not approved and not opinion.strip():
            raise GuardFailed(
                file.state,
                A.DECIDE,
                "不予办理须填写意见。",
                "a rejection needs an opinion.",
            )
        subcases = tuple(
            replace(s, decision=Decision(approved, opinion, on)) if s is sub else s
            for s in file.subcases
        )
        if any(s.decision is None for s in subcases):
            target = file.state
        return self._move(file, A.DECIDE, target, on, subcases=subcases, note=department)

    def mark_ready(self, file: CaseFile, on: dt.date) -> CaseFile:
        """待出件: every result is in, and every tolerated material was handed in."""
        target = self._target(file, A.MARK_READY)
        if file.tolerance is not None and file.tolerance.outstanding:
            raise GuardFailed(
                file.state,
                A.MARK_READY,
                "尚有容缺材料未补交。",
                "tolerated materials are still outstanding.",
            )
        return self._move(file, A.MARK_READY, target, on)

    def deliver(self, file: CaseFile, method: Delivery, on: dt.date) -> CaseFile:
        """统一出件 by one of the theme's delivery methods."""
        target = self._target(file, A.DELIVER)
        allowed = file.case.theme.delivery
        if allowed and method not in allowed:
            raise GuardFailed(
                file.state,
                A.DELIVER,
                f"本事项不支持“{method.label}”。",
                f"the theme does not deliver by '{method.value}'.",
            )
        return self._move(
            file, A.DELIVER, target, on, delivery=method, delivered_on=on, note=method.value
        )

    def withdraw(self, file: CaseFile, on: dt.date, *, reason: str) -> CaseFile:
        """撤回: the applicant withdraws the application."""
        target = self._target(file, A.WITHDRAW)
        return self._move(file, A.WITHDRAW, target, on, withdrawn_reason=reason)

    # --- internals ------------------------------------------------------------------------------

    def _target(self, file: CaseFile, action: Action) -> CaseState:
        target = TRANSITIONS[file.state].get(action)
        if target is None:
            raise IllegalTransition(file.state, action)
        return target

    def _last_precheck(self, file: CaseFile, action: Action) -> PrecheckResult:
        if file.precheck is None:
            raise GuardFailed(
                file.state, action, "尚未初审。", "the case has not been pre-checked."
            )
        return file.precheck

    def _within_notice_period(self, file: CaseFile, action: Action, on: dt.date) -> None:
        if self.deemed_accepted(file, on):
            raise GuardFailed(
                file.state,
                action,
                f"已超过收件后{self.policy.notice_working_days}个工作日的告知期限"
                f"（{self.notice_deadline(file).isoformat()}），依法视为自收件之日起受理。",
                f"the notice period ended on {self.notice_deadline(file).isoformat()}; the case "
                f"is deemed accepted from the day of receipt.",
            )

    def _selected_items(self, file: CaseFile) -> tuple[ServiceItem, ...]:
        if file.precheck is not None:
            return tuple(s.item for s in file.precheck.resolution.items)
        result = precheck(file.case, self.fields, file.received_on)
        return tuple(s.item for s in result.resolution.items)

    def _move(
        self,
        file: CaseFile,
        action: Action,
        target: CaseState,
        on: dt.date,
        note: str = "",
        **changes: Any,
    ) -> CaseFile:
        if isinstance(on, dt.datetime):
            raise TypeError("on is the hall's business date: a date, not a datetime")
        event = Event(action, file.state, target, on, note)
        return replace(file, state=target, history=(*file.history, event), **changes)
