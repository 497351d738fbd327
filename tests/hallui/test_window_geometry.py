"""`ONEWINDOW_WINDOW_GEOMETRY` places an app's first window (how `onewindow demo` tiles apps)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from hallui.bootstrap import GEOMETRY_VARIABLE, create_application, parse_geometry


@pytest.mark.parametrize(
    ("text", "rect"),
    [
        ("0,0,960,540", QRect(0, 0, 960, 540)),
        (" 960 , 540 , 960 , 540 ", QRect(960, 540, 960, 540)),
        ("", None),
        ("1,2,3", None),
        ("a,b,c,d", None),
        ("0,0,0,540", None),
    ],
)
def test_parse_geometry(text: str, rect: QRect | None) -> None:
    assert parse_geometry(text) == rect


def test_the_first_window_goes_where_the_variable_says(
    qapp: QApplication, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(GEOMETRY_VARIABLE, "40,30,640,360")
    create_application("geometry-test")
    first, second = QWidget(), QWidget()
    qtbot.addWidget(first)
    qtbot.addWidget(second)
    second.resize(300, 200)
    first.show()
    second.show()
    qtbot.waitExposed(first)
    assert first.geometry().size() == QRect(40, 30, 640, 360).size()
    assert first.geometry().topLeft() == QRect(40, 30, 640, 360).topLeft()
    assert second.size().width() == 300  # only the first window is placed
