"""From a theme and the applicant's answers to the personal checklist (一次告知单).

`resolve()` turns answers to a theme's situation questions into the selected service items, the
material checklist (deduplicated, exemptions applied, each material with the reason it is needed)
and the fields of the merged form. It never guesses: a question that applies and has no answer is
*pending*, an answer that names an unknown question or option is a *problem*, and the resolution
is complete only when there are neither. The kiosk asks the pending questions one by one; the
desk and the pre-check refuse an incomplete resolution (`require_complete`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from hallcore.catalog.model import (
    Condition,
    FieldDef,
    FormEntry,
    FulfilWay,
    Material,
    ServiceItem,
    Situation,
    Theme,
    conditions_hold,
)

# An answer is one option code, or several for a question that allows multiple choices.
Answer = str | Sequence[str]


@dataclass(frozen=True, slots=True)
class AnswerProblem:
    """An answer that cannot be used as given."""

    situation: str
    code: str  # unknown_question | unknown_option | not_applicable | single_choice | empty
    message_zh: str
    message_en: str


@dataclass(frozen=True, slots=True)
class SelectedItem:
    item: ServiceItem
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ChecklistEntry:
    """A material on the personal checklist, with how it will be met and why it is needed."""

    material: Material
    way: FulfilWay  # the first way of the material's fulfil list still available
    reasons: tuple[str, ...]

    @property
    def exempt(self) -> bool:
        """The applicant hands nothing in: e-license, data sharing or produced in the flow."""
        return self.way.exempts

    @property
    def to_hand_in(self) -> bool:
        """The applicant brings it (or signs a commitment for it)."""
        if self.signed_at_window:
            return False
        return self.way in (FulfilWay.SUBMIT, FulfilWay.COMMITMENT, FulfilWay.TOLERANCE)

    @property
    def signed_at_window(self) -> bool:
        """The window prints it from the merged form; the applicant checks and signs it there."""
        return self.material.signed_at_window and self.way is FulfilWay.SUBMIT

    @property
    def way_note(self) -> str:
        """How it will be met, in words for the checklist."""
        m = self.material
        if self.way is FulfilWay.E_LICENSE:
            return f"免提交：通过电子证照库调取“{m.license}”"
        if self.way is FulfilWay.DATA_SHARE:
            return "免提交：通过部门数据共享核验"
        if self.way is FulfilWay.SYSTEM_GENERATED:
            return "免提交：办理过程中生成"
        if self.way is FulfilWay.FORM_FIELD:
            return "在申请表中填写"
        if self.way is FulfilWay.COMMITMENT:
            return "可签署告知承诺书代替"
        if self.signed_at_window:
            return "无需自备：窗口根据一表申请打印，您当场核对签字"
        note = f"{m.form.label}{m.copies}份"
        if m.tolerable:
            note += f"；暂缺可容缺受理，{m.tolerance_working_days}个工作日内补交"
        elif m.committable:
            note += "；也可签署告知承诺书代替"
        return note


@dataclass(frozen=True, slots=True)
class FormFieldEntry:
    field: FieldDef
    entry: FormEntry

    @property
    def required(self) -> bool:
        return self.entry.required


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a theme means for one applicant, given the answers so far."""

    theme: Theme
    answers: Mapping[str, tuple[str, ...]]
    items: tuple[SelectedItem, ...]
    checklist: tuple[ChecklistEntry, ...]
    form: tuple[FormFieldEntry, ...]
    pending: tuple[Situation, ...]
    problems: tuple[AnswerProblem, ...]

    @property
    def complete(self) -> bool:
        return not self.pending and not self.problems

    @property
    def to_hand_in(self) -> tuple[ChecklistEntry, ...]:
        return tuple(e for e in self.checklist if e.to_hand_in)

    @property
    def exempt(self) -> tuple[ChecklistEntry, ...]:
        return tuple(e for e in self.checklist if e.exempt)

    @property
    def signed_at_window(self) -> tuple[ChecklistEntry, ...]:
        """Printed by the window and signed there: on the case, not on the list to bring."""
        return tuple(e for e in self.checklist if e.signed_at_window)

    @property
    def item_codes(self) -> frozenset[str]:
        return frozenset(s.item.code for s in self.items)

    def require_complete(self) -> Resolution:
        if not self.complete:
            raise IncompleteAnswers(self)
        return self


class IncompleteAnswers(Exception):
    """The answers leave questions open or cannot be used; every reason is listed."""

    def __init__(self, resolution: Resolution) -> None:
        self.resolution = resolution
        zh = [f"尚未回答：{s.question}" for s in resolution.pending]
        zh += [p.message_zh for p in resolution.problems]
        en = [f"not answered: {s.code}" for s in resolution.pending]
        en += [p.message_en for p in resolution.problems]
        self.messages_zh = tuple(zh)
        self.messages_en = tuple(en)
        super().__init__("；".join(zh) + " / " + "; ".join(en))


def _holds(conditions: Sequence[Condition], answers: Mapping[str, tuple[str, ...]]) -> bool:
    return conditions_hold(conditions, answers)


def _normalize(answer: Answer) -> tuple[str, ...]:
    return (answer,) if isinstance(answer, str) else tuple(answer)


