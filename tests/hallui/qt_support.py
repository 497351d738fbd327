"""Shared by tests/hallui and tests/kiosk: Qt warnings fail a test, leaked windows fail a test,
and the bundled font is loaded (so text measures the same on any machine)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from hallui.fonts import apply_app_font

# Messages the offscreen platform itself prints, nothing our code can act on.
QT_LOG_IGNORE = (
    r"This plugin does not support propagateSizeHints\(\)",  # offscreen: no window manager
    r"Couldn't (load|resolve) pipewire",  # Qt Multimedia probing for PipeWire on a bare box
    # Qt Multimedia probing for a sound server on a machine that has none (a chime then stays
    # silent by design and says so in our own log).
    r"PulseAudioService: pa_context_connect\(\) failed",
    r"Couldn't (load|resolve) va",  # FFmpeg's hardware-video probe, on first use of Multimedia
)


def mark_qt_items(items: list[pytest.Item], folder: Path) -> None:
    """Every test under `folder` fails on a Qt warning (pytest-qt's qt_log_level_fail)."""
    for item in items:
        if folder in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(*QT_LOG_IGNORE))


@pytest.fixture(scope="session", autouse=True)
def _bundled_font(qapp: QApplication) -> None:
    assert os.environ.get("QT_QPA_PLATFORM") == "offscreen"
    apply_app_font(qapp)


def _flush_deletes() -> None:
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()


@pytest.fixture(autouse=True)
def _no_leaked_windows(qapp: QApplication) -> Iterator[None]:
    """A test leaves no top-level widget behind (napari's strict_qt check)."""
    _flush_deletes()
    before = set(map(id, QApplication.topLevelWidgets()))
    yield
    _flush_deletes()
    leaked = [w for w in QApplication.topLevelWidgets() if id(w) not in before]
    names = [f"{type(w).__name__}({w.objectName()!r})" for w in leaked]
    for widget in leaked:  # do not let one leak fail every later test
        widget.close()
        widget.deleteLater()
    _flush_deletes()
    assert not leaked, f"top-level widgets leaked: {', '.join(names)}"
