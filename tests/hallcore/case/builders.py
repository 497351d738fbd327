"""Shared builders for the case tests: the fixture catalog, valid identifiers, a complete case."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from hallcore.case.lifecycle import CaseFile, Lifecycle
from hallcore.case.model import Case, MaterialRecord, Party, PartyKind
from hallcore.case.notices import NoticeKind
from hallcore.catalog import load_catalog
from hallcore.catalog.model import (
    Choice,
    Delivery,
    EligibilityRule,
    FieldDef,
    FieldType,
    FormEntry,
    FulfilWay,
    Material,
    MaterialCheck,
    PrefillSource,
    Theme,
)
from hallcore.identifiers import citizen_id_check_digit
from hallcore.workdays import WorkingCalendar

FIXTURE = Path(__file__).parents[2] / "fixtures" / "catalog_valid"
CATALOG = load_catalog(FIXTURE)
NEWBORN = CATALOG.theme("NEWBORN")
CALENDAR = WorkingCalendar()

D = dt.date
TODAY = D(2024, 9, 27)  # a Friday before 2024 National Day (国庆 10-01..07; 09-29 Sun works)
AT = dt.datetime(2024, 9, 27, 9, 30)

ID_NUMBER = "110101198503121239"  # valid GB 11643 (check digit computed in the test below)
NAME = "张小明"
PHONE = "13812345678"

# Extra fields for generated and derived themes, on top of the fixture's dictionary.
EXTRA_FIELDS = {
    "birth_date": FieldDef("birth_date", "出生日期", "Date of birth", FieldType.DATE, True),
    "retirement_category": FieldDef(
        "retirement_category",
        "退休人员类别",
        "Retirement category",
        FieldType.CHOICE,
        choices=(
            Choice("male", "男职工"),
            Choice("female_55", "原55岁退休女职工"),
            Choice("female_50", "原50岁退休女职工"),
            Choice("other", "其他"),
        ),
    ),
    "contribution_years": FieldDef(
        "contribution_years", "累计缴费年限", "Contribution years", FieldType.INTEGER
    ),
    "company_credit_code": FieldDef(
        "company_credit_code", "统一社会信用代码", "Credit code", FieldType.CREDIT_CODE
    ),
    "home_address": FieldDef(
        "home_address", "住址", "Address", FieldType.ADDRESS, True, (PrefillSource.ID_CARD,)
    ),
}
FIELDS: dict[str, FieldDef] = {**CATALOG.fields, **EXTRA_FIELDS}
CREDIT_CODE = "91110108553387129Q"


def id_number(birth: dt.date, seq: str = "123") -> str:
    first17 = f"110101{birth:%Y%m%d}{seq}"
    return first17 + citizen_id_check_digit(first17)


def person() -> Party:
    return Party(PartyKind.PERSON, NAME, ID_NUMBER, PHONE, "北京市东城区某街1号")


def lifecycle() -> Lifecycle:
    return Lifecycle(CALENDAR, FIELDS)


def complete_form() -> dict[str, str]:
    return {
        "applicant_name": NAME,
        "applicant_id_number": ID_NUMBER,
        "applicant_phone": PHONE,
        "child_birth_date": "2024-09-01",
        "child_sex": "female",
    }


def household_book(**changes: object) -> MaterialRecord:
    record = MaterialRecord("HOUSEHOLD_BOOK", pages=("p1",), copies=1)
    return replace(record, **changes)  # type: ignore[arg-type]


def newborn_case(theme: Theme = NEWBORN, **changes: object) -> Case:
    """A NEWBORN case that passes the pre-check on TODAY."""
    case = Case(
        "C-1",
        theme,
        person(),
        AT,
        TODAY,
        answers={"settle_with": "father", "extra_services": "no"},
        form=complete_form(),
        materials={"HOUSEHOLD_BOOK": household_book()},
    )
    return replace(case, **changes)  # type: ignore[arg-type]


def with_materials(theme: Theme, *materials: Material) -> Theme:
    return replace(theme, materials=(*theme.materials, *materials))


def with_form(theme: Theme, *entries: FormEntry) -> Theme:
    return replace(theme, form=(*theme.form, *entries))


def with_rules(theme: Theme, *rules: EligibilityRule) -> Theme:
    return replace(theme, eligibility=(*theme.eligibility, *rules))


def promising(theme: Theme, days: int) -> Theme:
    """The theme with every item and the theme itself promising `days` working days."""
    items = tuple(replace(i, promised_working_days=days) for i in theme.items)
    return replace(theme, items=items, promised_working_days=days)


SIGNED_FORM = Material(
    "APPLICATION",
    "申请表",
    fulfil=(FulfilWay.SUBMIT,),
    checks=(MaterialCheck.SIGNED, MaterialCheck.SEALED, MaterialCheck.ORIGINAL_SEEN),
    standard="申请人签字并加盖公章。",
)


def notice_files() -> dict[NoticeKind, CaseFile]:
    """One case file in the state each notice kind is issued from (the fixture's NEWBORN)."""
    LC = lifecycle()
    case = newborn_case(promising(NEWBORN, 10), delivery=Delivery.POST)
    ok = LC.run_precheck(LC.open(case), case, TODAY)
    accepted = LC.accept(ok, TODAY)
    ready = LC.dispatch(accepted, TODAY)
    for dept in ("health", "public_security", "medical_insurance"):
        ready = LC.decide(ready, dept, TODAY, approved=True)
    ready = LC.mark_ready(ready, TODAY)
    missing = newborn_case(
        promising(NEWBORN, 10), materials={}, unavailable={"PARENT_ID_CARD": {FulfilWay.E_LICENSE}}
    )
    supplement = LC.notify_supplement(LC.run_precheck(LC.open(missing), missing, TODAY), TODAY)
    tolerable = newborn_case(promising(NEWBORN, 10), materials={})
    tolerated = LC.accept_tolerance(
        LC.run_precheck(LC.open(tolerable), tolerable, TODAY), TODAY, commitment_signed=True
    )
    refused = LC.refuse(
        ok,
        TODAY,
        reason="申请事项不属于本机关职权范围",
        legal_basis="《中华人民共和国行政许可法》第三十二条第一款第（二）项",
        apply_to="户籍所在地公安派出所",
    )
    return {
        NoticeKind.CHECKLIST: LC.open(case),
        NoticeKind.SUPPLEMENT: supplement,
        NoticeKind.TOLERANCE: tolerated,
        NoticeKind.ACCEPTANCE: accepted,
        NoticeKind.REFUSAL: refused,
        NoticeKind.PICKUP: ready,
    }
