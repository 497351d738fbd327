"""The typed catalog of 一件事 themes (事项目录).

Immutable dataclasses built by `hallcore.catalog.loader` from `resources/catalog/*.yaml`; the file
format is described in `docs/catalog.md`. The loader has already checked every cross-reference
when a `Catalog` exists, so code that reads one may look codes up without defending against typos.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, TypeVar


class Audience(StrEnum):
    """Who a theme serves: a person (个人) or a company (法人)."""

    PERSON = "person"
    COMPANY = "company"

    @property
    def label(self) -> str:
        return {"person": "个人", "company": "法人"}[self.value]


PERSON_LIFE_STAGES = (
    "出生",
    "教育",
    "就业",
    "生活",
    "婚育",
    "置业",
    "出行",
    "就医",
    "救助",
    "养老",
    "身后",
    "退役",
)
COMPANY_LIFE_STAGES = ("准入准营", "招聘用工", "纳税缴费", "经营发展", "工程建设", "注销退出")


class ThemeStatus(StrEnum):
    """A complete theme can be handled at the window; an outline only names its departments."""

    COMPLETE = "complete"
    OUTLINE = "outline"


class DepartmentKind(StrEnum):
    GOVERNMENT = "government"
    INSTITUTION = "institution"
    ENTERPRISE = "enterprise"
    COURT = "court"
    PEOPLE_ORG = "people_org"


class FulfilWay(StrEnum):
    """How a material requirement may be met, listed per material in order of preference."""

    E_LICENSE = "e_license"  # 电子证照库调取，免提交实体
    DATA_SHARE = "data_share"  # 部门数据共享核验，免提交
    SUBMIT = "submit"  # 申请人提交（纸质或扫描）
    COMMITMENT = "commitment"  # 告知承诺
    TOLERANCE = "tolerance"  # 容缺受理：承诺书 + 补交期限
    FORM_FIELD = "form_field"  # 一个表单值，不是纸质材料
    SYSTEM_GENERATED = "system_generated"  # 由流程中的事项产生

    @property
    def label(self) -> str:
        return _FULFIL_LABELS[self]

    @property
    def exempts(self) -> bool:
        """Whether meeting a material this way means the applicant hands nothing in."""
        return self in (FulfilWay.E_LICENSE, FulfilWay.DATA_SHARE, FulfilWay.SYSTEM_GENERATED)


_FULFIL_LABELS = {
    FulfilWay.E_LICENSE: "电子证照调取",
    FulfilWay.DATA_SHARE: "数据共享核验",
    FulfilWay.SUBMIT: "提交",
    FulfilWay.COMMITMENT: "告知承诺",
    FulfilWay.TOLERANCE: "可容缺",
    FulfilWay.FORM_FIELD: "表单填写",
    FulfilWay.SYSTEM_GENERATED: "系统生成",
}


class MaterialForm(StrEnum):
    ORIGINAL = "original"
    COPY = "copy"
    ORIGINAL_AND_COPY = "original_and_copy"
    ELECTRONIC = "electronic"

    @property
    def label(self) -> str:
        return {
            "original": "原件",
            "copy": "复印件",
            "original_and_copy": "原件及复印件",
            "electronic": "电子材料",
        }[self.value]


class MaterialCheck(StrEnum):
    """What the clerk checks on a submitted material."""

    NOT_EXPIRED = "not_expired"
    SIGNED = "signed"
    SEALED = "sealed"
    LEGIBLE = "legible"
    ORIGINAL_SEEN = "original_seen"


class FieldType(StrEnum):
    TEXT = "text"
    ID_NUMBER = "id_number"
    CREDIT_CODE = "credit_code"
    PHONE = "phone"
    DATE = "date"
    CHOICE = "choice"
    INTEGER = "integer"
    ADDRESS = "address"
    BANK_ACCOUNT = "bank_account"


class PrefillSource(StrEnum):
    ID_CARD = "id_card"
    E_LICENSE = "e_license"
    DATA_SHARE = "data_share"


class Delivery(StrEnum):
    WINDOW = "window"
    POST = "post"
    ELECTRONIC = "electronic"

    @property
    def label(self) -> str:
        return {"window": "窗口领取", "post": "邮寄送达", "electronic": "电子送达"}[self.value]


# Eligibility rule kinds and the parameters each needs; parameters ending in `_field` (or named
# `field`) must name a field of the theme's form. The pre-check engine implements the rules.
ELIGIBILITY_RULES: Mapping[str, Mapping[str, type]] = {
    "retirement_age": {"birth_date_field": str, "category_field": str},
    "age_below": {"birth_date_field": str, "months": int},
    "age_at_least": {"birth_date_field": str, "years": int},
    "min_value": {"field": str, "value": int},
}


class ListLevel(StrEnum):
    NATIONAL = "national"
    PROVINCIAL = "provincial"
    CITY = "city"
    COUNTY = "county"


@dataclass(frozen=True, slots=True)
class SourceList:
    """A published list that names themes (a seed document)."""

    code: str
    name: str
    document: str
    issued: dt.date | None
    level: ListLevel


@dataclass(frozen=True, slots=True)
class Department:
    code: str
    name: str
    short_name: str
    kind: DepartmentKind


@dataclass(frozen=True, slots=True)
class Choice:
    code: str
    label: str


@dataclass(frozen=True, slots=True)
class FieldDef:
    """One fact of the merged form, shared by every theme that asks it (asked once)."""

    key: str
    label: str
    label_en: str
    type: FieldType
    personal: bool = False
    prefill: tuple[PrefillSource, ...] = ()
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True, slots=True)
class Condition:
    """Holds when the answer to `situation` includes one of `options`."""

    situation: str
    options: frozenset[str]


def conditions_hold(conditions: Sequence[Condition], answers: Mapping[str, Sequence[str]]) -> bool:
    """All conditions hold on `answers` (option codes by question); one on an unanswered
    question does not."""
    return all(
        c.situation in answers and not c.options.isdisjoint(answers[c.situation])
        for c in conditions
    )


@dataclass(frozen=True, slots=True)
class ServiceItem:
    """A 政务服务事项 inside a theme."""

    code: str
    name: str
    department: str
    legal_working_days: int | None
    promised_working_days: int | None
    depends_on: tuple[str, ...] = ()
    mandatory: bool = True
    note: str = ""


@dataclass(frozen=True, slots=True)
class SituationOption:
    code: str
    label: str
    select_items: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Situation:
    """A 情形 question; answers select items, and conditions on materials and fields read them."""

    code: str
    question: str
    options: tuple[SituationOption, ...]
    help: str = ""
    required: bool = True
    multiple: bool = False
    when: tuple[Condition, ...] = ()

    def option(self, code: str) -> SituationOption | None:
        return next((o for o in self.options if o.code == code), None)


@dataclass(frozen=True, slots=True)
class Material:
    """One entry of a theme's merged material list (一套材料)."""

    code: str
    name: str
    fulfil: tuple[FulfilWay, ...]
    form: MaterialForm = MaterialForm.ORIGINAL
    copies: int = 1
    min_pages: int = 1
    for_items: tuple[str, ...] = ()  # empty: whenever the theme is chosen
    when: tuple[Condition, ...] = ()
    license: str = ""
    data_source: str = ""
    form_field: str = ""
    produced_by: str = ""
    tolerance_working_days: int | None = None
    standard: str = ""
    checks: tuple[MaterialCheck, ...] = ()
    note: str = ""
    # The window prints it from the merged form and the applicant signs it on the spot (the
    # 一件事 application form itself): a paper the case needs, but nothing to bring.
    signed_at_window: bool = False

    @property
    def preferred_way(self) -> FulfilWay:
        return self.fulfil[0]

    @property
    def exempt(self) -> bool:
        """Never demanded on paper: e-license or data sharing, or produced in the flow."""
        return self.preferred_way.exempts

    @property
    def tolerable(self) -> bool:
        return FulfilWay.TOLERANCE in self.fulfil

    @property
    def committable(self) -> bool:
        return FulfilWay.COMMITMENT in self.fulfil


