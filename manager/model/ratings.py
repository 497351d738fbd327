"""好差评 for the manager, Qt-free: the ratings by window, theme and clerk, and the 差评
follow-up loop (hall_domain.md §3: 谁办理谁负责 → 专人回访核实 → 立行立改 / 限期整改).

The server keeps the loop (`GET /ratings` gives each 差评 its `loop`: state, assignee, due date
in working days, overdue) and takes its steps (`POST /ratings/{id}/loop`): assign (指派), call
back (回访), verify (核实), rectify (整改), close (办结; straight after verifying when there is
nothing to rectify). The distribution by theme and clerk is the report's (`GET /reports` for
today); by window it is also counted here from the ratings, so it is there without the report.
A 差评 whose loop is not closed is an alert; one past its deadline a critical one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from hallui.observable import Observable
from manager.model.live import Alert

__all__ = ["NEXT_STEPS", "STEP_ZH", "BadReview", "GroupRow", "RatingsBook"]

STEP_ZH = {
    "assign": "指派",
    "call_back": "回访",
    "verify": "核实",
    "rectify": "整改",
    "close": "办结",
}
#: The steps a loop in each state may take next (the server's order; re-assigning is allowed).
NEXT_STEPS: dict[str, tuple[str, ...]] = {
    "open": ("assign",),
    "assigned": ("call_back", "assign"),
    "called_back": ("verify",),
    "verified": ("rectify", "close"),
    "rectified": ("close",),
    "closed": (),
}
LEVEL_ZH = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}


@dataclass(frozen=True, slots=True)
class GroupRow:
    """Ratings of one window, theme or clerk: how many, the mean level, how many 差评."""

    key: str
    count: int
    mean: float
    bad: int

    @property
    def bad_share(self) -> float:
        return self.bad / self.count if self.count else 0.0


@dataclass(frozen=True, slots=True)
class BadReview:
    rating_id: int
    number: str
    window: int | None
    level: int
    reason: str
    rated_at: datetime
    state: str
    state_zh: str
    assignee: str | None
    due_on: date | None
    overdue: bool

    @property
    def next_steps(self) -> tuple[str, ...]:
        return NEXT_STEPS.get(self.state, ())


class RatingsBook(Observable):
    """Events:
    changed(): the ratings (or today's report groups) were reloaded.
    """

    EVENTS = ("changed",)

    def __init__(self, *, time_zone: Any) -> None:
        super().__init__()
        self.time_zone = time_zone
        self.rows: list[dict[str, Any]] = []
        self.groups: dict[str, list[GroupRow]] = {}

    def load(self, rows: list[dict[str, Any]], groups: dict[str, Any] | None = None) -> None:
        self.rows = list(rows)
        if groups is not None:
            self.groups = {
                part: [
                    GroupRow(str(g["key"]), int(g["count"]), float(g["mean"]), int(g["bad"]))
                    for g in groups.get(part) or []
                ]
                for part in ("by_window", "by_theme", "by_clerk")
            }
        self._emit("changed")

    def by_window(self) -> list[GroupRow]:
        """Counted from the ratings themselves."""
        levels: dict[int | None, list[int]] = {}
        for row in self.rows:
            levels.setdefault(row.get("window"), []).append(int(row["level"]))
        return [
            GroupRow(
                f"{window}号窗口" if window is not None else "未知窗口",
                len(values),
                sum(values) / len(values),
                sum(1 for v in values if v <= 2),
            )
            for window, values in sorted(levels.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))
        ]

    def by_theme(self) -> list[GroupRow]:
        return list(self.groups.get("by_theme", []))

    def by_clerk(self) -> list[GroupRow]:
        return list(self.groups.get("by_clerk", []))

    def level_counts(self) -> Counter[int]:
        return Counter(int(row["level"]) for row in self.rows)

    def bad_reviews(self) -> list[BadReview]:
        reviews = []
        for row in self.rows:
            loop = row.get("loop")
            if int(row["level"]) > 2 or not isinstance(loop, dict):
                continue
            due = loop.get("due_on")
            reviews.append(
                BadReview(
                    rating_id=int(row["id"]),
                    number=str(row["number"]),
                    window=row.get("window"),
                    level=int(row["level"]),
                    reason=str(row.get("reason") or ""),
                    rated_at=datetime.fromisoformat(str(row["created_at"])),
                    state=str(loop.get("state", "open")),
                    state_zh=str(loop.get("state_zh", "")),
                    assignee=loop.get("assignee"),
                    due_on=date.fromisoformat(str(due)) if due else None,
                    overdue=bool(loop.get("overdue")),
                )
            )
        return sorted(
            reviews,
            key=lambda r: (r.state == "closed", not r.overdue, r.due_on or date.max, r.rating_id),
        )

    def alerts(self) -> list[Alert]:
        alerts = []
        for review in self.bad_reviews():
            if review.state == "closed":
                continue
            window = f"{review.window}号窗口" if review.window is not None else "窗口未知"
            due = f"，{review.due_on:%m月%d日}前办结" if review.due_on else ""
            alerts.append(
                Alert(
                    f"bad_rating:{review.rating_id}",
                    "bad_rating",
                    "critical" if review.overdue else "warning",
                    f"差评待跟进：{review.number}号（{window}），{review.state_zh}"
                    + ("，已超期" if review.overdue else due),
                )
            )
        return alerts
