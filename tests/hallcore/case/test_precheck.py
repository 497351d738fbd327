"""The pre-check engine: for each rule kind, a case that fails it and one that passes."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from hallcore.case.model import MaterialRecord, MaterialState
from hallcore.case.precheck import FindingKind, Outcome, RuleCode, SubjectKind, precheck
from hallcore.catalog.model import (
    Condition,
    EligibilityRule,
    FormEntry,
    FulfilWay,
    MaterialCheck,
)
from hallcore.catalog.resolver import IncompleteAnswers
from hallcore.identifiers import check_citizen_id
from tests.hallcore.case.builders import (
    CREDIT_CODE,
    FIELDS,
    ID_NUMBER,
    NEWBORN,
    SIGNED_FORM,
    TODAY,
    household_book,
    newborn_case,
    with_form,
    with_materials,
    with_rules,
)

D = dt.date


def rules_of(result: object) -> set[RuleCode]:
    return {f.rule for f in result.findings}  # type: ignore[attr-defined]


def test_fixture_identifiers_are_valid() -> None:
    assert check_citizen_id(ID_NUMBER, today=TODAY).is_valid


def test_complete_case_passes_and_exempt_materials_are_never_demanded() -> None:
    result = precheck(newborn_case(), FIELDS, TODAY)
    assert result.passed, result.findings
    assert result.outcome is Outcome.ACCEPTABLE
    states = result.material_states
    assert states["PARENT_ID_CARD"] is MaterialState.EXEMPT_E_LICENSE
    assert states["MARRIAGE_CERT"] is MaterialState.EXEMPT_DATA_SHARE
    assert states["BIRTH_CERT"] is MaterialState.EXEMPT_GENERATED
    assert states["HOUSEHOLD_BOOK"] is MaterialState.PROVIDED


def test_exempt_material_becomes_demanded_only_when_its_exempting_way_fails() -> None:
    case = newborn_case(unavailable={"PARENT_ID_CARD": {FulfilWay.E_LICENSE}})
    result = precheck(case, FIELDS, TODAY)
    finding = result.finding("material.missing@PARENT_ID_CARD")
    assert finding is not None
    assert finding.kind is FindingKind.BLOCKING
    assert finding.subject_kind is SubjectKind.MATERIAL
    assert finding.standard == "原件，在有效期内。"


def test_every_rule_is_evaluated_in_one_pass() -> None:
    case = newborn_case(
        form={"applicant_phone": "12345", "child_sex": "x"},
        materials={},
        unavailable={"PARENT_ID_CARD": {FulfilWay.E_LICENSE}},
    )
    result = precheck(case, FIELDS, TODAY)
    keys = {f.key for f in result.findings}
    assert {
        "material.missing@PARENT_ID_CARD",
        "material.missing@HOUSEHOLD_BOOK",
        "field.required@applicant_name",
        "field.required@applicant_id_number",
        "field.required@child_birth_date",
        "field.malformed@applicant_phone",
        "field.malformed@child_sex",
    } <= keys
    assert result.outcome is Outcome.SUPPLEMENT
    assert result.supplement_items == result.open_findings


def test_incomplete_answers_are_refused() -> None:
    with pytest.raises(IncompleteAnswers):
        precheck(newborn_case(answers={"settle_with": "father"}), FIELDS, TODAY)


# --- materials: presence and pages ---------------------------------------------------------------


def test_missing_tolerable_material_is_tolerable() -> None:
    result = precheck(newborn_case(materials={}), FIELDS, TODAY)
    (finding,) = result.findings
    assert finding.rule is RuleCode.MATERIAL_MISSING
    assert finding.kind is FindingKind.TOLERABLE
    assert result.outcome is Outcome.TOLERANCE


def test_missing_material_without_tolerance_blocks() -> None:
    theme = replace(
        NEWBORN,
        materials=tuple(
            replace(m, fulfil=(FulfilWay.SUBMIT,)) if m.code == "HOUSEHOLD_BOOK" else m
            for m in NEWBORN.materials
        ),
    )
    result = precheck(newborn_case(theme, materials={}), FIELDS, TODAY)
    assert [f.kind for f in result.findings] == [FindingKind.BLOCKING]


def test_missing_committable_material_can_be_committed_on_the_spot() -> None:
    answers = {"settle_with": "grandparents", "extra_services": "no"}
    case = newborn_case(answers=answers).with_form(grandparent_name="张大山")
    result = precheck(case, FIELDS, TODAY)
    finding = result.finding("material.commitment_unsigned@GRANDPARENT_BOOK")
    assert finding is not None
    assert finding.kind is FindingKind.CORRECTABLE
    committed = case.with_materials(
        MaterialRecord("GRANDPARENT_BOOK", state=MaterialState.COMMITTED)
    )
    assert precheck(committed, FIELDS, TODAY).passed


def test_commitment_where_the_catalog_allows_none_blocks() -> None:
    theme = replace(
        NEWBORN,
        materials=tuple(
            replace(m, fulfil=(FulfilWay.SUBMIT,)) if m.code == "HOUSEHOLD_BOOK" else m
            for m in NEWBORN.materials
        ),
    )
    case = newborn_case(theme).with_materials(
        MaterialRecord("HOUSEHOLD_BOOK", state=MaterialState.COMMITTED)
    )
    assert rules_of(precheck(case, FIELDS, TODAY)) == {RuleCode.MATERIAL_COMMITMENT_NOT_ALLOWED}


def test_too_few_pages_fails_and_enough_pages_pass() -> None:
    case = newborn_case(unavailable={"PARENT_ID_CARD": {FulfilWay.E_LICENSE}})
    card = MaterialRecord(
        "PARENT_ID_CARD",
        pages=("front",),
        expires_on=D(2030, 1, 1),
        ticked=frozenset({MaterialCheck.LEGIBLE}),
    )
    short = precheck(case.with_materials(card), FIELDS, TODAY)
    assert rules_of(short) == {RuleCode.MATERIAL_PAGES}
    assert short.blocking[0].kind is FindingKind.BLOCKING
    full = precheck(case.with_materials(replace(card, pages=("front", "back"))), FIELDS, TODAY)
    assert full.passed


def test_too_few_copies_is_correctable() -> None:
    theme = replace(
        NEWBORN,
        materials=tuple(
            replace(m, copies=2) if m.code == "HOUSEHOLD_BOOK" else m for m in NEWBORN.materials
        ),
    )
    result = precheck(newborn_case(theme), FIELDS, TODAY)
    assert [(f.rule, f.kind) for f in result.findings] == [
        (RuleCode.MATERIAL_COPIES, FindingKind.CORRECTABLE)
    ]
    fixed = newborn_case(theme).with_materials(household_book(copies=2))
    assert precheck(fixed, FIELDS, TODAY).passed


# --- validity ------------------------------------------------------------------------------------


def _id_card_case(**record: object) -> object:
    case = newborn_case(unavailable={"PARENT_ID_CARD": {FulfilWay.E_LICENSE}})
    base = MaterialRecord(
        "PARENT_ID_CARD",
        pages=("front", "back"),
        expires_on=D(2030, 1, 1),
        ticked=frozenset({MaterialCheck.LEGIBLE}),
    )
    return case.with_materials(replace(base, **record))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "rule", "kind"),
    [
        ({"expires_on": D(2024, 9, 26)}, RuleCode.MATERIAL_EXPIRED, FindingKind.BLOCKING),
        ({"expires_on": None}, RuleCode.MATERIAL_EXPIRY_UNKNOWN, FindingKind.CORRECTABLE),
        ({"ticked": frozenset()}, RuleCode.MATERIAL_ILLEGIBLE, FindingKind.BLOCKING),
    ],
)
def test_validity_of_the_id_card(
    changes: dict[str, object], rule: RuleCode, kind: FindingKind
) -> None:
    result = precheck(_id_card_case(**changes), FIELDS, TODAY)  # type: ignore[arg-type]
    assert [(f.rule, f.kind) for f in result.findings] == [(rule, kind)]


def test_expiring_today_is_still_valid() -> None:
    assert precheck(_id_card_case(expires_on=TODAY), FIELDS, TODAY).passed  # type: ignore[arg-type]


def test_signature_seal_and_original_ticks() -> None:
    theme = with_materials(NEWBORN, SIGNED_FORM)
    bare = newborn_case(theme).with_materials(MaterialRecord("APPLICATION", pages=("p",)))
    result = precheck(bare, FIELDS, TODAY)
    assert {(f.rule, f.kind) for f in result.findings} == {
        (RuleCode.MATERIAL_UNSIGNED, FindingKind.CORRECTABLE),
        (RuleCode.MATERIAL_UNSEALED, FindingKind.BLOCKING),
        (RuleCode.MATERIAL_ORIGINAL_NOT_SEEN, FindingKind.BLOCKING),
    }
    ticked = frozenset({MaterialCheck.SIGNED, MaterialCheck.SEALED, MaterialCheck.ORIGINAL_SEEN})
    good = bare.with_materials(MaterialRecord("APPLICATION", pages=("p",), ticked=ticked))
    assert precheck(good, FIELDS, TODAY).passed


def test_defect_of_a_tolerable_material_is_tolerable() -> None:
    theme = replace(
        NEWBORN,
        materials=tuple(
            replace(m, checks=(MaterialCheck.SEALED,)) if m.code == "HOUSEHOLD_BOOK" else m
            for m in NEWBORN.materials
        ),
    )
    result = precheck(newborn_case(theme), FIELDS, TODAY)
    assert [(f.rule, f.kind) for f in result.findings] == [
        (RuleCode.MATERIAL_UNSEALED, FindingKind.TOLERABLE)
    ]


# --- form fields ---------------------------------------------------------------------------------


def test_required_field_missing_is_correctable() -> None:
    result = precheck(newborn_case().with_form(applicant_name=""), FIELDS, TODAY)
    assert [(f.key, f.kind) for f in result.findings] == [
        ("field.required@applicant_name", FindingKind.CORRECTABLE)
    ]
    assert result.outcome is Outcome.CORRECT_ON_SPOT


def test_optional_field_absent_passes() -> None:
    theme = replace(
        NEWBORN,
        form=tuple(
            replace(e, required=False) if e.field == "applicant_phone" else e for e in NEWBORN.form
        ),
    )
    assert precheck(newborn_case(theme).with_form(applicant_phone=""), FIELDS, TODAY).passed


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("applicant_id_number", "110101198503121230"),  # wrong check digit
        ("applicant_id_number", "110101202512011234"),  # impossible / future birth date
        ("applicant_phone", "1234567"),
        ("child_birth_date", "2024-02-30"),
        ("child_sex", "unknown"),
    ],
)
def test_malformed_fields_are_correctable(key: str, value: str) -> None:
    result = precheck(newborn_case().with_form(**{key: value}), FIELDS, TODAY)
    finding = result.finding(f"field.malformed@{key}")
    assert finding is not None
    assert finding.kind is FindingKind.CORRECTABLE
    assert value not in finding.message_zh
    assert value not in finding.message_en


def test_soft_identifier_problem_is_a_warning_that_a_reason_overrides() -> None:
    theme = with_form(NEWBORN, FormEntry("company_credit_code"))
    bad_check = CREDIT_CODE[:-1] + ("0" if CREDIT_CODE[-1] != "0" else "1")
    case = newborn_case(theme).with_form(company_credit_code=bad_check)
    result = precheck(case, FIELDS, TODAY)
    (finding,) = result.findings
    assert finding.kind is FindingKind.WARNING
    assert finding.rule is RuleCode.FIELD_IDENTIFIER_WARNING
    assert not result.passed
    overridden = precheck(case.with_override(finding.key, "与营业执照原件核对一致"), FIELDS, TODAY)
    assert overridden.passed
    assert overridden.findings[0].overridden
    assert precheck(case.with_form(company_credit_code=CREDIT_CODE), FIELDS, TODAY).passed


def test_override_never_waves_a_blocking_finding_through() -> None:
    case = newborn_case(unavailable={"PARENT_ID_CARD": {FulfilWay.E_LICENSE}})
    case = case.with_override("material.missing@PARENT_ID_CARD", "熟人")
    assert not precheck(case, FIELDS, TODAY).passed


# --- consistency ---------------------------------------------------------------------------------


def test_form_must_match_the_id_card_record() -> None:
    case = _id_card_case(
        recorded={"applicant_name": "张小明", "applicant_id_number": ID_NUMBER.lower()}
    )
    assert precheck(case, FIELDS, TODAY).passed  # type: ignore[arg-type]
    wrong = _id_card_case(recorded={"applicant_name": "张晓明"})
    result = precheck(wrong, FIELDS, TODAY)  # type: ignore[arg-type]
    (finding,) = result.findings
    assert finding.key == "consistency.mismatch@applicant_name"
    assert finding.kind is FindingKind.CORRECTABLE
    assert "张" not in finding.message_zh.replace("申请人姓名", "")  # names the field, not the name


# --- eligibility ---------------------------------------------------------------------------------


def test_age_below_fails_for_a_child_over_twelve_months() -> None:
    result = precheck(newborn_case().with_form(child_birth_date="2023-09-27"), FIELDS, TODAY)
    (finding,) = result.findings
    assert finding.rule is RuleCode.ELIGIBILITY_AGE_BELOW
    assert finding.kind is FindingKind.BLOCKING
    assert not finding.supplementable
    assert result.outcome is Outcome.NOT_ELIGIBLE
    assert result.supplement_items == ()
    assert precheck(newborn_case().with_form(child_birth_date="2023-09-28"), FIELDS, TODAY).passed


def _retire_theme(*rules: EligibilityRule) -> object:
    theme = with_form(
        NEWBORN,
        FormEntry("birth_date"),
        FormEntry("retirement_category"),
        FormEntry("contribution_years"),
    )
    return with_rules(replace(theme, eligibility=()), *rules)


RETIRE = EligibilityRule(
    "retirement_age",
    {"birth_date_field": "birth_date", "category_field": "retirement_category"},
    "未达到法定退休年龄。",
)


@pytest.mark.parametrize(
    ("birth", "category", "today", "eligible"),
    [
        ("1965-01-15", "male", D(2025, 2, 14), False),  # 60y1m reached on 2025-02-15
        ("1965-01-15", "male", D(2025, 2, 15), True),
        ("1964-12-15", "male", D(2024, 12, 15), True),  # before the reform: 60
        ("1975-03-10", "female_50", D(2025, 5, 9), False),  # 50y2m → 2025-05-10
        ("1975-03-10", "female_50", D(2025, 5, 10), True),
        ("1970-01-01", "female_55", D(2025, 1, 31), False),  # 55y1m → 2025-02-01
    ],
)
def test_retirement_age_is_computed_from_birth_and_category(
    birth: str, category: str, today: dt.date, eligible: bool
) -> None:
    theme = _retire_theme(RETIRE)
    case = newborn_case(theme).with_form(
        birth_date=birth, retirement_category=category, contribution_years="20"
    )
    result = precheck(case, FIELDS, today)
    assert result.passed is eligible, result.findings
    if not eligible:
        assert result.findings[0].rule is RuleCode.ELIGIBILITY_RETIREMENT_AGE


def test_an_eligibility_rule_applies_only_when_its_conditions_hold() -> None:
    # The statutory age binds normal retirement; the fixture's settle_with question stands in
    # for "normal or early retirement".
    only_for_father = replace(RETIRE, when=(Condition("settle_with", frozenset({"father"})),))
    theme = _retire_theme(only_for_father)
    young = {"birth_date": "1980-01-01", "retirement_category": "male", "contribution_years": "20"}
    father = newborn_case(theme).with_form(**young)
    assert rules_of(precheck(father, FIELDS, TODAY)) == {RuleCode.ELIGIBILITY_RETIREMENT_AGE}
    mother = replace(father, answers={**father.answers, "settle_with": ("mother",)})
    assert precheck(mother, FIELDS, TODAY).passed


def test_unknown_retirement_category_is_reported() -> None:
    theme = _retire_theme(RETIRE)
    case = newborn_case(theme).with_form(
        birth_date="1950-01-01", retirement_category="other", contribution_years="20"
    )
    assert rules_of(precheck(case, FIELDS, TODAY)) == {RuleCode.ELIGIBILITY_RETIREMENT_CATEGORY}


def test_age_at_least_and_min_value() -> None:
    theme = _retire_theme(
        EligibilityRule("age_at_least", {"birth_date_field": "birth_date", "years": 60}),
        EligibilityRule("min_value", {"field": "contribution_years", "value": 15}),
    )
    young = newborn_case(theme).with_form(
        birth_date="1964-09-28", retirement_category="male", contribution_years="14"
    )
    assert rules_of(precheck(young, FIELDS, TODAY)) == {
        RuleCode.ELIGIBILITY_AGE_AT_LEAST,
        RuleCode.ELIGIBILITY_MIN_VALUE,
    }
    old = young.with_form(birth_date="1964-09-27", contribution_years="15")
    assert precheck(old, FIELDS, TODAY).passed


def test_eligibility_is_not_judged_on_a_missing_value() -> None:
    result = precheck(newborn_case().with_form(child_birth_date=""), FIELDS, TODAY)
    assert rules_of(result) == {RuleCode.FIELD_REQUIRED}


def test_reprs_carry_no_personal_data() -> None:
    case = newborn_case()
    result = precheck(case, FIELDS, TODAY)
    for text in (repr(case), repr(result), repr(case.applicant)):
        assert ID_NUMBER not in text
        assert "张小明" not in text
    assert "张**" in repr(case.applicant)
