"""Screenshots of every kiosk screen, normal and elder mode, into docs/kiosk/ (1080×1920).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.kiosk.make_screenshots``
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from hallcore.catalog import Audience, load_catalog
from hallui.dialogs import ScriptedDialogs
from hallui.fonts import apply_app_font
from kiosk.app import build_kiosk
from kiosk.model.services import KioskServices, PrintResult
from kiosk.model.session import KioskSession
from tests.kiosk.test_models import BIRTH_ANSWERS

DOCS = Path(__file__).parents[2] / "docs" / "kiosk"
SIZE = (1080, 1920)


def _checklist(session: KioskSession) -> None:
    session.open_theme("BIRTH")
    session.start_questions()
    for code in list(BIRTH_ANSWERS):
        session.answer(BIRTH_ANSWERS[code])
    session.print_finished(PrintResult(True, ""))


SCENES: dict[str, Callable[[KioskSession], None]] = {
    "01_home": lambda s: None,
    "02_home_search": lambda s: s.browser.set_query("xse"),
    "03_home_company": lambda s: s.browser.set_audience(Audience.COMPANY),
    "04_theme_guide": lambda s: s.open_theme("BIRTH"),
    "05_theme_outline": lambda s: s.open_theme("HOTEL"),
    "06_question": lambda s: (s.open_theme("BIRTH"), s.start_questions()),
    "07_question_multiple": lambda s: (
        s.open_theme("VETERAN"),
        s.start_questions(),
        s.answer("soldier"),
        s.answer("self_employed"),
    ),
    "08_checklist": _checklist,
    "09_help_called": lambda s: (s.open_theme("RETIRE"), s.request_help()),
}


def main() -> None:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    apply_app_font(app)
    catalog = load_catalog()
    DOCS.mkdir(parents=True, exist_ok=True)
    for name, scene in SCENES.items():
        for elder in (False, True):
            services = KioskServices(
                print_checklist=lambda r: PrintResult(True, ""), hall_name="句容市政务服务中心"
            )
            window = build_kiosk(catalog, services=services, dialogs=ScriptedDialogs())
            window.resize(*SIZE)
            window.show()
            scene(window.session)
            window.session.set_elder_mode(elder)
            for _ in range(3):
                app.processEvents()
            suffix = "elder" if elder else "normal"
            window.grab().save(str(DOCS / f"{name}_{suffix}.png"))
            window.locked = False
            window.close()
            window.deleteLater()
            app.processEvents()


if __name__ == "__main__":
    main()
