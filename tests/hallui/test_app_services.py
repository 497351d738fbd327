"""Fonts, resources, translations, the dialog service and the crash handler."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontInfo, QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from hallcore.catalog import load_catalog
from hallui.crash import CrashHandler
from hallui.dialogs import ScriptedDialogs
from hallui.fonts import PRIMARY_FAMILY, load_bundled_fonts
from hallui.i18n import install_translator
from hallui.resources import read_bytes, resource

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def test_bundled_font_is_the_application_font(qapp: QApplication) -> None:
    assert PRIMARY_FAMILY in load_bundled_fonts()
    label = QLabel("新生儿出生")
    assert QFontInfo(label.font()).family() == PRIMARY_FAMILY


def test_the_font_has_every_character_the_kiosk_shows(qapp: QApplication) -> None:
    catalog = load_catalog()
    ts = (ROOT / "resources/i18n/onewindow_en.ts").read_text(encoding="utf-8")
    text = ts + "".join(
        t.name + t.summary + "".join(i.name for i in t.items) + "".join(m.name for m in t.materials)
        for t in catalog.themes
    )
    metrics = QFontMetrics(qapp.font())
    missing = {ch for ch in text if ord(ch) > 0x2E80 and not metrics.inFontUcs4(ord(ch))}
    assert not missing, "".join(sorted(missing))


@pytest.mark.parametrize("name", ["/etc/passwd", "../pyproject.toml", "qss/../../x", ""])
def test_resources_refuse_paths_outside_the_package(name: str) -> None:
    with pytest.raises(ValueError, match="not a resource name"):
        resource(name)


def test_resources_read_from_the_package() -> None:
    assert read_bytes("qss/kiosk.qss").startswith(b"/*")


def test_english_translation_is_installed_and_removed(qapp: QApplication) -> None:
    translator = install_translator(qapp, "en")
    assert translator is not None
    try:
        assert QCoreApplication.translate("HomeScreen", "请选择您要办理的事") == (
            "What do you need to do?"
        )
        assert QCoreApplication.translate("KioskWindow", "呼叫帮办") == "Call a helper"
    finally:
        qapp.removeTranslator(translator)
    assert QCoreApplication.translate("KioskWindow", "呼叫帮办") == "呼叫帮办"
    assert install_translator(qapp, "zh_CN") is None
    with pytest.raises(ValueError, match="unknown language"):
        install_translator(qapp, "fr")


def test_translation_files_are_complete_and_compiled(tmp_path: Path) -> None:
    ts = tmp_path / "fresh.ts"
    sources = sorted(
        str(p)
        for d in ("hallui", "kiosk", "kiosk/screens", "board")
        for p in (ROOT / d).glob("*.py")
    )
    shipped = ROOT / "resources/i18n/onewindow_en.ts"
    ts.write_bytes(shipped.read_bytes())
    update = subprocess.run(
        [str(BIN / "pyside6-lupdate"), *sources, "-ts", str(ts), "-no-obsolete"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "0 new" in update.stdout, f"strings missing from the .ts:\n{update.stdout}"
    assert 'type="unfinished"' not in shipped.read_text(encoding="utf-8")
    qm = tmp_path / "fresh.qm"
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(shipped), "-qm", str(qm)],
        capture_output=True,
        check=True,
    )
    assert qm.read_bytes() == (ROOT / "resources/i18n/onewindow_en.qm").read_bytes()


def test_scripted_dialogs_answer_in_order() -> None:
    dialogs = ScriptedDialogs(True, "1234")
    assert dialogs.confirm("确认", "确定吗？") is True
    assert dialogs.ask_text("密码", "请输入", secret=True) == "1234"
    assert dialogs.confirm("确认", "再确定？") is False  # nothing scripted: no
    assert dialogs.ask_text("密码", "请输入") is None
    assert [a.kind for a in dialogs.asked] == ["confirm", "ask_text", "confirm", "ask_text"]


def _raise() -> None:
    raise RuntimeError("boom")


def test_crash_handler_logs_writes_a_file_says_a_calm_word_and_recovers(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, qtbot: QtBot
) -> None:
    dialogs = ScriptedDialogs()
    recovered: list[int] = []
    fatal: list[int] = []
    now = [0.0]
    handler = CrashHandler(
        dialogs,
        recover=lambda: recovered.append(1),
        fatal=lambda: fatal.append(1),
        crash_dir=tmp_path,
        clock=lambda: now[0],
    )
    previous = sys.excepthook
    handler.install()
    try:
        assert sys.excepthook == handler.handle
        with caplog.at_level(logging.CRITICAL, logger="onewindow.crash"):
            try:
                _raise()
            except RuntimeError:
                sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    finally:
        handler.uninstall()
    assert sys.excepthook is previous
    assert recovered == [1]
    assert fatal == []
    assert "unexpected error" in caplog.text
    [crash_file] = tmp_path.glob("crash-*.txt")
    assert "RuntimeError: boom" in crash_file.read_text(encoding="utf-8")
    [asked] = dialogs.asked
    assert asked.title == "温馨提示"
    assert "重新开始" in asked.text
    assert "boom" not in asked.text  # no technical detail for the person at the screen


def test_repeated_crashes_give_up_so_a_supervisor_restarts(
    caplog: pytest.LogCaptureFixture,
) -> None:
    fatal: list[int] = []
    handler = CrashHandler(
        ScriptedDialogs(), recover=lambda: None, fatal=lambda: fatal.append(1), max_crashes=3
    )
    with caplog.at_level(logging.CRITICAL, logger="onewindow.crash"):
        for _ in range(3):
            handler.handle(RuntimeError, RuntimeError("again"), None)
    assert fatal == [1]
