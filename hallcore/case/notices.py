"""The contents of every notice the desk issues — data, not layout (printing lays them out).

一次性告知单, 补正告知书, 容缺受理通知书, 受理通知书, 不予受理决定书 and 出件通知, each built from a
`CaseFile` with the fields hall_domain.md §1.2's matrix lists: a document number, the applicant
(full values — the notice goes to the applicant; screens use `Notice.display_applicant`), the
matter, the time of receipt, the materials, each supplement item with the standard it must meet,
the deadlines, handler and phone, complaint phone, delivery method and remedies. `REQUIRED_FIELDS`
states, per kind, which attributes must be filled; the tests hold every builder to it.

The supplement notice's `supplement_items` is the very tuple the case file's supplement request
holds, which the later supplement receipt refers to: the 补正 list and the 补正收件 list cannot
drift apart (hall_domain.md §1.2, audit rule).

Document numbers follow a configurable `NumberScheme`, by default
``{hall}{prefix}〔{year}〕{seq:05d}号`` with one prefix per kind (地区机关简称 + 文种 + 年份 +
顺序号). The sequence number is passed in: allocating it atomically is the server's job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType

from hallcore.case.lifecycle import (
    CaseFile,
    CaseState,
    Refusal,
    SubCase,
    promised_working_days,
)
from hallcore.case.model import Case, MaterialState, Party
from hallcore.case.precheck import Finding, precheck
from hallcore.catalog.model import Delivery, FieldDef, FulfilWay, MaterialForm

__all__ = [
    "REMEDIES",
    "REQUIRED_FIELDS",
    "Deadline",
    "HallProfile",
    "Handler",
    "MaterialLine",
    "Matter",
    "Notice",
    "NoticeError",
    "NoticeKind",
    "NumberScheme",
    "Remedy",
    "ResultLine",
    "build_notice",
]


class NoticeKind(StrEnum):
    CHECKLIST = "checklist"  # 一次性告知单
    SUPPLEMENT = "supplement"  # 补正告知书（一次性告知）
    TOLERANCE = "tolerance"  # 容缺受理通知书
    ACCEPTANCE = "acceptance"  # 受理通知书
    REFUSAL = "refusal"  # 不予受理决定书
    PICKUP = "pickup"  # 出件通知

    @property
    def label(self) -> str:
        return {
            "checklist": "一次性告知单",
            "supplement": "补正告知书",
            "tolerance": "容缺受理通知书",
            "acceptance": "受理通知书",
            "refusal": "不予受理决定书",
            "pickup": "出件通知",
        }[self.value]


_DEFAULT_PREFIXES = MappingProxyType(
    {
        NoticeKind.CHECKLIST: "告",
        NoticeKind.SUPPLEMENT: "补",
        NoticeKind.TOLERANCE: "容",
        NoticeKind.ACCEPTANCE: "受",
        NoticeKind.REFUSAL: "不受",
        NoticeKind.PICKUP: "出",
    }
)


@dataclass(frozen=True, slots=True)
class NumberScheme:
    """How document numbers are written: a format template and a prefix per kind.

    The template may use ``{hall}``, ``{prefix}``, ``{year}``, ``{seq}`` and ``{kind}``.
    """

    template: str = "{hall}{prefix}〔{year}〕{seq:05d}号"
    prefixes: Mapping[NoticeKind, str] = field(default_factory=lambda: _DEFAULT_PREFIXES)

    def number(self, kind: NoticeKind, hall: str, year: int, seq: int) -> str:
        return self.template.format(
            hall=hall, prefix=self.prefixes.get(kind, ""), year=year, seq=seq, kind=kind.value
        )


@dataclass(frozen=True, slots=True)
class HallProfile:
    """The hall's own facts printed on every notice (configuration, not constants)."""

    name: str  # e.g. 句容市政务服务中心
    short_name: str  # the 机关简称 in document numbers, e.g. 句政服
    complaint_phone: str  # 投诉和监督电话, e.g. 12345
    progress_query: str  # 进度查询方式
    seal: str = "行政审批专用章"
    fees: str = "不收费"
    pickup_place: str = "政务服务中心一件事综合窗口"
    scheme: NumberScheme = field(default_factory=NumberScheme)


