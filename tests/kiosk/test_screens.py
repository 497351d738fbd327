"""The kiosk screens driven as a person would: taps on the letter pad, tiles and answers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from hallcore.catalog import Audience, Catalog, resolve
from hallui.widgets import Tile
from kiosk.model.session import Route
from kiosk.screens.checklist import ChecklistScreen
from kiosk.screens.home import HomeScreen
from kiosk.screens.questions import QuestionsScreen
from kiosk.screens.theme_page import ThemeScreen
from tests.kiosk.conftest import Kiosk
from tests.kiosk.test_models import BIRTH_ANSWERS

LEFT = Qt.MouseButton.LeftButton


def type_chinese(widget: QWidget, text: str) -> None:
    """What a Chinese input method does: commit the composed text to the focused field."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def tap(kiosk: Kiosk, widget: QWidget) -> None:
    QApplication.processEvents()  # the event loop runs before a person can tap
    assert widget.isVisible(), f"{widget.objectName()} is not on screen"
    kiosk.qtbot.mouseClick(widget, LEFT)


def home(kiosk: Kiosk) -> HomeScreen:
    screen = kiosk.window.current_screen
    assert isinstance(screen, HomeScreen)
    return screen


def test_letter_pad_finds_a_theme_by_pinyin_initials(kiosk: Kiosk) -> None:
    screen = home(kiosk)
    for letter in "XSE":
        tap(kiosk, screen.keys[letter])
    assert screen.search.text() == "xse"
    assert list(screen.tiles) == ["BIRTH"]
    assert screen.result_note.text() == "“xse”找到 1 项"
    assert not screen.filters.isVisible()
    tap(kiosk, screen.clear_button)
    assert screen.search.text() == ""
    assert screen.filters.isVisible()
    assert len(screen.tiles) > 1


def test_typing_chinese_searches_and_a_miss_says_what_to_do(kiosk: Kiosk) -> None:
    screen = home(kiosk)
    type_chinese(screen.search, "退休")
    assert next(iter(screen.tiles)) == "RETIRE"
    screen.search.clear()
    type_chinese(screen.search, "量子")
    assert screen.tiles == {}
    assert "呼叫帮办" in screen.result_note.text()


def test_audience_and_life_stage_filter_the_tiles(kiosk: Kiosk, catalog: Catalog) -> None:
    screen = home(kiosk)
    tap(kiosk, screen.audience_buttons[Audience.COMPANY])
    codes = set(screen.tiles)
    assert "STARTUP" in codes
    assert "BIRTH" not in codes
    tap(kiosk, screen.stage_buttons["准入准营"])
    assert {catalog.theme(c).life_stage for c in screen.tiles} == {"准入准营"}
    assert screen.stage_buttons["准入准营"].isChecked()
    # Complete themes first: the tile for 企业开办 leads.
    assert catalog.theme(next(iter(screen.tiles))).complete


def test_theme_page_shows_the_guide(kiosk: Kiosk, catalog: Catalog) -> None:
    tap(kiosk, home(kiosk).tiles["BIRTH"])
    screen = kiosk.window.current_screen
    assert isinstance(screen, ThemeScreen)
    theme = catalog.theme("BIRTH")
    assert screen.title.text() == theme.name
    assert "承诺办结时限：5个工作日" in screen.cards["time"].texts()
    departments = " ".join(screen.cards["departments"].texts())
    assert catalog.department(theme.lead_department).name in departments
    items = screen.cards["items"].texts()
    assert all(any(item.name in text for text in items) for item in theme.items)
    materials = screen.cards["materials"].texts()
    assert all(any(m.name in text for text in materials) for m in theme.materials)
    assert screen.start_button.isVisible()
    assert kiosk.window.footer.isVisible()


def test_an_outline_theme_says_to_ask_at_the_window(kiosk: Kiosk) -> None:
    kiosk.window.session.open_theme("HOTEL")
    screen = kiosk.window.current_screen
    assert isinstance(screen, ThemeScreen)
    QApplication.processEvents()
    assert not screen.start_button.isVisible()
    assert screen.findChild(QWidget, "outline_note").isVisible()
    assert "请到综合窗口咨询" in kiosk.voice.history[-1] or kiosk.voice.pending


