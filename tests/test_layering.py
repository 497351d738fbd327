"""The import-linter contracts of DESIGN §2 hold, and they would catch a violation."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("onewindow", "hallcore", "hall_server", "server_sync", "printing", "scanning", "hallui",
            "kiosk", "desk_client", "board", "manager", "resources")  # fmt: skip


def lint(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(folder / "pyproject.toml")],
        cwd=folder,
        env={"PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_tree_keeps_every_contract() -> None:
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "source", "contract"),
    [
        ("hallcore/bad.py", "import PySide6\n", "hallcore is pure"),
        ("hallcore/bad.py", "import sqlalchemy\n", "hallcore is pure"),
        ("printing/bad.py", "from PySide6 import QtGui\n", "server_sync and printing have no Qt"),
        (
            "scanning/bad.py",
            "from PySide6 import QtCore\n",
            "scanning has Qt only in the document-camera",
        ),
        ("kiosk/bad.py", "import desk_client\n", "the apps are independent of each other"),
        ("board/bad.py", "import manager\n", "the apps are independent of each other"),
        ("hallcore/bad.py", "import hallui\n", "layers"),
    ],
)
def test_a_violation_breaks_its_contract(
    tmp_path: Path, module: str, source: str, contract: str
) -> None:
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / module).write_text(source, encoding="utf-8")
    result = lint(tmp_path)
    assert result.returncode != 0
    broken = [line for line in result.stdout.splitlines() if " BROKEN" in line]
    assert any(contract in line for line in broken), result.stdout
