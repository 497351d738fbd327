"""The board's layout on a hall TV: at 1920×1080 and 1280×720, dark and light, busy and empty,
every text fits its label (measured with QFontMetrics) and every label lies inside the screen;
every text colour has at least 4.5:1 contrast on its background; a new call lights its tile
for a while."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from board.model import BoardModel
from board.style import BoardTheme, render_board_stylesheet
from board.window import BoardWindow
from hallui.theme import contrast_ratio, parse_rules
from tests.board.sample_hall import NINE, busy_model, empty_model

SIZES = [(1920, 1080), (1280, 720)]


@pytest.fixture
def show(qtbot: QtBot) -> Iterator[object]:
    windows: list[BoardWindow] = []

    def make(model: BoardModel, size: tuple[int, int], theme: BoardTheme) -> BoardWindow:
        window = BoardWindow(model, theme=theme, highlight_ms=300)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        qtbot.wait(50)  # the layout settles after the stylesheet for this size (as on a TV)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.stop()


def misfits(window: BoardWindow) -> list[str]:
    """Every visible label whose text is wider or taller than its room, or that sticks out."""
    screen = QRect(QPoint(0, 0), window.size())
    problems = []
    for label in window.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        label.ensurePolished()
        metrics = QFontMetrics(label.font())
        room = label.contentsRect()
        width = metrics.horizontalAdvance(label.text())
        if width > room.width() or metrics.height() > room.height():
            problems.append(
                f"{label.text()!r} ({label.property('role')}): {width}×{metrics.height()} "
                f"in {room.width()}×{room.height()}"
            )
        where = QRect(label.mapTo(window, QPoint(0, 0)), label.size())
        if not screen.contains(where):
            problems.append(f"{label.text()!r} sticks out: {where} of {screen}")
    return problems


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("theme", list(BoardTheme))
def test_busy_board_text_fits(show: object, qtbot: QtBot, size: tuple[int, int],
                              theme: BoardTheme) -> None:  # fmt: skip
    model = busy_model()
    window = show(model, size, theme)  # type: ignore[operator]
    model.apply("recall", {"number": "Y091", "window": 3, "at": NINE.isoformat()})
    qtbot.wait(10)
    assert misfits(window) == []
    # Twelve windows, ten recent calls, six queues: all on screen at once.
    assert len(window._tiles) == 12
    numbers = [
        lb.text() for lb in window.findChildren(QLabel) if lb.property("role") == "row_number"
    ]
    assert len(numbers) == 10
    # The biggest things are the numbers: a tile's number is at least twice its name's size.
    tile = window._tiles[1]
    assert tile.ticket.font().pixelSize() >= 2 * tile.name.font().pixelSize()
    assert tile.ticket.font().pixelSize() >= (60 if size[1] == 1080 else 40)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_empty_hall_text_fits(show: object, size: tuple[int, int]) -> None:
    window = show(empty_model(), size, BoardTheme.DARK)  # type: ignore[operator]
    assert misfits(window) == []
    assert window.banner_before.text() == "欢迎光临，请留意叫号"


def test_before_the_first_snapshot_the_board_says_it_is_connecting(show: object) -> None:
    window = show(BoardModel(), (1280, 720), BoardTheme.DARK)  # type: ignore[operator]
    texts = [lb.text() for lb in window.findChildren(QLabel) if lb.isVisible()]
    assert "正在载入窗口…" in texts
    assert "○ 正在连接大厅服务器…" in texts
    assert misfits(window) == []


def test_the_newest_call_is_lit_for_a_while(show: object, qtbot: QtBot) -> None:
    model = busy_model()
    window = show(model, (1280, 720), BoardTheme.LIGHT)  # type: ignore[operator]
    model.apply("call", {"number": "Y092", "window": 12, "at": NINE.isoformat()})
    tile = window._tiles[12]
    assert tile.property("hot") is True
    assert window.banner.property("hot") is True
    assert window.banner_number.text() == "Y092"
    qtbot.waitUntil(lambda: tile.property("hot") is False, timeout=5000)
    assert window.banner.property("hot") is False
    assert window.banner_number.text() == "Y092"  # still the newest, no longer lit


@pytest.mark.parametrize("theme", list(BoardTheme))
def test_every_text_colour_has_enough_contrast(theme: BoardTheme) -> None:
    checked = 0
    for selector, declarations in parse_rules(render_board_stylesheet(theme)):
        if "color" not in declarations:
            continue
        assert "background-color" in declarations, selector
        ratio = contrast_ratio(declarations["color"], declarations["background-color"])
        assert ratio >= 4.5, f"{theme}: {selector} {ratio:.2f}"
        checked += 1
    assert checked >= 15
