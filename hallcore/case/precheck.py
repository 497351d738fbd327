"""The one-time pre-check (一次性初审): every rule of the theme, every problem, in one pass.

`precheck(case, fields, today)` resolves the case's answers (`hallcore.catalog.resolve`), then
runs every rule below over the whole case and returns all findings together. No rule stops the
others: 行政许可法 §32(4) demands that the applicant be told **everything** to supplement at once
(一次告知), so a rule that returned early would hide a problem until the next visit.

Rules (stable codes in `RuleCode`):

* materials — every material the selected items need is there (or committed, or tolerable),
  with enough pages and copies; a material met by e-license, data sharing or produced in the flow
  (the resolver's first available way) is never demanded (国务院令第716号 §7);
* validity — expiry dates, and the signature, seal, legibility and original-seen ticks;
* form — required fields present and well formed; ID numbers, credit codes and phones through
  the two-tier validators of `hallcore.identifiers` (hard problems must be corrected, soft ones
  are warnings a clerk may override with a reason);
* consistency — form values equal the values recorded off a document (the ID card read by the
  reader), field by field;
* eligibility — the rules the theme declares (retirement age under the 2024 decision, ages,
  minimum values).

Each finding has a kind (`FindingKind`): blocking, correctable on the spot (当场更正), tolerable
(可容缺 — only where the catalog's material lists the tolerance way) or a warning to override.
The findings needing action, minus the eligibility ones (no supplement cures those: they lead to
不予受理), are the supplement list (`PrecheckResult.supplement_items`) — the list the 补正告知书
prints and the later supplement receipt refers to.

The engine reads no clock: `today` is the hall's business date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from hallcore.case.model import Case, MaterialRecord, MaterialState
from hallcore.case.retirement import (
    add_months,
    parse_retirement_category,
    statutory_retirement,
)
from hallcore.catalog.model import (
    EligibilityRule,
    FieldDef,
    FieldType,
    FulfilWay,
    Material,
    MaterialCheck,
    conditions_hold,
)
from hallcore.catalog.resolver import ChecklistEntry, Resolution, resolve
from hallcore.identifiers import (
    IdentifierCheck,
    check_citizen_id,
    check_credit_code,
    check_phone,
    normalize_identifier,
    to_halfwidth,
)

__all__ = [
    "Finding",
    "FindingKind",
    "Outcome",
    "PrecheckResult",
    "RuleCode",
    "SubjectKind",
    "precheck",
]


class FindingKind(StrEnum):
    """How a finding weighs on the acceptance decision."""

    BLOCKING = "blocking"  # 不能受理：须补正
    CORRECTABLE = "correctable"  # 可当场更正
    TOLERABLE = "tolerable"  # 可容缺受理（目录允许的材料）
    WARNING = "warning"  # 警告：窗口人员核实后可说明理由放行

    @property
    def label(self) -> str:
        return {
            "blocking": "需补正",
            "correctable": "可当场更正",
            "tolerable": "可容缺",
            "warning": "需核实",
        }[self.value]


class SubjectKind(StrEnum):
    MATERIAL = "material"
    FIELD = "field"


class RuleCode(StrEnum):
    """Stable codes of the rules: screens, logs and tests key on these, never on the text."""

    MATERIAL_MISSING = "material.missing"
    MATERIAL_COMMITMENT_UNSIGNED = "material.commitment_unsigned"
    MATERIAL_COMMITMENT_NOT_ALLOWED = "material.commitment_not_allowed"
    MATERIAL_PAGES = "material.pages"
    MATERIAL_COPIES = "material.copies"
    MATERIAL_EXPIRY_UNKNOWN = "material.expiry_unknown"
    MATERIAL_EXPIRED = "material.expired"
    MATERIAL_UNSIGNED = "material.unsigned"
    MATERIAL_UNSEALED = "material.unsealed"
    MATERIAL_ILLEGIBLE = "material.illegible"
    MATERIAL_ORIGINAL_NOT_SEEN = "material.original_not_seen"
    MATERIAL_FORM_VALUE_MISSING = "material.form_value_missing"
    FIELD_REQUIRED = "field.required"
    FIELD_MALFORMED = "field.malformed"
    FIELD_IDENTIFIER_WARNING = "field.identifier_warning"
    CONSISTENCY_MISMATCH = "consistency.mismatch"
    ELIGIBILITY_RETIREMENT_AGE = "eligibility.retirement_age"
    ELIGIBILITY_RETIREMENT_CATEGORY = "eligibility.retirement_category"
    ELIGIBILITY_AGE_BELOW = "eligibility.age_below"
    ELIGIBILITY_AGE_AT_LEAST = "eligibility.age_at_least"
    ELIGIBILITY_MIN_VALUE = "eligibility.min_value"

    @property
    def is_eligibility(self) -> bool:
        return self.value.startswith("eligibility.")


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem the pre-check found, fit to print.

    Messages name the material or field but never quote a personal value: findings are shown on
    the desk screen, printed and logged. `standard` is what the supplied material or value must
    meet — the 补正告知书 prints it next to the name.
    """

    rule: RuleCode
    kind: FindingKind
    subject_kind: SubjectKind
    subject: str  # the material code or the field key
    subject_name: str  # its name as printed
    message_zh: str
    message_en: str
    standard: str = ""
    override_reason: str | None = None

    @property
    def key(self) -> str:
        """Stable identity of the finding within a case, e.g. ``material.pages@HOUSEHOLD_BOOK``."""
        return f"{self.rule.value}@{self.subject}"

    @property
    def overridden(self) -> bool:
        return self.kind is FindingKind.WARNING and bool(self.override_reason)

    @property
    def needs_action(self) -> bool:
        """Whether this finding stands between the case and acceptance."""
        return not self.overridden

    @property
    def supplementable(self) -> bool:
        """Whether supplying something can cure it (an ineligible applicant cannot)."""
        return not self.rule.is_eligibility


