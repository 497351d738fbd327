"""Test-wide settings."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import settings

# Under CI the property tests are derandomized: a submission's result must not depend on luck.
# On a developer's machine they explore new examples every run (and remember failures).
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def _sane_test_backend() -> None:
    """SANE's `test` backend, listed without root and with exactly one device, for every test
    of this process. SANE reads SANE_CONFIG_DIR once, at the process's first sane_init(), and
    any test may be the first to scan (the kiosk's and the desk's use the `test` device too):
    set it here, before any test runs, not in a fixture of the scanning tests. The system
    dll.conf has `test` commented out, and its test.conf would list two devices."""
    folder = Path(tempfile.mkdtemp(prefix="onewindow-sane-"))
    (folder / "dll.conf").write_text("test\n")
    (folder / "test.conf").write_text("number_of_devices 1\n")
    os.environ["SANE_CONFIG_DIR"] = str(folder)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)


_sane_test_backend()
