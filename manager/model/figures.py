"""The server's live figures (`GET /figures/live`) folded into the dashboard's models, Qt-free.

The server knows what the event feed does not carry: hallcore's wait estimate per queue, the
targets of the stored configuration, the cases (in progress by theme and state; overdue, close
to a legal deadline or at risk of deemed acceptance, on the working calendar) and the open help
calls. The queue and window figures themselves stay the dashboard's own, kept current event by
event (`LiveHall`), so they move the moment an event arrives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hallui.observable import Observable
from manager.model.live import Alert, LiveHall, QueueTarget, Targets
from manager.model.names import theme_name

__all__ = ["CaseClockRow", "CasesBoard", "apply_live_figures"]

RISK_ZH = {"overdue": "已超期", "due_soon": "临近法定期限", "deemed_risk": "视为受理风险"}


@dataclass(frozen=True, slots=True)
class CaseClockRow:
    """One case the manager must look at: its number and theme, no personal data."""

    case_id: str
    theme: str
    state: str
    received_on: str
    due_on: str
    working_days_left: int
    risk: str  # overdue | due_soon | deemed_risk


class CasesBoard(Observable):
    """Events:
    changed(): new figures from the server.
    """

    EVENTS = ("changed",)

    def __init__(self) -> None:
        super().__init__()
        self.in_progress: dict[str, dict[str, int]] = {}
        self.at_risk: list[CaseClockRow] = []
        self.due_soon_working_days = 3
        self.available = False

    def load(self, cases: dict[str, Any]) -> None:
        grid: dict[str, dict[str, int]] = {}
        for item in cases.get("in_progress") or []:
            theme = theme_name(str(item["theme"]))
            state = str(item.get("state_zh") or item["state"])
            grid.setdefault(theme, {})[state] = int(item["count"])
        rows = [
            CaseClockRow(
                str(item["case_id"]),
                theme_name(str(item["theme"])),
                str(item["state"]),
                str(item["received_on"]),
                str(item["due_on"]),
                int(item["working_days_left"]),
                risk,
            )
            for risk in ("overdue", "due_soon", "deemed_risk")
            for item in cases.get(risk) or []
        ]
        self.in_progress = grid
        self.at_risk = rows
        self.due_soon_working_days = int(cases.get("due_soon_working_days", 3))
        self.available = True
        self._emit("changed")


def _targets(body: dict[str, Any], live: LiveHall) -> Targets:
    queues = {
        str(q["code"]): QueueTarget(int(q["target_wait_seconds"]) / 60, int(q["target_length"]))
        for q in body.get("queues") or []
        if "target_wait_seconds" in q and "target_length" in q
    }
    return Targets(
        longest_wait_minutes=live.targets.longest_wait_minutes,
        queue_length=live.targets.queue_length,
        service_minutes=live.targets.service_minutes,
        queues=queues,
    )


def apply_live_figures(
    live: LiveHall,
    body: dict[str, Any],
    cases: CasesBoard | None = None,
) -> None:
    """The server's estimate and targets per queue, its case and help-call alerts, its cases."""
    live.server_estimates = {
        str(q["code"]): (
            float(q["estimated_wait_seconds"])
            if q.get("estimated_wait_seconds") is not None
            else None
        )
        for q in body.get("queues") or []
        if "code" in q
    }
    live.set_targets(_targets(body, live))
    case_alerts = [
        Alert(f"overdue_case:{a.get('ref')}", "overdue_case", "critical", str(a["message_zh"]))
        for a in body.get("alerts") or []
        if a.get("kind") == "case_overdue"
    ]
    live.set_external_alerts("overdue_case", case_alerts)
    live.set_help_calls(
        [
            (int(c["id"]), str(c["kiosk"]), c.get("reason"))
            for c in body.get("help_calls") or []
            if c.get("open", True)
        ]
    )
    if cases is not None and isinstance(body.get("cases"), dict):
        cases.load(body["cases"])