class Outcome(StrEnum):
    """What the findings allow, from the most to the least severe."""

    NOT_ELIGIBLE = "not_eligible"  # 不符合条件：不予受理
    SUPPLEMENT = "supplement"  # 一次性补正告知
    TOLERANCE = "tolerance"  # 可容缺受理
    CORRECT_ON_SPOT = "correct_on_spot"  # 当场更正后受理
    ACCEPTABLE = "acceptable"  # 齐全、符合法定形式：受理


@dataclass(frozen=True, slots=True)
class PrecheckResult:
    """All findings of one pre-check of one case, and the resolution it was made against."""

    case: Case = field(repr=False)
    checked_on: dt.date
    resolution: Resolution = field(repr=False)
    findings: tuple[Finding, ...]
    material_states: Mapping[str, MaterialState]

    def of_kind(self, kind: FindingKind) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind is kind and f.needs_action)

    @property
    def open_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.needs_action)

    @property
    def passed(self) -> bool:
        """Complete and in legal form: nothing stands between the case and acceptance."""
        return not self.open_findings

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return self.of_kind(FindingKind.BLOCKING)

    @property
    def supplement_items(self) -> tuple[Finding, ...]:
        """Everything the applicant must still supply or correct, for the 补正告知书."""
        return tuple(f for f in self.findings if f.needs_action and f.supplementable)

    @property
    def outcome(self) -> Outcome:
        open_ = self.open_findings
        if any(not f.supplementable for f in open_):
            return Outcome.NOT_ELIGIBLE
        kinds = {f.kind for f in open_}
        if FindingKind.BLOCKING in kinds:
            return Outcome.SUPPLEMENT
        if FindingKind.TOLERABLE in kinds:
            return Outcome.TOLERANCE
        if kinds:
            return Outcome.CORRECT_ON_SPOT
        return Outcome.ACCEPTABLE

    def finding(self, key: str) -> Finding | None:
        return next((f for f in self.findings if f.key == key), None)


# --- the engine ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    case: Case
    today: dt.date
    resolution: Resolution
    form_fields: Mapping[str, FieldDef]  # the fields of the resolved form, by key
    required: frozenset[str]

    def value(self, key: str) -> str:
        return self.case.form.get(key, "").strip()


_Rule = Callable[[_Context], Iterator[Finding]]


