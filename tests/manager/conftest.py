"""Qt test set-up for the manager dashboard: offscreen, the bundled font, Qt warnings fail, no
leaked windows; a real hall server whose pinned clock a test can move (by restarting it on the
same database with a later time: the server's clock is frozen in --dev tests)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest

from tests.hallui.qt_support import _bundled_font, _no_leaked_windows, mark_qt_items

__all__ = ["_bundled_font", "_no_leaked_windows"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    mark_qt_items(items, Path(__file__).parent)
