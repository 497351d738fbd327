"""Home: the 一件事 themes by audience (个人/法人) and life stage, and search with a letter pad.

Search takes Chinese (typed with a keyboard or an IME) or pinyin initials from the on-screen
letter pad, so a person without a keyboard can find 新生儿出生 by tapping X S E.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hallcore.catalog import Audience, Theme
from hallui.widgets import Tile, clear_layout, label, push_button, scroll_page
from kiosk.model.session import KioskSession
from kiosk.screens.base import Screen

__all__ = ["HomeScreen"]

KEY_ROWS = ("QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM")


class HomeScreen(Screen):
    def __init__(self, session: KioskSession) -> None:
        super().__init__(session)
        self.browser = session.browser
        self.tiles: dict[str, Tile] = {}
        self.stage_buttons: dict[str | None, QPushButton] = {}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 8)
        layout.setSpacing(12)
        title_row = QHBoxLayout()
        title_row.addWidget(label(self.tr("请选择您要办理的事"), "title"), 1)
        # Reachable from home: a person with an appointment, or back with a ticket in hand.
        self.check_in_button = push_button(self.tr("我有预约"), "secondary", name="open_check_in")
        self.check_in_button.clicked.connect(session.open_check_in)
        title_row.addWidget(self.check_in_button)
        self.status_button = push_button(self.tr("查排队进度"), "secondary", name="open_status")
        self.status_button.clicked.connect(session.open_status)
        title_row.addWidget(self.status_button)
        self.rating_button = push_button(self.tr("评价服务"), "secondary", name="open_rating")
        self.rating_button.clicked.connect(session.open_rating)
        title_row.addWidget(self.rating_button)
        layout.addLayout(title_row)

        search_row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setProperty("role", "search")
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("输入事项名称，或点字母查拼音首字母"))
        self.search.setClearButtonEnabled(False)
        self.search.textChanged.connect(self.browser.set_query)
        search_row.addWidget(self.search, 1)
        self.clear_button = push_button(self.tr("清空"), "secondary", name="clear")
        self.clear_button.clicked.connect(self.search.clear)
        search_row.addWidget(self.clear_button)
        layout.addLayout(search_row)

        keys = QVBoxLayout()
        keys.setSpacing(8)
        self.keys: dict[str, QPushButton] = {}
        for row_letters in KEY_ROWS:
            row = QHBoxLayout()
            row.setSpacing(8)
            row.addStretch(1)
            for letter in row_letters:
                key = push_button(letter, "key", name=f"key_{letter}")
                key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                key.clicked.connect(lambda _=False, s=letter: self._type(s))
                self.keys[letter] = key
                row.addWidget(key)
            if row_letters == KEY_ROWS[-1]:
                delete = push_button(self.tr("删除"), "key", name="key_delete")
                delete.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                delete.clicked.connect(self.search.backspace)
                row.addWidget(delete)
            row.addStretch(1)
            keys.addLayout(row)
        layout.addLayout(keys)

        self.filters = QWidget()
        self.filters.setProperty("role", "screen")
        filters = QVBoxLayout(self.filters)
        filters.setContentsMargins(0, 0, 0, 0)
        audience_row = QHBoxLayout()
        self.audience_group = QButtonGroup(self)
        self.audience_buttons: dict[Audience, QPushButton] = {}
        for audience, text in (
            (Audience.PERSON, self.tr("个人办事")),
            (Audience.COMPANY, self.tr("企业办事")),
        ):
            button = push_button(text, "chip", name=f"audience_{audience.value}")
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, a=audience: self.browser.set_audience(a))
            self.audience_group.addButton(button)
            self.audience_buttons[audience] = button
            audience_row.addWidget(button)
        filters.addLayout(audience_row)
        self.stage_grid = QGridLayout()
        self.stage_grid.setSpacing(8)
        filters.addLayout(self.stage_grid)
        layout.addWidget(self.filters)

        self.result_note = label("", "muted", name="result_note")
        layout.addWidget(self.result_note)

        self.tile_host = QWidget()
        self.tile_host.setProperty("role", "screen")
        self.tile_grid = QGridLayout(self.tile_host)
        self.tile_grid.setContentsMargins(0, 0, 8, 0)
        self.tile_grid.setSpacing(12)
        self.tile_grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(scroll_page(self.tile_host), 1)

        self.listener.listen(self.browser, "changed", self.refresh)
        self.listener.listen(session, "elder_mode", lambda _on: self.refresh())
        self.refresh()

    # --- input --------------------------------------------------------------------------------
    def _type(self, letter: str) -> None:
        self.search.insert(letter.lower())

    # --- view ---------------------------------------------------------------------------------
    def enter(self) -> None:
        self.refresh()

    def voice_prompt(self) -> str:
        return self.tr(
            "您好！请选择您要办理的事，也可以点字母，用拼音首字母查找。需要帮助，请按“呼叫帮办”。"
        )

    @property
    def columns(self) -> int:
        return 1 if self.session.elder_mode else 2

    def refresh(self) -> None:
        browser = self.browser
        connected = self.session.services.connected
        self.check_in_button.setVisible(connected)
        self.status_button.setVisible(connected)
        self.rating_button.setVisible(connected)
        if self.search.text().strip() != browser.query:
            self.search.setText(browser.query)
        self.filters.setVisible(not browser.searching)
        self.audience_buttons[browser.audience].setChecked(True)
        self._fill_stages()
        themes = browser.themes()
        if browser.searching:
            note = self.tr("“{query}”找到 {n} 项").format(query=browser.query, n=len(themes))
            if not themes:
                note += self.tr("。换个说法试试，或按“呼叫帮办”请工作人员帮您。")
        else:
            note = self.tr("共 {n} 项").format(n=len(themes))
        self.result_note.setText(note)
        self._fill_tiles(themes)

    def _fill_stages(self) -> None:
        clear_layout(self.stage_grid)
        self.stage_buttons = {}
        per_row = 4 if self.session.elder_mode else 5
        stages: list[str | None] = [None, *self.browser.stages]
        for n, stage in enumerate(stages):
            text = self.tr("全部") if stage is None else stage
            button = push_button(text, "chip", name=f"stage_{stage or 'all'}")
            button.setCheckable(True)
            button.setChecked(stage == self.browser.stage)
            button.clicked.connect(lambda _=False, s=stage: self.browser.set_stage(s))
            self.stage_buttons[stage] = button
            self.stage_grid.addWidget(button, n // per_row, n % per_row)

    def _fill_tiles(self, themes: tuple[Theme, ...]) -> None:
        clear_layout(self.tile_grid)
        self.tiles = {}
        for n, theme in enumerate(themes):
            tile = Tile(short_name(theme), self._detail(theme))
            tile.setObjectName(f"theme_{theme.code}")
            tile.clicked.connect(lambda code=theme.code: self.session.open_theme(code))
            self.tiles[theme.code] = tile
            self.tile_grid.addWidget(tile, n // self.columns, n % self.columns)
        for column in range(2):
            self.tile_grid.setColumnStretch(column, 1 if column < self.columns else 0)

    def _detail(self, theme: Theme) -> str:
        lead = self.session.catalog.department(theme.lead_department).short_name
        ready = self.tr("可生成材料清单") if theme.complete else self.tr("请到窗口咨询")
        return f"{theme.audience.label} · {theme.life_stage} · {lead}牵头 · {ready}"


def short_name(theme: Theme) -> str:
    """The name without the “一件事” every theme has: the home screen is all 一件事, and a long
    name then wraps without splitting the quoted word."""
    return theme.name.replace("“一件事”", "").strip() or theme.name