def precheck(case: Case, fields: Mapping[str, FieldDef], today: dt.date) -> PrecheckResult:
    """Run every rule over `case` and return every finding.

    `fields` is the catalog's field dictionary. Raises `IncompleteAnswers` when the situation
    answers leave questions open: which materials are needed is not known until they are answered.
    """
    if isinstance(today, dt.datetime):
        raise TypeError("today is the hall's business date: a date, not a datetime")
    resolution = resolve(case.theme, case.answers, fields, case.unavailable).require_complete()
    ctx = _Context(
        case,
        today,
        resolution,
        {f.field.key: f.field for f in resolution.form},
        frozenset(f.field.key for f in resolution.form if f.required),
    )
    findings: list[Finding] = []
    for rule in _RULES:
        findings.extend(rule(ctx))
    # Overrides are applied last and only to warnings: a blocking finding is never waved through.
    findings = [
        replace(f, override_reason=case.overrides[f.key])
        if f.kind is FindingKind.WARNING and f.key in case.overrides
        else f
        for f in findings
    ]
    states = {
        e.material.code: _state(e, case.materials.get(e.material.code))
        for e in resolution.checklist
    }
    return PrecheckResult(case, today, resolution, tuple(findings), states)


def _state(entry: ChecklistEntry, record: MaterialRecord | None) -> MaterialState:
    way = entry.way
    if way is FulfilWay.E_LICENSE:
        return MaterialState.EXEMPT_E_LICENSE
    if way is FulfilWay.DATA_SHARE:
        return MaterialState.EXEMPT_DATA_SHARE
    if way is FulfilWay.SYSTEM_GENERATED:
        return MaterialState.EXEMPT_GENERATED
    if way is FulfilWay.FORM_FIELD:
        return MaterialState.ON_FORM
    return MaterialState.MISSING if record is None else record.state


# --- materials ----------------------------------------------------------------------------------


def _material_finding(m: Material, rule: RuleCode, kind: FindingKind, zh: str, en: str) -> Finding:
    # A defect of a material the catalog lets the hall tolerate (容缺) may be tolerated instead of
    # blocking the case; on-the-spot corrections and warnings stay what they are.
    if kind is FindingKind.BLOCKING and m.tolerable:
        kind = FindingKind.TOLERABLE
        zh += f"（可容缺受理，{m.tolerance_working_days}个工作日内补交）"
        en += f" (may be tolerated: hand it in within {m.tolerance_working_days} working days)"
    standard = m.standard or f"{m.form.label}{m.copies}份"
    return Finding(rule, kind, SubjectKind.MATERIAL, m.code, m.name, zh, en, standard)


def _materials(ctx: _Context) -> Iterator[Finding]:
    for entry in ctx.resolution.checklist:
        m = entry.material
        if entry.way.exempts:
            continue  # never demanded: e-license, data sharing, produced in the flow
        if entry.way is FulfilWay.FORM_FIELD:
            # The form rule reports the field when the form asks it; otherwise the value is
            # still needed, and this material names it.
            if m.form_field not in ctx.form_fields and not ctx.value(m.form_field):
                yield Finding(
                    RuleCode.MATERIAL_FORM_VALUE_MISSING,
                    FindingKind.CORRECTABLE,
                    SubjectKind.MATERIAL,
                    m.code,
                    m.name,
                    f"“{m.name}”需在申请表中填写。",
                    f"'{m.code}' must be filled in on the form.",
                    m.standard,
                )
            continue
        record = ctx.case.materials.get(m.code)
        state = MaterialState.MISSING if record is None else record.state
        if state is MaterialState.COMMITTED:
            if not m.committable:
                yield _material_finding(
                    m,
                    RuleCode.MATERIAL_COMMITMENT_NOT_ALLOWED,
                    FindingKind.BLOCKING,
                    f"“{m.name}”不适用告知承诺，须提交。",
                    f"'{m.code}' cannot be replaced by a commitment; it must be handed in.",
                )
            continue
        if state in (MaterialState.MISSING, MaterialState.TOLERATED) or record is None:
            yield _missing(m, entry)
            continue
        yield from _provided(ctx, m, record)


def _missing(m: Material, entry: ChecklistEntry) -> Finding:
    if entry.way is FulfilWay.COMMITMENT or m.committable:
        # The applicant can sign the 告知承诺书 at the window: an on-the-spot correction.
        return Finding(
            RuleCode.MATERIAL_COMMITMENT_UNSIGNED,
            FindingKind.CORRECTABLE,
            SubjectKind.MATERIAL,
            m.code,
            m.name,
            f"缺少“{m.name}”：可当场签署告知承诺书代替，或提交{m.form.label}{m.copies}份。",
            f"'{m.code}' is missing: sign a commitment at the window, or hand it in.",
            m.standard or f"{m.form.label}{m.copies}份，或签署告知承诺书",
        )
    return _material_finding(
        m,
        RuleCode.MATERIAL_MISSING,
        FindingKind.BLOCKING,
        f"缺少“{m.name}”（{m.form.label}{m.copies}份）。",
        f"'{m.code}' is missing ({m.form.value}, {m.copies} cop{'y' if m.copies == 1 else 'ies'}).",
    )


