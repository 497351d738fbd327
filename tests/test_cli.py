"""The `onewindow` console command, run as a real process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import hallcore
from onewindow.textable import display_width

ONEWINDOW = Path(sys.executable).with_name("onewindow")
FIXTURE = Path(__file__).parent / "fixtures" / "catalog_valid"


def onewindow(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ONEWINDOW), *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_version() -> None:
    result = onewindow("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"onewindow {hallcore.__version__}"


def test_no_command_prints_help_and_fails() -> None:
    result = onewindow()
    assert result.returncode == 2
    assert "catalog" in result.stdout


def test_catalog_check_prints_the_theme_table() -> None:
    result = onewindow("catalog", "check", str(FIXTURE))
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "代码",
        "一件事",
        "对象",
        "状态",
        "队列",
        "事项",
        "材料",
        "表单",
        "时限",
        "部门（牵头在前）",
    ]
    newborn = next(line for line in lines if line.startswith("NEWBORN"))
    assert newborn.split() == [
        "NEWBORN", "新生儿出生“一件事”", "个人", "完整", "A", "5", "6", "7", "5日",
        "卫健委；公安局、医保局、人社局、民政局",
    ]  # fmt: skip
    # Chinese columns line up in a terminal: the queue column starts at the same display column.
    header_at = display_width(lines[0][: lines[0].index("队列")])
    for line in lines[2:4]:
        assert display_width(line[: line.index("  A  ") + 2]) == header_at
    assert "检查通过：2 个主题（1 个可受理，1 个仅列部门），5 个部门，7 个表单字段" in result.stdout


def test_catalog_check_on_a_broken_catalog_names_file_and_path(tmp_path: Path) -> None:
    folder = tmp_path / "catalog"
    shutil.copytree(FIXTURE, folder)
    text = (folder / "newborn.yaml").read_text(encoding="utf-8")
    (folder / "newborn.yaml").write_text(text.replace("depends_on: [NB-01]", "depends_on: [NB-10]"))
    result = onewindow("catalog", "check", str(folder))
    assert result.returncode == 1
    assert "newborn.yaml:21: themes[0].items[1].depends_on[0] 未知的事项“NB-10”" in result.stdout
    assert "目录检查未通过：共 1 处问题" in result.stdout


def test_catalog_check_with_a_hall_override(tmp_path: Path) -> None:
    override = tmp_path / "hall.yaml"
    override.write_text(
        "overrides:\n  - {theme: NEWBORN, set: {promised_working_days: 3}}\n", encoding="utf-8"
    )
    result = onewindow("catalog", "check", str(FIXTURE), "--override", str(override))
    assert result.returncode == 0, result.stdout
    assert "3日" in next(line for line in result.stdout.splitlines() if line.startswith("NEWBORN"))
    missing = onewindow("catalog", "check", str(FIXTURE), "--override", str(tmp_path / "none.yaml"))
    assert missing.returncode == 1
    assert "找不到覆盖文件" in missing.stdout


def test_demo_checks_the_shipped_catalog_then_says_plainly_there_is_no_display() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run(
        [str(ONEWINDOW), "demo"], capture_output=True, text=True, timeout=120, env=env, check=False
    )
    assert result.returncode == 3, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    complete = [line.split()[0] for line in lines if "  完整  " in line]
    assert {"BIRTH", "STARTUP", "RETIRE", "POSTHUMOUS", "RESTAURANT", "VETERAN", "MARRIAGE"} <= set(
        complete
    )
    assert "检查通过：28 个主题（7 个可受理，21 个仅列部门）" in result.stdout
    assert "没有可用的图形显示" in result.stderr
    assert "No display is available" in result.stderr
    assert "onewindow demo --headless --out" in result.stderr


def test_demo_headless_needs_an_output_folder() -> None:
    result = onewindow("demo", "--headless")
    assert result.returncode == 2
    assert "--headless 需要 --out 目录" in result.stdout