def answer_by_taps(kiosk: Kiosk, answers: dict[str, str | list[str]]) -> None:
    session = kiosk.window.session
    while session.route is Route.QUESTIONS:
        screen = kiosk.window.current_screen
        assert isinstance(screen, QuestionsScreen)
        assert session.flow is not None
        assert session.flow.current is not None
        question = session.flow.current
        assert screen.question.text() == question.question
        answer = answers[question.code]
        if isinstance(answer, str):
            tap(kiosk, screen.options[answer])
        else:
            for code in answer:
                tap(kiosk, screen.options[code])
            tap(kiosk, screen.confirm)


def test_questions_lead_to_the_personal_checklist(kiosk: Kiosk, catalog: Catalog) -> None:
    tap(kiosk, home(kiosk).tiles["BIRTH"])
    theme_screen = kiosk.window.current_screen
    assert isinstance(theme_screen, ThemeScreen)
    tap(kiosk, theme_screen.start_button)
    answer_by_taps(kiosk, BIRTH_ANSWERS)

    screen = kiosk.window.current_screen
    assert isinstance(screen, ChecklistScreen)
    expected = resolve(catalog.theme("BIRTH"), BIRTH_ANSWERS, catalog.fields)
    bring = screen.cards["bring"].texts()
    assert bring[0] == f"需要您带来的材料（{len(expected.to_hand_in)}项）"
    for entry in expected.to_hand_in:
        assert any(entry.material.name in t for t in bring)
        assert entry.way_note in bring
    exempt = screen.cards["exempt"].texts()
    for entry in expected.exempt:
        assert entry.material.name in exempt
        assert entry.way_note in exempt
    # The application form is printed at the window and signed there: listed, not to bring.
    signed = screen.cards["signed_at_window"].texts()
    assert [e.material.code for e in expected.signed_at_window] == ["APPLICATION_FORM"]
    assert "《新生儿出生“一件事”联办申请表》" in signed
    assert not any("联办申请表" in t for t in bring)
    items = " ".join(screen.cards["items"].texts())
    assert all(s.item.name in items for s in expected.items)
    # Without a printer the button says so instead of pretending.
    assert not screen.print_button.isEnabled()
    assert screen.print_button.text() == "本机未连接打印机"


def test_multiple_choice_needs_a_choice_and_optional_questions_can_be_skipped(
    kiosk: Kiosk,
) -> None:
    session = kiosk.window.session
    session.open_theme("VETERAN")
    session.start_questions()
    screen = kiosk.window.current_screen
    assert isinstance(screen, QuestionsScreen)
    tap(kiosk, screen.options["soldier"])
    tap(kiosk, screen.options["self_employed"])
    assert session.flow is not None
    assert session.flow.current is not None
    assert session.flow.current.multiple
    assert screen.confirm.isVisible()
    assert not screen.confirm.isEnabled()
    tile = screen.options["preferential_card"]
    assert isinstance(tile, Tile)
    tap(kiosk, tile)
    assert tile.checked
    assert screen.confirm.isEnabled()
    tap(kiosk, tile)
    assert not tile.checked
    assert not screen.confirm.isEnabled()
    if screen.skip.isVisible():  # the extras are optional in the catalog
        tap(kiosk, screen.skip)
        assert session.route is Route.CHECKLIST


def test_back_and_home_buttons(kiosk: Kiosk) -> None:
    session = kiosk.window.session
    tap(kiosk, home(kiosk).tiles["RETIRE"])
    theme_screen = kiosk.window.current_screen
    assert isinstance(theme_screen, ThemeScreen)
    tap(kiosk, theme_screen.start_button)
    screen = kiosk.window.current_screen
    assert isinstance(screen, QuestionsScreen)
    tap(kiosk, screen.options["employer"])
    assert "第 2 题" in screen.progress.text()
    tap(kiosk, kiosk.window.back_button)
    assert "第 1 题" in screen.progress.text()
    assert session.flow is not None
    assert session.flow.answers == {}
    tap(kiosk, kiosk.window.home_button)
    assert session.route is Route.HOME
    assert session.flow is None
    assert not kiosk.window.footer.isVisible()