def _provided(ctx: _Context, m: Material, r: MaterialRecord) -> Iterator[Finding]:
    if r.page_count < m.min_pages:
        yield _material_finding(
            m,
            RuleCode.MATERIAL_PAGES,
            FindingKind.BLOCKING,
            f"“{m.name}”应至少{m.min_pages}页，现有{r.page_count}页。",
            f"'{m.code}' needs at least {m.min_pages} pages, has {r.page_count}.",
        )
    if r.copies < m.copies:
        # The hall copies on the spot; no reason to send the applicant away for it.
        yield _material_finding(
            m,
            RuleCode.MATERIAL_COPIES,
            FindingKind.CORRECTABLE,
            f"“{m.name}”应为{m.copies}份，现有{r.copies}份，可当场复印。",
            f"'{m.code}' needs {m.copies} copies, has {r.copies}; copy it at the window.",
        )
    checks = m.checks
    if MaterialCheck.NOT_EXPIRED in checks:
        if r.expires_on is None:
            yield _material_finding(
                m,
                RuleCode.MATERIAL_EXPIRY_UNKNOWN,
                FindingKind.CORRECTABLE,
                f"请登记“{m.name}”的有效期限。",
                f"Record the expiry date of '{m.code}'.",
            )
        elif r.expires_on < ctx.today:
            yield _material_finding(
                m,
                RuleCode.MATERIAL_EXPIRED,
                FindingKind.BLOCKING,
                f"“{m.name}”已超过有效期。",
                f"'{m.code}' has expired.",
            )
    for check, (rule, kind, zh, en) in _TICKED_CHECKS.items():
        if check in checks and check not in r.ticked:
            yield _material_finding(m, rule, kind, zh.format(name=m.name), en.format(code=m.code))


# The checks a clerk ticks on a submitted material: what a missing tick means, and whether the
# applicant can put it right at the window (a signature) or not (a seal, a legible copy).
_TICKED_CHECKS: dict[MaterialCheck, tuple[RuleCode, FindingKind, str, str]] = {
    MaterialCheck.SIGNED: (
        RuleCode.MATERIAL_UNSIGNED,
        FindingKind.CORRECTABLE,
        "“{name}”未签字，请当场签字。",
        "'{code}' is not signed; sign it at the window.",
    ),
    MaterialCheck.SEALED: (
        RuleCode.MATERIAL_UNSEALED,
        FindingKind.BLOCKING,
        "“{name}”未加盖印章。",
        "'{code}' bears no seal.",
    ),
    MaterialCheck.LEGIBLE: (
        RuleCode.MATERIAL_ILLEGIBLE,
        FindingKind.BLOCKING,
        "“{name}”字迹或影像不清晰。",
        "'{code}' is not legible.",
    ),
    MaterialCheck.ORIGINAL_SEEN: (
        RuleCode.MATERIAL_ORIGINAL_NOT_SEEN,
        FindingKind.BLOCKING,
        "“{name}”须出示原件核验。",
        "The original of '{code}' must be shown.",
    ),
}


# --- the form -----------------------------------------------------------------------------------


def _field_finding(
    fd: FieldDef, rule: RuleCode, kind: FindingKind, zh: str, en: str, standard: str = ""
) -> Finding:
    return Finding(rule, kind, SubjectKind.FIELD, fd.key, fd.label, zh, en, standard)


_STANDARDS = {
    FieldType.ID_NUMBER: "18位公民身份号码，与身份证件一致",
    FieldType.CREDIT_CODE: "18位统一社会信用代码，与营业执照一致",
    FieldType.PHONE: "可接通的手机号码或带区号的固定电话",
    FieldType.DATE: "日期，格式为年-月-日",
    FieldType.INTEGER: "非负整数",
    FieldType.BANK_ACCOUNT: "本人银行账号（8至30位数字）",
}


