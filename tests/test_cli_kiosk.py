"""`onewindow kiosk` starts the real kiosk (offscreen) and passes its options through."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ONEWINDOW = Path(sys.executable).with_name("onewindow")


def test_onewindow_kiosk_starts_and_quits(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            str(ONEWINDOW),
            "kiosk",
            "--windowed",
            "--voice-engine",
            "none",
            "--quit-after-ms",
            "300",
            "--log-dir",
            str(tmp_path),
        ],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()), "the kiosk wrote no log"


def test_kiosk_options_are_the_kiosks_own() -> None:
    result = subprocess.run(
        [str(ONEWINDOW), "kiosk", "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0
    assert "--idle-seconds" in result.stdout
