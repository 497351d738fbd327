"""The situation questions of a theme, asked one at a time, ending in the personal checklist.

Every question that applies is asked, in catalog order: a required one must be answered, an
optional one (say "also handle …") may be skipped. A question whose conditions an earlier
answer rules out is never asked. `back()` undoes the last step (answer or skip) and drops any
later answer that no longer applies. When no question is left the resolution of
`hallcore.catalog.resolve` is the checklist (一次告知单).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from hallcore.catalog import FieldDef, Resolution, Situation, Theme, resolve
from hallcore.catalog.model import conditions_hold
from hallui.observable import Observable

__all__ = ["QuestionFlow"]


class QuestionFlow(Observable):
    """Events: ``changed()`` after every answer, skip or step back."""

    EVENTS = ("changed",)

    def __init__(self, theme: Theme, fields: Mapping[str, FieldDef]) -> None:
        super().__init__()
        self.theme = theme
        self.fields = fields
        self._answers: dict[str, tuple[str, ...]] = {}
        self._steps: list[str] = []  # question codes answered or skipped, in order
        self.resolution: Resolution = resolve(theme, {}, fields)

    @property
    def answers(self) -> Mapping[str, tuple[str, ...]]:
        return dict(self._answers)

    @property
    def current(self) -> Situation | None:
        """The question to ask now, or None when every applicable question is dealt with."""
        for situation in self.theme.situations:
            if situation.code in self._steps:
                continue
            if conditions_hold(situation.when, self._answers):
                return situation
        return None

    @property
    def done(self) -> bool:
        return self.current is None and self.resolution.complete

    @property
    def number(self) -> int:
        """The current question's number, counting from 1."""
        return len(self._steps) + 1

    @property
    def can_go_back(self) -> bool:
        return bool(self._steps)

    def answer(self, options: str | Sequence[str]) -> None:
        """Answer the current question with one option code (or several where allowed)."""
        situation = self._require_current()
        codes = (options,) if isinstance(options, str) else tuple(options)
        if not codes:
            raise ValueError("choose at least one option")
        unknown = [c for c in codes if situation.option(c) is None]
        if unknown or (len(codes) > 1 and not situation.multiple):
            raise ValueError(f"not an answer to {situation.code}: {codes}")
        self._answers[situation.code] = codes
        self._steps.append(situation.code)
        self._resolve()

    def skip(self) -> None:
        """Pass over the current question, which must be optional."""
        situation = self._require_current()
        if situation.required:
            raise ValueError(f"question {situation.code} must be answered")
        self._steps.append(situation.code)
        self._resolve()

    def back(self) -> None:
        if self._steps:
            self._answers.pop(self._steps.pop(), None)
            self._resolve()

    def _require_current(self) -> Situation:
        situation = self.current
        if situation is None:
            raise RuntimeError("every question is answered")
        return situation

    def _resolve(self) -> None:
        # Keep only the steps that still apply, given the answers before each of them.
        kept: dict[str, tuple[str, ...]] = {}
        steps: list[str] = []
        for code in self._steps:
            if conditions_hold(self.theme.situation(code).when, kept):
                steps.append(code)
                if code in self._answers:
                    kept[code] = self._answers[code]
        self._steps, self._answers = steps, kept
        self.resolution = resolve(self.theme, self._answers, self.fields)
        self._emit("changed")
