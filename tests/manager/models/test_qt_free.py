"""The dashboard's models are Qt-free (their docstrings say so): importing every one of them in a
fresh interpreter loads no PySide6, so they run in tests, scripts and the exports without a
display."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

MODELS = sorted(
    f"manager.model.{path.stem}"
    for path in (Path(__file__).parents[3] / "manager" / "model").glob("*.py")
    if path.stem != "__init__"
)


def test_the_models_import_no_qt() -> None:
    assert len(MODELS) >= 7
    script = "; ".join(
        [*(f"import {name}" for name in MODELS), "import sys", "print(sorted(sys.modules))"]
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[3],
    )
    loaded = result.stdout
    assert "manager.model.live" in loaded
    assert "PySide6" not in loaded
