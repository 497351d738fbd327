"""The machine has what the README's set-up promises: Qt with a CJK font, poppler, SANE."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys


def test_qt_starts_offscreen_and_finds_a_simplified_chinese_font() -> None:
    script = (
        "from PySide6.QtGui import QGuiApplication, QFontDatabase\n"
        "app = QGuiApplication([])\n"
        "print('\\n'.join(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip(), "no font covers Simplified Chinese"


def test_poppler_and_sane_tools_are_installed() -> None:
    for tool in ("pdftotext", "pdftoppm", "pdffonts", "scanimage"):
        assert shutil.which(tool), f"{tool} missing: run ./run tests as root once to install it"