@dataclass(frozen=True, slots=True)
class Handler:
    """承办人 and the phone the applicant may call (a work phone, not personal data)."""

    name: str
    phone: str


@dataclass(frozen=True, slots=True)
class Remedy:
    """A right of redress printed on a refusal."""

    name: str
    body: str
    period: str
    text: str


# 行政复议法 (revised 2023) §20: within 60 days of knowing of the act; 行政诉讼法 §46: within
# 6 months. [verify] against the official texts before release (hall_domain.md §1.1, §8 item 4).
REMEDIES: tuple[Remedy, ...] = (
    Remedy(
        "行政复议",
        "本级人民政府",
        "60日",
        "如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议。",
    ),
    Remedy(
        "行政诉讼",
        "人民法院",
        "6个月",
        "也可以自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。",
    ),
)


@dataclass(frozen=True, slots=True)
class Matter:
    """申请事项: the theme and the selected items, with codes."""

    theme_code: str
    name: str
    items: tuple[tuple[str, str], ...]  # (item code, item name)


@dataclass(frozen=True, slots=True)
class MaterialLine:
    """One line of a material list: name, copies, original or copy, paper or electronic."""

    code: str
    name: str
    copies: int
    form: str  # 原件 / 复印件 / 原件及复印件 / 电子材料
    medium: str  # 纸质 / 电子
    status: str  # how it stands or how it is met (已提交, 电子证照调取, 需提交, …)


@dataclass(frozen=True, slots=True)
class Deadline:
    label: str
    label_en: str
    on: dt.date


@dataclass(frozen=True, slots=True)
class ResultLine:
    """One department's result on the 出件通知."""

    department: str
    items: tuple[str, ...]
    approved: bool
    opinion: str


