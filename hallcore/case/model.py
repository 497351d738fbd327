"""The case (办件): who applies, for which theme, with which answers, form values and materials.

A `Case` is what the desk knows about one application at one moment: immutable, so a pre-check
result always refers to exactly the values it checked, and a change (a value corrected on the
spot, a material handed in) is a new `Case` made with the `with_*` helpers. Where the case stands
in its lifecycle — notices issued, clocks, dispatch to departments — is `hallcore.case.lifecycle`.

Personal data (names, ID numbers, phones, addresses, the form's values and what was read off a
document) is left out of every `repr`, or shown masked, so that a logged case leaks nothing
(DESIGN §3, hall_domain.md §5.1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType
from typing import TypeVar

from hallcore.catalog.model import Delivery, FulfilWay, MaterialCheck, Theme
from hallcore.masking import mask_id_number, mask_name, mask_phone

__all__ = [
    "Case",
    "MaterialRecord",
    "MaterialState",
    "Party",
    "PartyKind",
]


_K = TypeVar("_K")
_V = TypeVar("_V")


def _frozen_map(value: Mapping[_K, _V]) -> Mapping[_K, _V]:
    """A read-only copy, so a frozen dataclass really is frozen."""
    return MappingProxyType(dict(value))


class PartyKind(StrEnum):
    """A natural person (自然人) or a company or other organisation (法人及其他组织)."""

    PERSON = "person"
    COMPANY = "company"


@dataclass(frozen=True, slots=True)
class Party:
    """An applicant or an agent (代办人).

    For a person `id_number` is the 公民身份号码; for a company it is the 统一社会信用代码 and
    `legal_representative` names the 法定代表人. Full values are kept, because the notices go to
    the applicant; screens use the `masked_*` properties.
    """

    kind: PartyKind
    name: str = field(repr=False)
    id_number: str = field(repr=False)
    phone: str = field(default="", repr=False)
    address: str = field(default="", repr=False)
    legal_representative: str = field(default="", repr=False)

    def __repr__(self) -> str:
        return f"Party({self.kind.value}, {self.masked_name}, {self.masked_id_number})"

    @property
    def masked_name(self) -> str:
        # A company's legal name is public (it is on its licence); a person's is not.
        return self.name if self.kind is PartyKind.COMPANY else mask_name(self.name)

    @property
    def masked_id_number(self) -> str:
        return self.id_number if self.kind is PartyKind.COMPANY else mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class MaterialState(StrEnum):
    """Where one material of the checklist stands (DESIGN §3 "Case")."""

    PROVIDED = "provided"  # handed in, with its scanned pages
    EXEMPT_E_LICENSE = "exempt_e_license"  # 电子证照调取，免提交
    EXEMPT_DATA_SHARE = "exempt_data_share"  # 数据共享核验，免提交
    EXEMPT_GENERATED = "exempt_generated"  # 办理过程中生成
    ON_FORM = "on_form"  # a value of the merged form, not a paper
    COMMITTED = "committed"  # 告知承诺书代替
    TOLERATED = "tolerated"  # 容缺：承诺书 + 补交期限
    MISSING = "missing"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    MaterialState.PROVIDED: "已提交",
    MaterialState.EXEMPT_E_LICENSE: "电子证照调取",
    MaterialState.EXEMPT_DATA_SHARE: "数据共享核验",
    MaterialState.EXEMPT_GENERATED: "办理中生成",
    MaterialState.ON_FORM: "表单填写",
    MaterialState.COMMITTED: "告知承诺",
    MaterialState.TOLERATED: "容缺",
    MaterialState.MISSING: "缺少",
}

# The states a clerk records; the exempt and on-form states follow from the catalog and the
# resolution, so recording them by hand would only let the two disagree.
RECORDABLE_STATES = frozenset(
    {
        MaterialState.PROVIDED,
        MaterialState.COMMITTED,
        MaterialState.TOLERATED,
        MaterialState.MISSING,
    }
)


@dataclass(frozen=True, slots=True)
class MaterialRecord:
    """What the clerk recorded about one material.

    `pages` are references to the scanned pages (the scan store's ids), in order. `ticked` are
    the checks of the catalog (signed, sealed, legible, original seen) the clerk confirmed;
    `expires_on` is read off the document when the catalog asks for `not_expired`. `recorded` are
    values read off the document (by the ID-card reader or typed from it), keyed by form field,
    so the pre-check can compare them with the form. `tolerance_deadline` is set when the case
    was accepted with this material tolerated (容缺).
    """

    code: str
    state: MaterialState = MaterialState.PROVIDED
    pages: tuple[str, ...] = ()
    copies: int = 1
    expires_on: dt.date | None = None
    ticked: frozenset[MaterialCheck] = frozenset()
    recorded: Mapping[str, str] = field(default_factory=dict, repr=False)
    tolerance_deadline: dt.date | None = None

    def __post_init__(self) -> None:
        if self.state not in RECORDABLE_STATES:
            raise ValueError(
                f"材料状态“{self.state.label}”由目录和情形决定，不能手工登记 / "
                f"material state {self.state.value} follows from the catalog and is not recorded"
            )
        object.__setattr__(self, "pages", tuple(self.pages))
        object.__setattr__(self, "ticked", frozenset(self.ticked))
        object.__setattr__(self, "recorded", _frozen_map(self.recorded))

    @property
    def page_count(self) -> int:
        return len(self.pages)


@dataclass(frozen=True, slots=True)
class Case:
    """One application at the window, as the desk knows it now.

    `answers` are the situation answers (option codes); `form` the merged form's values as typed,
    by field key (dates as ``YYYY-MM-DD``); `materials` the clerk's records by material code (a
    material without a record is missing); `unavailable` the fulfil ways that failed for this
    applicant, by material code (say the e-license look-up found nothing), which the resolver
    uses to fall back to the next way; `overrides` a clerk's reasons for overriding warnings, by
    finding key (`Finding.key`). `received_at` is when the materials were received (printed on
    notices) and `received_on` the hall's business date of it (the clocks start there): both are
    passed in, never read from the clock.
    """

    case_id: str
    theme: Theme = field(repr=False)
    applicant: Party
    received_at: dt.datetime
    received_on: dt.date
    agent: Party | None = None
    answers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    form: Mapping[str, str] = field(default_factory=dict, repr=False)
    materials: Mapping[str, MaterialRecord] = field(default_factory=dict, repr=False)
    unavailable: Mapping[str, frozenset[FulfilWay]] = field(default_factory=dict)
    overrides: Mapping[str, str] = field(default_factory=dict)
    delivery: Delivery | None = None

    def __post_init__(self) -> None:
        if isinstance(self.received_on, dt.datetime):
            raise TypeError("received_on is the business date: a date, not a datetime")
        answers = {k: (v,) if isinstance(v, str) else tuple(v) for k, v in self.answers.items()}
        object.__setattr__(self, "answers", _frozen_map(answers))
        object.__setattr__(self, "form", _frozen_map(self.form))
        object.__setattr__(self, "materials", _frozen_map(self.materials))
        unavailable = {k: frozenset(v) for k, v in self.unavailable.items()}
        object.__setattr__(self, "unavailable", _frozen_map(unavailable))
        object.__setattr__(self, "overrides", _frozen_map(self.overrides))
        for code, record in self.materials.items():
            if record.code != code:
                raise ValueError(f"material record {record.code} filed under {code}")

    @property
    def theme_code(self) -> str:
        return self.theme.code

    def with_form(self, **values: str) -> Case:
        """The case with these form values set (a value of "" clears the field)."""
        form = {**self.form, **values}
        return replace(self, form={k: v for k, v in form.items() if v != ""})

    def with_materials(self, *records: MaterialRecord) -> Case:
        """The case with these material records added or replaced."""
        return replace(self, materials={**self.materials, **{r.code: r for r in records}})

    def without_material(self, code: str) -> Case:
        return replace(self, materials={k: v for k, v in self.materials.items() if k != code})

    def with_override(self, finding_key: str, reason: str) -> Case:
        """The case with a clerk's reason for overriding one warning."""
        if not reason.strip():
            raise ValueError("覆盖警告必须填写理由 / an override needs a reason")
        return replace(self, overrides={**self.overrides, finding_key: reason})