def _form(ctx: _Context) -> Iterator[Finding]:
    for key, fd in ctx.form_fields.items():
        value = ctx.value(key)
        standard = _STANDARDS.get(fd.type, "")
        if not value:
            if key in ctx.required:
                yield _field_finding(
                    fd,
                    RuleCode.FIELD_REQUIRED,
                    FindingKind.CORRECTABLE,
                    f"请填写“{fd.label}”。",
                    f"Fill in '{fd.label_en or key}'.",
                    standard,
                )
            continue
        yield from _well_formed(ctx, fd, value, standard)


def _well_formed(ctx: _Context, fd: FieldDef, value: str, standard: str) -> Iterator[Finding]:
    label_en = fd.label_en or fd.key
    if fd.type in (FieldType.ID_NUMBER, FieldType.CREDIT_CODE, FieldType.PHONE):
        check: IdentifierCheck
        if fd.type is FieldType.ID_NUMBER:
            check = check_citizen_id(value, today=ctx.today)
        elif fd.type is FieldType.CREDIT_CODE:
            check = check_credit_code(value)
        else:
            check = check_phone(value)
        if check.hard:
            yield _field_finding(
                fd,
                RuleCode.FIELD_MALFORMED,
                FindingKind.CORRECTABLE,
                f"“{fd.label}”有误：" + "".join(p.message_zh for p in check.hard),
                f"'{label_en}' is wrong: " + " ".join(p.message_en for p in check.hard),
                standard,
            )
        elif check.soft:
            yield _field_finding(
                fd,
                RuleCode.FIELD_IDENTIFIER_WARNING,
                FindingKind.WARNING,
                f"“{fd.label}”请与原件核对：" + "".join(p.message_zh for p in check.soft),
                f"Check '{label_en}' against the original: "
                + " ".join(p.message_en for p in check.soft),
                standard,
            )
        return
    problem = _type_problem(fd, value)
    if problem is not None:
        yield _field_finding(
            fd,
            RuleCode.FIELD_MALFORMED,
            FindingKind.CORRECTABLE,
            f"“{fd.label}”{problem[0]}",
            f"'{label_en}' {problem[1]}",
            standard,
        )


def _type_problem(fd: FieldDef, value: str) -> tuple[str, str] | None:
    if fd.type is FieldType.DATE:
        if _parse_date(value) is None:
            return "不是有效日期（年-月-日）。", "is not a valid date (YYYY-MM-DD)."
    elif fd.type is FieldType.INTEGER:
        if _parse_int(value) is None:
            return "应为非负整数。", "must be a whole number of at least 0."
    elif fd.type is FieldType.CHOICE:
        if all(c.code != value for c in fd.choices):
            options = "、".join(c.label for c in fd.choices)
            return f"应为以下选项之一：{options}。", "is not one of the options."
    elif fd.type is FieldType.BANK_ACCOUNT:
        digits = "".join(to_halfwidth(value).split())
        if not (digits.isascii() and digits.isdigit() and 8 <= len(digits) <= 30):
            return "应为8至30位数字。", "must be 8 to 30 digits."
    return None


def _parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(to_halfwidth(value).strip())
    except ValueError:
        return None


def _parse_int(value: str) -> int | None:
    text = to_halfwidth(value).strip()
    return int(text) if text.isascii() and text.isdigit() else None


# --- consistency --------------------------------------------------------------------------------


def _canonical(fd: FieldDef, value: str) -> str:
    if fd.type in (FieldType.ID_NUMBER, FieldType.CREDIT_CODE):
        return normalize_identifier(value)
    # Names typed with or without a space, in full-width or half-width forms, are the same name.
    return "".join(to_halfwidth(value).split())


def _consistency(ctx: _Context) -> Iterator[Finding]:
    seen: set[str] = set()
    for entry in ctx.resolution.checklist:
        record = ctx.case.materials.get(entry.material.code)
        if record is None or not record.recorded:
            continue
        for key, recorded in record.recorded.items():
            fd = ctx.form_fields.get(key)
            value = ctx.value(key)
            # A missing form value is the form rule's to report; one mismatch per field is enough.
            if fd is None or not value or key in seen:
                continue
            if _canonical(fd, value) != _canonical(fd, recorded):
                seen.add(key)
                name = entry.material.name
                yield _field_finding(
                    fd,
                    RuleCode.CONSISTENCY_MISMATCH,
                    FindingKind.CORRECTABLE,
                    f"申请表中的“{fd.label}”与“{name}”的记载不一致，请按证件更正。",
                    f"'{fd.label_en or key}' on the form differs from '{entry.material.code}'; "
                    f"correct it from the document.",
                    f"与“{name}”一致",
                )


