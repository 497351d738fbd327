"""The case lifecycle: every transition, every illegal one, and the clocks across 2024 国庆."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

import pytest

from hallcore.case.lifecycle import (
    TRANSITIONS,
    Action,
    CaseFile,
    CaseState,
    GuardFailed,
    IllegalTransition,
    Lifecycle,
    promised_working_days,
)
from hallcore.case.model import Case, MaterialRecord
from hallcore.catalog.model import Delivery, FulfilWay
from tests.hallcore.case.builders import (
    CALENDAR,
    NEWBORN,
    TODAY,
    household_book,
    lifecycle,
    newborn_case,
    promising,
)

D = dt.date
LC = lifecycle()
# 2024 国庆: 10-01..07 rest; Sunday 09-29 and Saturday 10-12 are 调休 working days.
RECEIVED = TODAY  # Friday 2024-09-27


def checked(case: Case | None = None, on: dt.date = RECEIVED) -> CaseFile:
    case = case or newborn_case()
    return LC.run_precheck(LC.open(case), case, on)


def missing_book_theme() -> object:
    return replace(
        NEWBORN,
        materials=tuple(
            replace(m, fulfil=(FulfilWay.SUBMIT,)) if m.code == "HOUSEHOLD_BOOK" else m
            for m in NEWBORN.materials
        ),
    )


# --- clocks --------------------------------------------------------------------------------------


def test_notice_deadline_crosses_national_day_and_a_working_sunday() -> None:
    file = LC.open(newborn_case())
    # 09-29 (Sun, 调休) 1, 09-30 2, [10-01..07 rest], 10-08 3, 10-09 4, 10-10 5.
    assert CALENDAR.add_working_days(RECEIVED, 1) == D(2024, 9, 29)
    assert LC.notice_deadline(file) == D(2024, 10, 10)
    assert not LC.deemed_accepted(file, D(2024, 10, 10))
    assert LC.deemed_accepted(file, D(2024, 10, 11))


def test_deemed_acceptance_dates_from_receipt() -> None:
    file = LC.open(newborn_case())
    with pytest.raises(GuardFailed, match="2024-10-10"):
        LC.deem_accepted(file, D(2024, 10, 10))
    deemed = LC.deem_accepted(file, D(2024, 10, 11))
    assert deemed.state is CaseState.ACCEPTED
    assert deemed.accepted_on == RECEIVED
    assert deemed.deemed


def test_supplement_notice_after_the_period_is_refused() -> None:
    file = checked(newborn_case(missing_book_theme(), materials={}))  # type: ignore[arg-type]
    with pytest.raises(GuardFailed, match="视为"):
        LC.notify_supplement(file, D(2024, 10, 11))
    assert LC.notify_supplement(file, D(2024, 10, 10)).state is CaseState.SUPPLEMENT_NOTIFIED


def test_the_case_promise_is_the_themes_and_never_beyond_the_law() -> None:
    theme = promising(NEWBORN, 5)
    # An item's shorter promise (here 3; 即办 would be 0) binds its own dispatch, not the case.
    theme = replace(
        theme, items=(replace(theme.items[0], promised_working_days=3), *theme.items[1:])
    )
    assert promised_working_days(theme, theme.items) == 5
    # Without a theme promise, the slowest selected item sets it.
    assert promised_working_days(replace(theme, promised_working_days=None), theme.items) == 5
    assert promised_working_days(replace(theme, promised_working_days=None), theme.items[:1]) == 3
    # A promise never exceeds the strictest legal limit of the selected items.
    strict = replace(theme.items[1], legal_working_days=4)
    assert promised_working_days(theme, (theme.items[0], strict)) == 4
    assert promised_working_days(replace(theme, promised_working_days=None, items=()), ()) is None


def test_promised_completion_counts_working_days_across_national_day() -> None:
    three = LC.accept(checked(newborn_case(promising(NEWBORN, 3)), D(2024, 9, 30)), D(2024, 9, 30))
    assert three.promised_days == 3
    # 09-30 accepted: 10-08, 10-09, 10-10.
    assert three.promised_due == D(2024, 10, 10)
    five = LC.accept(checked(newborn_case(promising(NEWBORN, 5)), D(2024, 9, 30)), D(2024, 9, 30))
    assert five.promised_due == D(2024, 10, 12)  # the 调休 Saturday is the fifth working day


def test_acceptance_after_supplement_is_the_day_it_became_complete() -> None:
    theme = promising(missing_book_theme(), 2)  # type: ignore[arg-type]
    case = newborn_case(theme, materials={})
    file = LC.notify_supplement(checked(case), RECEIVED)
    partial = LC.receive_supplement(file, case, D(2024, 10, 8))
    assert not partial.receipts[-1].complete
    with pytest.raises(GuardFailed):
        LC.accept(partial, D(2024, 10, 8))
    done = LC.receive_supplement(partial, case.with_materials(household_book()), D(2024, 10, 9))
    receipt = done.receipts[-1]
    assert receipt.complete
    assert receipt.items is file.supplement.items
    accepted = LC.accept(done, D(2024, 10, 11))
    assert accepted.accepted_on == D(2024, 10, 9)
    assert accepted.promised_due == D(2024, 10, 11)


def test_tolerance_deadline_is_capped_by_the_promised_limit() -> None:
    theme = promising(NEWBORN, 2)  # HOUSEHOLD_BOOK tolerates 3 working days
    file = checked(newborn_case(theme, materials={}))
    accepted = LC.accept_tolerance(file, RECEIVED, commitment_signed=True)
    assert accepted.state is CaseState.TOLERANCE_ACCEPTED
    assert accepted.promised_due == D(2024, 9, 30)
    assert accepted.tolerance.deadlines == {"HOUSEHOLD_BOOK": D(2024, 9, 30)}  # type: ignore[union-attr]
    roomy = LC.accept_tolerance(
        checked(newborn_case(promising(NEWBORN, 10), materials={})),
        RECEIVED,
        commitment_signed=True,
    )
    assert roomy.tolerance.deadlines == {"HOUSEHOLD_BOOK": D(2024, 10, 8)}  # type: ignore[union-attr]


def test_tolerance_needs_room_commitment_and_only_tolerable_findings() -> None:
    same_day = checked(newborn_case(promising(NEWBORN, 0), materials={}))  # a 即办 theme
    with pytest.raises(GuardFailed, match="没有补交"):
        LC.accept_tolerance(same_day, RECEIVED, commitment_signed=True)
    # The fixture's 即办 item NB-03 does not take the room away from the 5-day theme.
    fixture = checked(newborn_case(materials={}))
    assert LC.accept_tolerance(fixture, RECEIVED, commitment_signed=True).state is (
        CaseState.TOLERANCE_ACCEPTED
    )
    file = checked(newborn_case(promising(NEWBORN, 10), materials={}))
    with pytest.raises(GuardFailed, match="承诺书"):
        LC.accept_tolerance(file, RECEIVED, commitment_signed=False)
    other = checked(newborn_case(promising(NEWBORN, 10), materials={}).with_form(applicant_name=""))
    with pytest.raises(GuardFailed, match="容缺"):
        LC.accept_tolerance(other, RECEIVED, commitment_signed=True)


# --- the happy paths, transition by transition ----------------------------------------------------


def test_accept_dispatch_decide_ready_deliver() -> None:
    file = checked()
    assert file.state is CaseState.PRECHECKED
    file = LC.accept(file, RECEIVED)
    assert (file.state, file.accepted_on) == (CaseState.ACCEPTED, RECEIVED)
    file = LC.dispatch(file, RECEIVED)
    assert file.state is CaseState.DISPATCHED
    assert [s.department for s in file.subcases] == [
        "health",
        "public_security",
        "medical_insurance",
    ]
    file = LC.decide(file, "health", D(2024, 9, 29), approved=True)
    assert file.state is CaseState.DISPATCHED  # others still deciding
    with pytest.raises(GuardFailed):
        LC.decide(file, "health", D(2024, 9, 29), approved=True)
    with pytest.raises(GuardFailed, match="意见"):
        LC.decide(file, "public_security", D(2024, 9, 29), approved=False)
    file = LC.decide(file, "public_security", D(2024, 9, 30), approved=True)
    file = LC.decide(file, "medical_insurance", D(2024, 9, 30), approved=False, opinion="已参保")
    assert file.state is CaseState.DECIDED
    file = LC.mark_ready(file, D(2024, 9, 30))
    assert file.state is CaseState.READY
    with pytest.raises(GuardFailed):
        LC.deliver(file, Delivery.ELECTRONIC, D(2024, 10, 8))  # NEWBORN: window or post
    file = LC.deliver(file, Delivery.POST, D(2024, 10, 8))
    assert (file.state, file.delivery) == (CaseState.DELIVERED, Delivery.POST)
    assert [e.action for e in file.history] == [
        Action.PRECHECK,
        Action.ACCEPT,
        Action.DISPATCH,
        Action.DECIDE,
        Action.DECIDE,
        Action.DECIDE,
        Action.MARK_READY,
        Action.DELIVER,
    ]


def test_accept_refuses_open_findings() -> None:
    with pytest.raises(GuardFailed, match="1个问题"):
        LC.accept(checked(newborn_case().with_form(applicant_name="")), RECEIVED)


def test_correct_on_spot() -> None:
    wrong = newborn_case().with_form(applicant_name="")
    file = checked(wrong)
    with pytest.raises(GuardFailed, match="仍有"):
        LC.correct_on_spot(file, wrong, RECEIVED)
    file = LC.correct_on_spot(file, newborn_case(), RECEIVED)
    assert file.state is CaseState.CORRECTED
    assert LC.accept(file, RECEIVED).state is CaseState.ACCEPTED
    blocking = checked(newborn_case(missing_book_theme(), materials={}))  # type: ignore[arg-type]
    with pytest.raises(GuardFailed, match="当场更正"):
        LC.correct_on_spot(blocking, newborn_case(), RECEIVED)


def test_supplement_guards() -> None:
    with pytest.raises(GuardFailed, match="齐全"):
        LC.notify_supplement(checked(), RECEIVED)
    ineligible = checked(newborn_case().with_form(child_birth_date="2022-01-01"))
    with pytest.raises(GuardFailed, match="不予受理"):
        LC.notify_supplement(ineligible, RECEIVED)


def test_refuse_needs_reason_and_basis() -> None:
    file = checked(newborn_case().with_form(child_birth_date="2022-01-01"))
    with pytest.raises(GuardFailed):
        LC.refuse(file, RECEIVED, reason="", legal_basis="行政许可法第三十二条")
    refused = LC.refuse(
        file, RECEIVED, reason="新生儿已满一周岁", legal_basis="行政许可法第三十二条"
    )
    assert refused.state is CaseState.NOT_ACCEPTED
    assert refused.refusal.reason == "新生儿已满一周岁"  # type: ignore[union-attr]


def test_tolerated_material_received_then_ready_or_lapsed_then_terminated() -> None:
    file = LC.accept_tolerance(
        checked(newborn_case(promising(NEWBORN, 10), materials={})),
        RECEIVED,
        commitment_signed=True,
    )
    assert file.case.materials["HOUSEHOLD_BOOK"].tolerance_deadline == D(2024, 10, 8)
    accepted = LC.accept(file, D(2024, 9, 29))
    assert accepted.accepted_on == RECEIVED
    with pytest.raises(GuardFailed):
        LC.terminate(accepted, D(2024, 10, 8))  # not lapsed yet
    lapsed = LC.terminate(accepted, D(2024, 10, 9))
    assert lapsed.state is CaseState.TERMINATED
    with pytest.raises(GuardFailed, match="期限"):
        LC.receive_tolerated(accepted, household_book(), D(2024, 10, 9))
    decided = LC.dispatch(accepted, D(2024, 9, 30))
    for dept in ("health", "public_security", "medical_insurance"):
        decided = LC.decide(decided, dept, D(2024, 9, 30), approved=True)
    with pytest.raises(GuardFailed, match="容缺"):
        LC.mark_ready(decided, D(2024, 9, 30))
    decided = LC.receive_tolerated(decided, household_book(), D(2024, 10, 8))
    assert decided.state is CaseState.DECIDED
    with pytest.raises(GuardFailed):
        LC.receive_tolerated(decided, household_book(), D(2024, 10, 8))
    assert LC.mark_ready(decided, D(2024, 10, 8)).state is CaseState.READY


def test_withdraw() -> None:
    file = LC.withdraw(checked(), RECEIVED, reason="申请人撤回")
    assert file.state is CaseState.WITHDRAWN
    assert file.withdrawn_reason == "申请人撤回"


def test_pure_dates_only() -> None:
    with pytest.raises(TypeError):
        LC.accept(checked(), dt.datetime(2024, 9, 27, 10))  # type: ignore[arg-type]


# --- every illegal transition ---------------------------------------------------------------------


def _call(action: Action) -> Callable[[Lifecycle, CaseFile], CaseFile]:
    case = newborn_case()
    book = MaterialRecord("HOUSEHOLD_BOOK", pages=("p",))
    calls: dict[Action, Callable[[Lifecycle, CaseFile], CaseFile]] = {
        Action.PRECHECK: lambda lc, f: lc.run_precheck(f, case, RECEIVED),
        Action.CORRECT_ON_SPOT: lambda lc, f: lc.correct_on_spot(f, case, RECEIVED),
        Action.NOTIFY_SUPPLEMENT: lambda lc, f: lc.notify_supplement(f, RECEIVED),
        Action.RECEIVE_SUPPLEMENT: lambda lc, f: lc.receive_supplement(f, case, RECEIVED),
        Action.ACCEPT_TOLERANCE: lambda lc, f: lc.accept_tolerance(
            f, RECEIVED, commitment_signed=True
        ),
        Action.RECEIVE_TOLERATED: lambda lc, f: lc.receive_tolerated(f, book, RECEIVED),
        Action.REFUSE: lambda lc, f: lc.refuse(f, RECEIVED, reason="r", legal_basis="b"),
        Action.ACCEPT: lambda lc, f: lc.accept(f, RECEIVED),
        Action.DEEM_ACCEPTED: lambda lc, f: lc.deem_accepted(f, RECEIVED),
        Action.DISPATCH: lambda lc, f: lc.dispatch(f, RECEIVED),
        Action.DECIDE: lambda lc, f: lc.decide(f, "health", RECEIVED, approved=True),
        Action.MARK_READY: lambda lc, f: lc.mark_ready(f, RECEIVED),
        Action.DELIVER: lambda lc, f: lc.deliver(f, Delivery.WINDOW, RECEIVED),
        Action.WITHDRAW: lambda lc, f: lc.withdraw(f, RECEIVED, reason="r"),
        Action.TERMINATE: lambda lc, f: lc.terminate(f, RECEIVED),
    }
    return calls[action]


ILLEGAL = [(s, a) for s in CaseState for a in Action if a not in TRANSITIONS[s]]


@pytest.mark.parametrize(("state", "action"), ILLEGAL)
def test_illegal_transition_names_state_and_action(state: CaseState, action: Action) -> None:
    file = replace(LC.open(newborn_case()), state=state)
    with pytest.raises(IllegalTransition) as info:
        _call(action)(LC, file)
    err = info.value
    assert (err.state, err.action) == (state, action)
    assert state.label in err.message_zh
    assert action.label in err.message_zh
    assert state.value in err.message_en
    assert action.value in err.message_en


def test_every_action_is_legal_somewhere_and_every_state_is_reachable() -> None:
    assert {a for moves in TRANSITIONS.values() for a in moves} == set(Action)
    reachable = {CaseState.RECEIVED} | {t for m in TRANSITIONS.values() for t in m.values()}
    assert reachable == set(CaseState)