def resolve(
    theme: Theme,
    answers: Mapping[str, Answer],
    fields: Mapping[str, FieldDef],
    unavailable: Mapping[str, Collection[FulfilWay]] | None = None,
) -> Resolution:
    """Resolve `answers` for `theme`.

    `fields` is the catalog's field dictionary. `unavailable` names, per material code, the fulfil
    ways that failed for this applicant (say the e-license look-up found nothing); the material
    then falls back to its next way, so it is demanded only when no exempting way is left.
    """
    unavailable = unavailable or {}
    problems: list[AnswerProblem] = []
    given = {code: _normalize(a) for code, a in answers.items()}
    known = {s.code: s for s in theme.situations}
    for code in given:
        if code not in known:
            problems.append(
                AnswerProblem(
                    code,
                    "unknown_question",
                    f"“{theme.name}”没有问题“{code}”",
                    f"theme {theme.code} has no question '{code}'",
                )
            )

    # Walk the questions in order: a question applies when its conditions hold on the answers
    # accepted so far, which may refer only to earlier questions (the loader checks that).
    accepted: dict[str, tuple[str, ...]] = {}
    pending: list[Situation] = []
    for situation in theme.situations:
        applies = _holds(situation.when, accepted)
        answer = given.get(situation.code)
        if answer is None:
            if applies and situation.required:
                pending.append(situation)
            continue
        if not applies:
            problems.append(
                AnswerProblem(
                    situation.code,
                    "not_applicable",
                    f"根据前面的回答，不需要回答“{situation.question}”",
                    f"question '{situation.code}' does not apply given the earlier answers",
                )
            )
            continue
        problem = _check_answer(situation, answer)
        if problem is not None:
            problems.append(problem)
            continue
        accepted[situation.code] = answer

    items = _select_items(theme, accepted)
    selected = {s.item.code for s in items}
    checklist = tuple(
        entry
        for m in theme.materials
        if (entry := _checklist_entry(theme, m, selected, accepted, unavailable)) is not None
    )
    form = tuple(
        FormFieldEntry(fields[e.field], e)
        for e in theme.form
        if (not e.for_items or selected.intersection(e.for_items)) and _holds(e.when, accepted)
    )
    return Resolution(theme, accepted, items, checklist, form, tuple(pending), tuple(problems))


def _check_answer(situation: Situation, answer: tuple[str, ...]) -> AnswerProblem | None:
    if not answer:
        return AnswerProblem(
            situation.code,
            "empty",
            f"“{situation.question}”的回答为空",
            f"empty answer to '{situation.code}'",
        )
    if len(answer) > 1 and not situation.multiple:
        return AnswerProblem(
            situation.code,
            "single_choice",
            f"“{situation.question}”只能选一项",
            f"'{situation.code}' takes one option, got {len(answer)}",
        )
    unknown = [a for a in answer if situation.option(a) is None]
    if unknown:
        return AnswerProblem(
            situation.code,
            "unknown_option",
            f"“{situation.question}”没有选项“{'、'.join(unknown)}”",
            f"'{situation.code}' has no option {', '.join(unknown)}",
        )
    return None


def _select_items(theme: Theme, answers: Mapping[str, tuple[str, ...]]) -> tuple[SelectedItem, ...]:
    reasons: dict[str, list[str]] = {}
    for item in theme.items:
        if item.mandatory:
            reasons.setdefault(item.code, []).append("本一件事必办事项")
    for situation in theme.situations:
        for code in answers.get(situation.code, ()):
            option = situation.option(code)
            assert option is not None  # answers were checked against the options
            for item_code in option.select_items:
                reasons.setdefault(item_code, []).append(f"因您选择“{option.label}”")
    # Dependencies of selected items are selected too, transitively.
    frontier = list(reasons)
    while frontier:
        item = theme.item(frontier.pop())
        for dep in item.depends_on:
            if dep not in reasons:
                frontier.append(dep)
            reasons.setdefault(dep, []).append(f"“{item.name}”的前置事项")
    # Catalog order, so that every screen and notice lists items the same way.
    return tuple(
        SelectedItem(item, tuple(dict.fromkeys(reasons[item.code])))
        for item in theme.items
        if item.code in reasons
    )


def _checklist_entry(
    theme: Theme,
    material: Material,
    selected: set[str],
    answers: Mapping[str, tuple[str, ...]],
    unavailable: Mapping[str, Collection[FulfilWay]],
) -> ChecklistEntry | None:
    if material.for_items:
        needed_for = [code for code in material.for_items if code in selected]
        if not needed_for:
            return None
        reasons = [f"用于“{theme.item(code).name}”" for code in needed_for]
    else:
        reasons = ["本一件事所需"]
    if not _holds(material.when, answers):
        return None
    for condition in material.when:
        situation = theme.situation(condition.situation)
        labels = [
            opt.label
            for code in answers[condition.situation]
            if code in condition.options and (opt := situation.option(code)) is not None
        ]
        reasons.append(f"因您选择“{'、'.join(labels)}”")
    failed = unavailable.get(material.code, ())
    ways = [w for w in material.fulfil if w not in failed]
    # When every listed way has failed, the applicant must still bring it: submitting is the
    # fallback of last resort, never a silent omission from the list.
    way = ways[0] if ways else FulfilWay.SUBMIT
    return ChecklistEntry(material, way, tuple(reasons))
