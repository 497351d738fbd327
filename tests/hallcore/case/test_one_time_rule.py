"""The one-time rule (一次告知), as a property over random themes, answers and submissions.

The applicant's *truth* (valid form values, materials that meet every check, eligible facts) is
generated with the theme; the submission at the window is the truth with random parts missing or
defective — but only in ways a pre-check can see (a well-formed yet wrong name is caught only
against a document recorded in the same submission). Supplying exactly what the supplement list
names, from the truth, must make the next pre-check pass; and the receipt lists the very tuple
the notice printed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hallcore.case.lifecycle import CaseState
from hallcore.case.model import Case, MaterialRecord, MaterialState
from hallcore.case.precheck import Finding, RuleCode, SubjectKind, precheck
from hallcore.catalog.model import (
    Audience,
    Condition,
    EligibilityRule,
    FormEntry,
    FulfilWay,
    Material,
    MaterialCheck,
    MaterialForm,
    ServiceItem,
    Situation,
    SituationOption,
    Theme,
    ThemeStatus,
)
from tests.hallcore.case.builders import (
    AT,
    CREDIT_CODE,
    FIELDS,
    ID_NUMBER,
    NAME,
    PHONE,
    TODAY,
    lifecycle,
    person,
)

LC = lifecycle()
TRUTH_FORM = {
    "applicant_name": NAME,
    "applicant_id_number": ID_NUMBER,
    "applicant_phone": PHONE,
    "child_birth_date": "2024-08-01",
    "child_sex": "male",
    "bank_account": "6222020200112233445",
    "grandparent_name": "张大山",
    "birth_date": "1950-03-04",
    "retirement_category": "female_50",
    "contribution_years": "30",
    "company_credit_code": CREDIT_CODE,
    "home_address": "北京市东城区某街1号",
}
MALFORMED = {
    "applicant_id_number": "110101198503121230",
    "applicant_phone": "12345",
    "child_birth_date": "2024-13-01",
    "child_sex": "robot",
    "bank_account": "12ab",
    "birth_date": "yesterday",
    "retirement_category": "nope",
    "contribution_years": "-3",
    "company_credit_code": "91110108553387129",
}
RECORDED_KEYS = ("applicant_name", "applicant_id_number", "home_address")
RULES = (
    EligibilityRule("age_below", {"birth_date_field": "child_birth_date", "months": 12}),
    EligibilityRule(
        "retirement_age",
        {"birth_date_field": "birth_date", "category_field": "retirement_category"},
    ),
    EligibilityRule("age_at_least", {"birth_date_field": "birth_date", "years": 60}),
    EligibilityRule("min_value", {"field": "contribution_years", "value": 15}),
)
WAYS = (
    (FulfilWay.SUBMIT,),
    (FulfilWay.E_LICENSE, FulfilWay.SUBMIT),
    (FulfilWay.DATA_SHARE, FulfilWay.SUBMIT),
    (FulfilWay.SUBMIT, FulfilWay.TOLERANCE),
    (FulfilWay.SUBMIT, FulfilWay.COMMITMENT),
    (FulfilWay.COMMITMENT,),
    (FulfilWay.SYSTEM_GENERATED,),
    (FulfilWay.FORM_FIELD,),
)


@st.composite
def themes(draw: st.DrawFn) -> Theme:
    n_items = draw(st.integers(1, 4))
    items = tuple(
        ServiceItem(f"T-{i}", f"事项{i}", "health", 20, draw(st.integers(1, 10)), mandatory=i == 0)
        for i in range(n_items)
    )
    situations = tuple(
        Situation(
            f"q{s}",
            f"问题{s}",
            tuple(
                SituationOption(
                    f"o{o}", f"选项{o}", draw(st.sampled_from([(), *[(i.code,) for i in items]]))
                )
                for o in range(2)
            ),
        )
        for s in range(draw(st.integers(0, 2)))
    )

    def conditions() -> tuple[Condition, ...]:
        if not situations or draw(st.booleans()):
            return ()
        s = draw(st.sampled_from(situations))
        return (Condition(s.code, frozenset({draw(st.sampled_from(["o0", "o1"]))})),)

    def for_items() -> tuple[str, ...]:
        return tuple(draw(st.sets(st.sampled_from([i.code for i in items]), max_size=2)))

    materials = []
    for k in range(draw(st.integers(1, 6))):
        fulfil = draw(st.sampled_from(WAYS))
        materials.append(
            Material(
                f"M{k}",
                f"材料{k}",
                fulfil,
                form=draw(st.sampled_from(list(MaterialForm))),
                copies=draw(st.integers(1, 2)),
                min_pages=draw(st.integers(1, 3)),
                for_items=for_items(),
                when=conditions(),
                form_field="bank_account" if FulfilWay.FORM_FIELD in fulfil else "",
                tolerance_working_days=2 if FulfilWay.TOLERANCE in fulfil else None,
                standard=f"标准{k}",
                checks=tuple(draw(st.sets(st.sampled_from(list(MaterialCheck))))),
            )
        )
    keys = draw(st.sets(st.sampled_from(sorted(TRUTH_FORM)), min_size=1))
    form = tuple(
        FormEntry(key, draw(st.booleans()), for_items(), conditions()) for key in sorted(keys)
    )
    rules = tuple(draw(st.sets(st.sampled_from(range(len(RULES))))))
    return Theme(
        "GEN", "生成的一件事", "Generated", Audience.PERSON, "生活", "A", ThemeStatus.COMPLETE,
        "health", (), (), promised_working_days=10, items=items, situations=situations,
        materials=tuple(materials), form=form, eligibility=tuple(RULES[r] for r in sorted(rules)),
    )  # fmt: skip


def truth_record(m: Material, recorded: bool) -> MaterialRecord:
    if m.fulfil == (FulfilWay.COMMITMENT,):
        return MaterialRecord(m.code, state=MaterialState.COMMITTED)
    return MaterialRecord(
        m.code,
        pages=tuple(f"p{i}" for i in range(m.min_pages)),
        copies=m.copies,
        expires_on=dt.date(2030, 1, 1),
        ticked=frozenset(m.checks),
        recorded={k: TRUTH_FORM[k] for k in RECORDED_KEYS} if recorded else {},
    )


def corrupt_record(m: Material, truth: MaterialRecord, how: str) -> MaterialRecord | None:
    if how == "missing":
        return None
    if truth.state is not MaterialState.PROVIDED:
        return truth
    changes: dict[str, Any] = {
        "pages": {"pages": truth.pages[:-1]},
        "copies": {"copies": 0},
        "expired": {"expires_on": dt.date(2020, 1, 1)},
        "no_expiry": {"expires_on": None},
        "unticked": {"ticked": frozenset()},
        "committed": {"state": MaterialState.COMMITTED},
        "tolerated": {"state": MaterialState.TOLERATED},
        "keep": {},
    }[how]
    return replace(truth, **changes)


HOW = ["keep", "keep", "missing", "pages", "copies", "expired", "no_expiry", "unticked",
       "committed", "tolerated"]  # fmt: skip


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Case, Case]:
    """(the truth, the submission at the window)."""
    theme = draw(themes())
    answers = {s.code: draw(st.sampled_from(["o0", "o1"])) for s in theme.situations}
    unavailable = {
        m.code: {m.fulfil[0]}
        for m in theme.materials
        if m.fulfil[0] in (FulfilWay.E_LICENSE, FulfilWay.DATA_SHARE) and draw(st.booleans())
    }
    records = {m.code: truth_record(m, draw(st.booleans())) for m in theme.materials}
    truth = Case(
        "P-1", theme, person(), AT, TODAY, answers=answers, form=TRUTH_FORM,
        materials=records, unavailable=unavailable,
    )  # fmt: skip
    submitted_records = {}
    for m in theme.materials:
        record = corrupt_record(m, records[m.code], draw(st.sampled_from(HOW)))
        if record is not None:
            submitted_records[m.code] = record
    # A wrong-but-well-formed value is only seen against a recorded document still on file.
    recorded_present = {
        k
        for r in submitted_records.values()
        if r.state is MaterialState.PROVIDED
        for k in r.recorded
    }
    form = {}
    for key, value in TRUTH_FORM.items():
        how = draw(st.sampled_from(["keep", "keep", "omit", "malformed", "mismatch"]))
        if how == "keep" or (how == "malformed" and key not in MALFORMED):
            form[key] = value
        elif how == "malformed":
            form[key] = MALFORMED[key]
        elif how == "mismatch" and key in recorded_present and key != "applicant_id_number":
            form[key] = value + "某"
        elif how == "omit":
            pass
        else:
            form[key] = value
    return truth, replace(truth, form=form, materials=submitted_records)


def supply(case: Case, items: tuple[Finding, ...], truth: Case) -> Case:
    """Hand in exactly what the list names, as the truth has it."""
    for item in items:
        if item.rule is RuleCode.MATERIAL_FORM_VALUE_MISSING:
            m = case.theme.material(item.subject)
            case = case.with_form(**{m.form_field: truth.form[m.form_field]})
        elif item.subject_kind is SubjectKind.MATERIAL:
            case = case.with_materials(truth.materials[item.subject])
        else:
            case = case.with_form(**{item.subject: truth.form[item.subject]})
    return case


@settings(max_examples=450, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_supplying_what_the_list_names_makes_the_next_precheck_pass(
    scenario: tuple[Case, Case],
) -> None:
    truth, submitted = scenario
    assert precheck(truth, FIELDS, TODAY).passed
    first = precheck(submitted, FIELDS, TODAY)
    assert all(f.supplementable for f in first.findings)  # the truth is eligible
    file = LC.run_precheck(LC.open(submitted), submitted, TODAY)
    if first.passed:
        return
    file = LC.notify_supplement(file, TODAY)
    request = file.supplement
    assert request is not None
    assert request.items == first.supplement_items
    supplied = supply(submitted, request.items, truth)
    second = precheck(supplied, FIELDS, TODAY)
    assert second.passed, [f.key for f in second.open_findings]
    file = LC.receive_supplement(file, supplied, dt.date(2024, 9, 30))
    receipt = file.receipts[-1]
    assert receipt.items is request.items
    assert receipt.complete
    accepted = LC.accept(file, dt.date(2024, 10, 8))
    assert accepted.state is CaseState.ACCEPTED
    assert accepted.accepted_on == dt.date(2024, 9, 30)
