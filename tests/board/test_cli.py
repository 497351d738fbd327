"""`onewindow board` as a person starts it: a real process against a real server, and clear
Chinese errors for what is missing."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.live_server import REPO, ServerProcess, server_fixture

server = pytest.fixture(server_fixture)


def run_board(*args: str, token: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONEWINDOW_")}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    if token is not None:
        env["ONEWINDOW_BOARD_TOKEN"] = token
    return subprocess.run(
        [sys.executable, "-m", "onewindow", "board", *args],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_the_board_starts_against_a_server_and_quits_cleanly(server: ServerProcess) -> None:
    result = run_board(
        "--server", server.base_url, "--windowed", "--size", "1280x720", "--voice-engine",
        "mock", "--quit-after-ms", "2500", token=server.tokens["board"],
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "board synced with the hall at event 0" in result.stderr
    assert "hall 示例县政务服务中心: 12 windows" in result.stderr
    assert server.tokens["board"] not in result.stderr  # the token never reaches the log


def test_without_a_token_it_says_so_in_chinese() -> None:
    result = run_board("--windowed", token="")
    assert result.returncode == 2
    assert "缺少叫号屏设备令牌" in result.stderr


def test_a_bad_size_is_refused_in_chinese() -> None:
    result = run_board("--size", "big", token="x")
    assert result.returncode == 2
    assert "尺寸应为 宽x高" in result.stderr