@dataclass(frozen=True, slots=True)
class Notice:
    """The contents of one notice. Fields a kind does not use stay empty."""

    kind: NoticeKind
    number: str
    issued_on: dt.date
    hall: str
    applicant: Party
    matter: Matter
    received_at: dt.datetime
    handler: Handler
    seal: str
    agent: Party | None = None
    contact_phone: str = field(default="", repr=False)
    materials: tuple[MaterialLine, ...] = ()
    supplement_items: tuple[Finding, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    consequence: str = ""
    accepted_on: dt.date | None = None
    legal_working_days: int | None = None
    promised_working_days: int | None = None
    excluded_periods: str = ""
    complaint_phone: str = ""
    progress_query: str = ""
    fees: str = ""
    delivery: Delivery | None = None
    delivery_address: str = field(default="", repr=False)
    reason: str = ""
    legal_basis: str = ""
    apply_to: str = ""
    remedies: tuple[Remedy, ...] = ()
    results: tuple[ResultLine, ...] = ()
    pickup_place: str = ""

    @property
    def title(self) -> str:
        return self.kind.label

    @property
    def display_applicant(self) -> str:
        """The applicant as a screen may show it: 张* 3201**********1234."""
        return f"{self.applicant.masked_name} {self.applicant.masked_id_number}"


# hall_domain.md §1.2: the fields every notice of a kind must carry (attribute names of Notice).
_COMMON = frozenset(
    {"number", "issued_on", "hall", "applicant", "matter", "received_at", "handler", "seal"}
)
REQUIRED_FIELDS: Mapping[NoticeKind, frozenset[str]] = MappingProxyType(
    {
        NoticeKind.CHECKLIST: _COMMON
        | {"materials", "promised_working_days", "complaint_phone", "legal_basis"},
        NoticeKind.SUPPLEMENT: _COMMON
        | {"materials", "supplement_items", "deadlines", "consequence", "complaint_phone"},
        NoticeKind.TOLERANCE: _COMMON
        | {
            "materials",
            "supplement_items",
            "deadlines",
            "consequence",
            "accepted_on",
            "promised_working_days",
            "complaint_phone",
        },
        NoticeKind.ACCEPTANCE: _COMMON
        | {
            "materials",
            "accepted_on",
            "legal_working_days",
            "promised_working_days",
            "deadlines",
            "excluded_periods",
            "complaint_phone",
            "progress_query",
            "fees",
            "delivery",
        },
        NoticeKind.REFUSAL: _COMMON
        | {"reason", "legal_basis", "apply_to", "remedies", "complaint_phone"},
        NoticeKind.PICKUP: _COMMON | {"results", "delivery", "pickup_place", "complaint_phone"},
    }
)


class NoticeError(ValueError):
    """The case is not in a state that this notice belongs to."""

    def __init__(self, kind: NoticeKind, state: CaseState) -> None:
        super().__init__(
            f"办件状态为“{state.label}”，不能出具《{kind.label}》 / "
            f"cannot issue a {kind.value} notice in state '{state.value}'"
        )
        self.kind = kind
        self.state = state


_STATES: Mapping[NoticeKind, frozenset[CaseState]] = MappingProxyType(
    {
        NoticeKind.CHECKLIST: frozenset(CaseState),
        NoticeKind.SUPPLEMENT: frozenset({CaseState.SUPPLEMENT_NOTIFIED}),
        NoticeKind.TOLERANCE: frozenset(
            {
                CaseState.TOLERANCE_ACCEPTED,
                CaseState.ACCEPTED,
                CaseState.DISPATCHED,
                CaseState.DECIDED,
            }
        ),
        NoticeKind.ACCEPTANCE: frozenset(
            {
                CaseState.ACCEPTED,
                CaseState.DISPATCHED,
                CaseState.DECIDED,
                CaseState.READY,
                CaseState.DELIVERED,
            }
        ),
        NoticeKind.REFUSAL: frozenset({CaseState.NOT_ACCEPTED}),
        NoticeKind.PICKUP: frozenset({CaseState.READY, CaseState.DELIVERED}),
    }
)

# The legal decision clock of a joint case (行政许可法 §42: 统一办理 ≤ 45 days) and what it
# excludes; printed on the acceptance notice.
_EXCLUDED = (
    "听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审所需时间不计算在办理时限内，将书面告知。"
)


def _medium(form: MaterialForm) -> str:
    return "电子" if form is MaterialForm.ELECTRONIC else "纸质"


def _materials(file: CaseFile, fields: Mapping[str, FieldDef]) -> tuple[MaterialLine, ...]:
    result = file.precheck or precheck(file.case, fields, file.received_on)
    # A material accepted under 容缺 is still missing in the pre-check, but the notice must say
    # it is tolerated and by when it is due, not that it is needed now.
    tolerance = file.tolerance
    lines = []
    for entry in result.resolution.checklist:
        m = entry.material
        state = result.material_states.get(m.code, MaterialState.MISSING)
        if tolerance is not None and m.code in tolerance.received:
            status = "容缺材料已补交"
        elif tolerance is not None and m.code in tolerance.deadlines:
            status = f"容缺受理，{tolerance.deadlines[m.code]:%Y年%m月%d日}前补交"
        elif state is MaterialState.MISSING and entry.way is FulfilWay.SUBMIT:
            status = "需提交"
        elif state is MaterialState.MISSING:
            status = entry.way_note
        else:
            status = state.label
        lines.append(MaterialLine(m.code, m.name, m.copies, m.form.label, _medium(m.form), status))
    return tuple(lines)


def _matter(file: CaseFile, fields: Mapping[str, FieldDef]) -> Matter:
    result = file.precheck or precheck(file.case, fields, file.received_on)
    theme = file.case.theme
    return Matter(
        theme.code, theme.name, tuple((s.item.code, s.item.name) for s in result.resolution.items)
    )


def _legal_working_days(file: CaseFile, fields: Mapping[str, FieldDef]) -> int | None:
    result = file.precheck or precheck(file.case, fields, file.received_on)
    limits = [
        s.item.legal_working_days
        for s in result.resolution.items
        if s.item.legal_working_days is not None
    ]
    return max(limits) if limits else None


def _refusal_text(refusal: Refusal | None) -> tuple[str, str, str]:
    if refusal is None:
        return "", "", ""
    return refusal.reason, refusal.legal_basis, refusal.apply_to or "无（本事项不需向其他机关申请）"


def _results(subcases: tuple[SubCase, ...]) -> tuple[ResultLine, ...]:
    return tuple(
        ResultLine(
            s.department,
            tuple(i.name for i in s.items),
            s.decision is not None and s.decision.approved,
            "" if s.decision is None else s.decision.opinion,
        )
        for s in subcases
    )


def build_notice(
    kind: NoticeKind,
    file: CaseFile,
    *,
    hall: HallProfile,
    handler: Handler,
    fields: Mapping[str, FieldDef],
    issued_on: dt.date,
    seq: int,
) -> Notice:
    """The contents of a `kind` notice for `file`, numbered `seq` of `issued_on`'s year."""
    if file.state not in _STATES[kind]:
        raise NoticeError(kind, file.state)
    case = file.case
    theme = case.theme
    base = Notice(
        kind=kind,
        number=hall.scheme.number(kind, hall.short_name, issued_on.year, seq),
        issued_on=issued_on,
        hall=hall.name,
        applicant=case.applicant,
        agent=case.agent,
        contact_phone=(case.agent or case.applicant).phone,
        matter=_matter(file, fields),
        received_at=case.received_at,
        handler=handler,
        seal=hall.seal,
        materials=_materials(file, fields),
        complaint_phone=hall.complaint_phone,
    )
    if kind is NoticeKind.CHECKLIST:
        result = file.precheck or precheck(case, fields, file.received_on)
        return replace(
            base,
            promised_working_days=promised_working_days(
                theme, (s.item for s in result.resolution.items)
            ),
            legal_basis="；".join(theme.legal_basis),
            progress_query=hall.progress_query,
        )
    if kind is NoticeKind.SUPPLEMENT:
        request = file.supplement
        assert request is not None  # the state guarantees it
        return replace(
            base,
            supplement_items=request.items,  # the same tuple the receipt will refer to
            deadlines=(Deadline("补正期限", "supplement deadline", request.deadline),),
            consequence="逾期未补正的，视为申请人放弃本次申请，可重新申请。",
        )
    if kind is NoticeKind.TOLERANCE:
        tolerance = file.tolerance
        assert tolerance is not None
        return replace(
            base,
            supplement_items=tolerance.items,
            deadlines=tuple(
                Deadline(
                    f"“{theme.material(code).name}”补交期限",
                    f"deadline for {code}",
                    on,
                )
                for code, on in tolerance.deadlines.items()
            ),
            consequence="逾期未补齐的，终止办理，由申请人承担相应后果。",
            accepted_on=file.accepted_on,
            promised_working_days=file.promised_days,
        )
    if kind is NoticeKind.ACCEPTANCE:
        deadlines = []
        if file.promised_due is not None:
            deadlines.append(Deadline("承诺办结日期", "promised completion", file.promised_due))
        return replace(
            base,
            accepted_on=file.accepted_on,
            legal_working_days=_legal_working_days(file, fields),
            promised_working_days=file.promised_days,
            deadlines=tuple(deadlines),
            excluded_periods=_EXCLUDED,
            progress_query=hall.progress_query,
            fees=hall.fees,
            delivery=case.delivery or (theme.delivery[0] if theme.delivery else Delivery.WINDOW),
            delivery_address=_postal_address(case) if case.delivery is Delivery.POST else "",
        )
    if kind is NoticeKind.REFUSAL:
        reason, basis, apply_to = _refusal_text(file.refusal)
        return replace(
            base,
            materials=(),
            reason=reason,
            legal_basis=basis,
            apply_to=apply_to,
            remedies=REMEDIES,
        )
    # PICKUP
    return replace(
        base,
        results=_results(file.subcases),
        delivery=file.delivery or case.delivery or Delivery.WINDOW,
        delivery_address=(
            _postal_address(case) if (file.delivery or case.delivery) is Delivery.POST else ""
        ),
        pickup_place=hall.pickup_place,
    )


def _postal_address(case: Case) -> str:
    """Where results go by post: the address the applicant gave for it on the form (邮寄地址),
    else their own."""
    return case.form.get("postal_address", "").strip() or case.applicant.address
