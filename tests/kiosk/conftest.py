"""Qt test set-up for the kiosk: offscreen, the bundled font, Qt warnings fail, no leaked
windows; the kiosk window under test with its fakes."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest

from tests.hallui.qt_support import _bundled_font, _no_leaked_windows, mark_qt_items

__all__ = ["_bundled_font", "_no_leaked_windows"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    mark_qt_items(items, Path(__file__).parent)


# --- the kiosk under test --------------------------------------------------------------------
from collections.abc import Callable, Iterator  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

from pytestqt.qtbot import QtBot  # noqa: E402

from hallcore.catalog import Catalog, load_catalog  # noqa: E402
from hallui.dialogs import ScriptedDialogs  # noqa: E402
from hallui.voice import VoiceGuide  # noqa: E402
from kiosk.app import build_kiosk  # noqa: E402
from kiosk.model.services import KioskServices, LocalHelpDesk  # noqa: E402
from kiosk.window import KioskWindow  # noqa: E402

PORTRAIT = (1080, 1920)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@dataclass
class Kiosk:
    """The kiosk window under test with the fakes it was built with."""

    window: KioskWindow
    dialogs: ScriptedDialogs
    voice: VoiceGuide
    help_desk: LocalHelpDesk
    qtbot: QtBot
    spoken: list[str] = field(default_factory=list)


@pytest.fixture
def make_kiosk(qtbot: QtBot, catalog: Catalog) -> Iterator[Callable[..., Kiosk]]:
    built: list[KioskWindow] = []

    def make(**options: object) -> Kiosk:
        dialogs = ScriptedDialogs()
        voice = VoiceGuide("mock")
        help_desk = LocalHelpDesk()
        services = options.pop("services", None) or KioskServices(help_desk=help_desk)
        assert isinstance(services, KioskServices)
        window = build_kiosk(
            catalog,
            services=services,
            dialogs=dialogs,
            voice=voice,
            **options,  # type: ignore[arg-type]
        )
        voice.setParent(window)
        qtbot.addWidget(window)
        window.resize(*PORTRAIT)
        window.show()
        qtbot.waitExposed(window)
        window.start()
        built.append(window)
        kiosk = Kiosk(window, dialogs, voice, help_desk, qtbot)
        voice.started.connect(kiosk.spoken.append)
        return kiosk

    yield make
    for window in built:
        window.locked = False  # the admin exit, so that qtbot may close it
        window.shutdown()


@pytest.fixture
def kiosk(make_kiosk: Callable[..., Kiosk]) -> Kiosk:
    return make_kiosk()
