"""好差评: the ratings by window, theme and clerk, and the 差评 follow-up loop (指派 → 回访 →
核实 → 整改 → 办结) with its deadline in working days. A step goes to the server in the
background; the ratings reload when its event comes back."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
)

from manager.controller import DashboardController
from manager.format import percent_text
from manager.model.ratings import LEVEL_ZH, STEP_ZH, BadReview, GroupRow, RatingsBook
from manager.screens.common import Screen, fill_table, make_table, section

__all__ = ["RatingsScreen"]

_GROUP_HEADERS = ("评价数", "平均分", "差评数", "差评率")


class RatingsScreen(Screen):
    title = "好差评"

    def __init__(self, ratings: RatingsBook, controller: DashboardController) -> None:
        super().__init__()
        self.ratings = ratings
        self.controller = controller
        self.tables = {
            "window": make_table(("窗口", *_GROUP_HEADERS), "ratings_by_window"),
            "theme": make_table(("主题", *_GROUP_HEADERS), "ratings_by_theme"),
            "clerk": make_table(("工作人员", *_GROUP_HEADERS), "ratings_by_clerk"),
        }
        split = QTabWidget()
        split.addTab(self.tables["window"], "按窗口")
        split.addTab(self.tables["theme"], "按主题（今日）")
        split.addTab(self.tables["clerk"], "按工作人员（今日）")
        self.levels = make_table(tuple(LEVEL_ZH.values()), "ratings_levels")
        self.levels.setMaximumHeight(64)
        self.levels.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.bad_table = make_table(
            ("号码", "窗口", "评价", "原因", "进度", "承办人", "办结期限"), "bad_reviews"
        )
        self.bad_table.itemSelectionChanged.connect(self._selected)
        self.step = QComboBox()
        self.step.setObjectName("loop_step")
        self.step.setMinimumWidth(110)
        self.assignee = QLineEdit()
        self.assignee.setObjectName("loop_assignee")
        self.assignee.setMinimumWidth(220)
        self.assignee.setPlaceholderText("承办人（指派时必填）")
        self.note = QLineEdit()
        self.note.setObjectName("loop_note")
        self.note.setPlaceholderText("本步骤的说明，如：已电话回访，申请人反映等候时间长")
        self.record = QPushButton("记录")
        self.record.setProperty("role", "primary")
        self.record.setObjectName("record_step")
        self.record.clicked.connect(self.record_step)
        actions = QHBoxLayout()
        actions.addWidget(self.step)
        actions.addWidget(self.assignee)
        actions.addWidget(self.note, 1)
        actions.addWidget(self.record)
        layout = QVBoxLayout(self)
        layout.addWidget(section("评价等级"))
        layout.addWidget(self.levels)
        layout.addWidget(section("评价分布"))
        layout.addWidget(split, 1)
        layout.addWidget(section("差评处理闭环（谁办理谁负责，限期办结）"))
        layout.addWidget(self.bad_table, 1)
        layout.addLayout(actions)
        self._reviews: list[BadReview] = []
        self.listener.listen(ratings, "changed", self.refresh)
        self.refresh()

    def refresh(self) -> None:
        counts = self.ratings.level_counts()
        fill_table(self.levels, [tuple(str(counts[level]) for level in LEVEL_ZH)])
        self._fill(self.tables["window"], self.ratings.by_window())
        self._fill(self.tables["theme"], self.ratings.by_theme())
        self._fill(self.tables["clerk"], self.ratings.by_clerk())
        selected = self._current()
        reviews = self.ratings.bad_reviews()
        self._reviews = reviews
        fill_table(
            self.bad_table,
            [
                (
                    r.number,
                    f"{r.window}号" if r.window is not None else "—",
                    LEVEL_ZH.get(r.level, str(r.level)),
                    r.reason,
                    r.state_zh + ("（已超期）" if r.overdue else ""),
                    r.assignee or "—",
                    f"{r.due_on:%Y-%m-%d}" if r.due_on else "—",
                )
                for r in reviews
            ],
            [
                None if r.state == "closed" else ("critical" if r.overdue else "warning")
                for r in reviews
            ],
        )
        if selected is not None:
            for row, review in enumerate(reviews):
                if review.rating_id == selected.rating_id:
                    self.bad_table.selectRow(row)
        self._selected()

    @staticmethod
    def _fill(table: QTableWidget, rows: list[GroupRow]) -> None:
        fill_table(
            table,
            [
                (g.key, str(g.count), f"{g.mean:.2f}", str(g.bad), percent_text(g.bad_share))
                for g in rows
            ],
        )

    def _current(self) -> BadReview | None:
        row = self.bad_table.currentRow()
        rows = {i.row() for i in self.bad_table.selectedItems()}
        if row < 0 or row >= len(self._reviews) or row not in rows:
            return None
        return self._reviews[row]

    def _selected(self) -> None:
        review = self._current()
        self.step.clear()
        for step in review.next_steps if review is not None else ():
            self.step.addItem(STEP_ZH[step], step)
        self.record.setEnabled(self.step.count() > 0)

    def record_step(self) -> None:
        """Take the chosen step of the selected 差评's loop with the note typed."""
        review = self._current()
        step = self.step.currentData()
        if review is None or not isinstance(step, str):
            self.controller.error.emit("请先在差评列表中选择一条待处理的差评")
            return
        note = self.note.text().strip()
        if not note:
            self.controller.error.emit("请填写本步骤的说明")
            return
        assignee = self.assignee.text().strip() or None
        if step == "assign" and assignee is None:
            self.controller.error.emit("指派须填写承办人")
            return
        api = self.controller.api
        self.record.setEnabled(False)

        def done(_body: object) -> None:
            self.note.clear()
            self.controller.reload_ratings()

        self.controller.run(
            lambda: api.loop_step(review.rating_id, step, note, assignee=assignee),
            done,
            lambda _error: self.record.setEnabled(True),  # the banner says what went wrong
        )
