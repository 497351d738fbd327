"""Scanning test set-up: SANE's `test` backend listed without root, and shared clocks."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

CST = timezone(timedelta(hours=8))


def _sane_config(folder: Path) -> None:
    # SANE reads SANE_CONFIG_DIR at sane_init(); the system dll.conf has `test` commented out.
    (folder / "dll.conf").write_text("test\n")
    (folder / "test.conf").write_text("number_of_devices 1\n")
    os.environ["SANE_CONFIG_DIR"] = str(folder)


@pytest.fixture(scope="session", autouse=True)
def sane_test_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("sane.d")
    old = os.environ.get("SANE_CONFIG_DIR")
    _sane_config(folder)
    yield folder
    if old is None:
        os.environ.pop("SANE_CONFIG_DIR", None)
    else:
        os.environ["SANE_CONFIG_DIR"] = old


@pytest.fixture
def clock() -> Callable[[], datetime]:
    """A clock that ticks one second per call, from 2026-03-02 09:30 (China Standard Time)."""
    start = datetime(2026, 3, 2, 9, 30, tzinfo=CST)
    ticks = iter(range(10_000))
    return lambda: start + timedelta(seconds=next(ticks))
