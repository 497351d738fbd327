"""`python -m kiosk` starts on the shipped catalog, offline, shows its first screen and exits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_python_m_kiosk_runs_offline(tmp_path: Path, lang: str) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ONEWINDOW_KIOSK_PIN="8642")
    args = ["--windowed", "--voice-engine", "mock", "--quit-after-ms", "300", "--lang", lang]
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", *args, "--log-dir", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "first screen shown" in result.stderr
    assert "Traceback" not in result.stderr
    assert "first screen shown" in (tmp_path / "onewindow.log").read_text(encoding="utf-8")
