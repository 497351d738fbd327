"""The dashboard's Qt-free models are tested without a QApplication: the Qt set-up the
manager tests share (the bundled font, the leaked-window check) is not needed here."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def _bundled_font() -> None:
    """No Qt application: nothing to load a font into."""


@pytest.fixture(autouse=True)
def _no_leaked_windows() -> None:
    """No Qt application: no windows to leak."""