@dataclass(frozen=True, slots=True)
class FormEntry:
    """A field of the shared dictionary as one theme's merged form uses it."""

    field: str
    required: bool = True
    for_items: tuple[str, ...] = ()
    when: tuple[Condition, ...] = ()


@dataclass(frozen=True, slots=True)
class EligibilityRule:
    """A condition of eligibility the pre-check applies, when its `when` conditions hold."""

    rule: str
    params: Mapping[str, str | int]
    message: str = ""
    when: tuple[Condition, ...] = ()


@dataclass(frozen=True, slots=True)
class Listing:
    """How one source list names a theme, with that list's own departments."""

    list: str
    no: int
    name: str
    lead: str
    cooperating: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Theme:
    """A 一件事 theme: what the citizen asks for, and all it takes to handle it at one window."""

    code: str
    name: str
    name_en: str
    audience: Audience
    life_stage: str
    queue: str
    status: ThemeStatus
    lead_department: str
    cooperating_departments: tuple[str, ...]
    listed_in: tuple[Listing, ...]
    summary: str = ""
    promised_working_days: int | None = None
    legal_basis: tuple[str, ...] = ()
    delivery: tuple[Delivery, ...] = ()
    regional_defaults: str = ""
    sources: tuple[str, ...] = ()
    items: tuple[ServiceItem, ...] = ()
    situations: tuple[Situation, ...] = ()
    materials: tuple[Material, ...] = ()
    form: tuple[FormEntry, ...] = ()
    eligibility: tuple[EligibilityRule, ...] = ()

    @property
    def departments(self) -> tuple[str, ...]:
        """The lead department first, then the cooperating ones."""
        return (self.lead_department, *self.cooperating_departments)

    @property
    def complete(self) -> bool:
        return self.status is ThemeStatus.COMPLETE

    def item(self, code: str) -> ServiceItem:
        return _by_code(self.items, code)

    def situation(self, code: str) -> Situation:
        return _by_code(self.situations, code)

    def material(self, code: str) -> Material:
        return _by_code(self.materials, code)


@dataclass(frozen=True, slots=True)
class Catalog:
    """The whole catalog, validated: themes, departments, the field dictionary, source lists."""

    version: str
    region: str
    note: str
    lists: tuple[SourceList, ...]
    departments: Mapping[str, Department]
    fields: Mapping[str, FieldDef]
    themes: tuple[Theme, ...]
    files: tuple[str, ...] = field(default=())

    def theme(self, code: str) -> Theme:
        return _by_code(self.themes, code)

    def department(self, code: str) -> Department:
        return self.departments[code]

    @property
    def complete_themes(self) -> tuple[Theme, ...]:
        return tuple(t for t in self.themes if t.complete)


class _HasCode(Protocol):
    @property
    def code(self) -> str: ...


_Coded = TypeVar("_Coded", bound=_HasCode)


def _by_code(entries: tuple[_Coded, ...], code: str) -> _Coded:
    for entry in entries:
        if entry.code == code:
            return entry
    raise KeyError(code)