# --- eligibility --------------------------------------------------------------------------------


def _eligibility(ctx: _Context) -> Iterator[Finding]:
    for rule in ctx.case.theme.eligibility:
        # e.g. the statutory retirement age binds normal retirement, not early retirement
        if conditions_hold(rule.when, ctx.resolution.answers):
            yield from _eligibility_rule(ctx, rule)


def _date_param(ctx: _Context, rule: EligibilityRule) -> tuple[FieldDef, dt.date] | None:
    key = str(rule.params["birth_date_field"])
    fd = ctx.form_fields.get(key)
    if fd is None:
        return None  # the field does not apply to this applicant's items: neither does the rule
    born = _parse_date(ctx.value(key))
    # Missing or malformed: the form rule reports it; judging eligibility on it would double up.
    return None if born is None else (fd, born)


def _eligibility_rule(ctx: _Context, rule: EligibilityRule) -> Iterator[Finding]:
    today = ctx.today
    own = rule.message
    if rule.rule == "retirement_age":
        got = _date_param(ctx, rule)
        cat_key = str(rule.params["category_field"])
        code = ctx.value(cat_key)
        if got is None or cat_key not in ctx.form_fields or not code:
            return
        fd, born = got
        if _type_problem(ctx.form_fields[cat_key], code) is not None:
            return  # not one of the field's options: the form rule reports it, correctably
        category = parse_retirement_category(code)
        if category is None:  # a valid option that names no statutory category: catalog error
            cat_fd = ctx.form_fields[cat_key]
            yield _field_finding(
                cat_fd,
                RuleCode.ELIGIBILITY_RETIREMENT_CATEGORY,
                FindingKind.BLOCKING,
                f"“{cat_fd.label}”的选项不是法定退休年龄的类别，无法计算退休年龄（请检查事项目录）。",
                f"'{cat_key}' is not a retirement category; the statutory age cannot be computed "
                f"(check the catalog).",
            )
            return
        age = statutory_retirement(born, category)
        if today < age.reached_on:
            yield _field_finding(
                fd,
                RuleCode.ELIGIBILITY_RETIREMENT_AGE,
                FindingKind.BLOCKING,
                (own or "未达到法定退休年龄。")
                + f"按渐进式延迟法定退休年龄规定，{category.label}法定退休年龄为{age.label}，"
                f"{age.reached_on:%Y年%m月%d日}达到。",
                f"Statutory retirement age not reached: {age.label_en} for this category, "
                f"reached on {age.reached_on.isoformat()}.",
            )
    elif rule.rule == "age_below":
        got = _date_param(ctx, rule)
        months = int(rule.params["months"])
        if got is not None and today >= add_months(got[1], months):
            yield _field_finding(
                got[0],
                RuleCode.ELIGIBILITY_AGE_BELOW,
                FindingKind.BLOCKING,
                own or f"须未满{months}个月。",
                f"Must be younger than {months} months.",
            )
    elif rule.rule == "age_at_least":
        got = _date_param(ctx, rule)
        years = int(rule.params["years"])
        if got is not None and today < add_months(got[1], 12 * years):
            yield _field_finding(
                got[0],
                RuleCode.ELIGIBILITY_AGE_AT_LEAST,
                FindingKind.BLOCKING,
                own or f"须年满{years}周岁。",
                f"Must be at least {years} years old.",
            )
    elif rule.rule == "min_value":
        key = str(rule.params["field"])
        minimum = int(rule.params["value"])
        num_fd = ctx.form_fields.get(key)
        number = _parse_int(ctx.value(key))
        if num_fd is not None and number is not None and number < minimum:
            yield _field_finding(
                num_fd,
                RuleCode.ELIGIBILITY_MIN_VALUE,
                FindingKind.BLOCKING,
                own or f"“{num_fd.label}”须不少于{minimum}。",
                f"'{num_fd.label_en or key}' must be at least {minimum}.",
            )


# Every rule runs on every pre-check; order is the order findings are listed in.
_RULES: tuple[_Rule, ...] = (_materials, _form, _consistency, _eligibility)
