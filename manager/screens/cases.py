"""办件: cases in progress by theme and state; overdue, close to a legal deadline (in working days),
or at risk of deemed acceptance (no notice within 5 working days of receipt). The figures are the
server's (`GET /figures/live`): the legal clocks live in hallcore's case lifecycle there."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout

from manager.model.figures import RISK_ZH, CasesBoard
from manager.screens.common import Screen, fill_table, make_table, section

__all__ = ["CasesScreen"]


class CasesScreen(Screen):
    title = "办件"

    def __init__(self, cases: CasesBoard) -> None:
        super().__init__()
        self.cases = cases
        self.note = QLabel("正在读取办件统计…")
        self.note.setProperty("role", "muted")
        self.note.setObjectName("cases_note")
        self.grid = make_table(("主题",), "cases_by_theme")
        self.risk_table = make_table(
            ("办件编号", "主题", "受理日", "期限", "剩余工作日", "风险"), "cases_at_risk"
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(section("在办件（按主题与状态）"))
        layout.addWidget(self.grid, 1)
        layout.addWidget(section("超期、临近法定期限、视为受理风险"))
        layout.addWidget(self.risk_table, 2)
        self.listener.listen(cases, "changed", self.refresh)
        self.refresh()

    def refresh(self) -> None:
        cases = self.cases
        if not cases.available:
            return
        self.note.setText(
            f"数据来自服务器，随事件更新；“临近期限”为 {cases.due_soon_working_days} 个工作日内到期"
        )
        states = sorted({s for row in cases.in_progress.values() for s in row})
        self.grid.setColumnCount(len(states) + 2)
        self.grid.setHorizontalHeaderLabels(["主题", *states, "合计"])
        fill_table(
            self.grid,
            [
                (theme, *(str(row.get(s, 0)) for s in states), str(sum(row.values())))
                for theme, row in sorted(cases.in_progress.items())
            ],
        )
        fill_table(
            self.risk_table,
            [
                (
                    r.case_id,
                    r.theme,
                    r.received_on,
                    r.due_on,
                    str(r.working_days_left),
                    RISK_ZH.get(r.risk, r.risk),
                )
                for r in cases.at_risk
            ],
            ["critical" if r.risk == "overdue" else "warning" for r in cases.at_risk],
        )
