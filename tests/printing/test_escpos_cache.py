"""python-escpos's capabilities cache is prepared atomically: processes starting together on a
fresh machine never read a half-written pickle."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path


def test_processes_importing_escpos_at_once_on_an_empty_cache_all_start(tmp_path: Path) -> None:
    cache = tmp_path / "escpos-cache"
    env = {**os.environ, "ESCPOS_CAPABILITIES_PICKLE_DIR": str(cache)}
    script = "import printing.escpos_output as m; print(m.PrinterConfig.__name__)"
    starts = [
        subprocess.Popen(
            [sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(8)
    ]
    for process in starts:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
        assert out.decode().strip() == "PrinterConfig"
    (pickled,) = cache.glob("*.capabilities.pickle")
    with pickled.open("rb") as f:
        assert "profiles" in pickle.load(f)
    assert not list(cache.glob("*.tmp")), "a temporary file was left behind"


def test_the_cache_goes_to_a_user_folder_not_a_new_temp_folder_per_process(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "ESCPOS_CAPABILITIES_PICKLE_DIR"}
    env["XDG_CACHE_HOME"] = str(tmp_path)
    script = (
        "import os, printing.escpos_output; print(os.environ['ESCPOS_CAPABILITIES_PICKLE_DIR'])"
    )
    folders = {
        subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    }
    assert folders == {str(tmp_path / "onewindow" / "escpos")}
