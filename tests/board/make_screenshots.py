"""Screenshots of the call board into docs/board/: 1920×1080 and 1280×720, a busy moment (with
the newest call lit) and an empty hall, dark and light.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.board.make_screenshots``
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from board.model import BoardModel
from board.style import BoardTheme
from board.window import BoardWindow
from hallui.fonts import apply_app_font
from tests.board.sample_hall import NINE, busy_model, empty_model

DOCS = Path(__file__).parents[2] / "docs" / "board"
SIZES = ((1920, 1080), (1280, 720))


def shoot(model: BoardModel, size: tuple[int, int], theme: BoardTheme, name: str) -> Path:
    window = BoardWindow(model, theme=theme)
    window.resize(*size)
    window.show()
    if model.recent:
        # The newest call, as it arrives: its tile and the banner are lit.
        newest = model.recent[0]
        model.apply("recall", {"number": newest.number, "window": newest.window,
                               "at": NINE.isoformat()})  # fmt: skip
    for _ in range(3):
        QCoreApplication.processEvents()
    path = DOCS / f"{name}_{size[0]}x{size[1]}_{theme.value}.png"
    window.grab().save(str(path))
    window.stop()
    window.close()
    window.deleteLater()
    QCoreApplication.processEvents()
    return path


def main() -> None:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    apply_app_font(app)
    DOCS.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        for theme in BoardTheme:
            busy = busy_model()
            busy.set_online(True)
            sys.stdout.write(f"{shoot(busy, size, theme, 'busy')}\n")
        empty = empty_model()
        empty.set_online(False)
        sys.stdout.write(f"{shoot(empty, size, BoardTheme.DARK, 'empty')}\n")


if __name__ == "__main__":
    main()
