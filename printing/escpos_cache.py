"""A safe home for python-escpos's capabilities cache, prepared before escpos is imported.

python-escpos 3.1 pickles its printer database on import: into a fresh `mkdtemp()` per process
unless `ESCPOS_CAPABILITIES_PICKLE_DIR` says where (a new temp folder for every kiosk start), and
when the pickle is missing or stale it writes it in place, non-atomically — a second process
importing escpos at that moment reads a half-written file and fails with `EOFError` (seen with
two test workers on a fresh machine). So we point escpos at a per-user cache folder and make sure
a complete, fresh pickle is there first, written to a temporary file and renamed into place: every
process then finds a whole file and escpos never writes.
"""

from __future__ import annotations

import json
import os
import pickle
import platform
import tempfile
from importlib import resources
from pathlib import Path

import platformdirs

ENV = "ESCPOS_CAPABILITIES_PICKLE_DIR"


def prepare_capabilities_cache() -> Path:
    """Set `ESCPOS_CAPABILITIES_PICKLE_DIR` (unless the user set it) and fill it atomically."""
    folder = Path(os.environ.get(ENV) or platformdirs.user_cache_dir("onewindow") + "/escpos")
    folder.mkdir(parents=True, exist_ok=True)
    os.environ[ENV] = str(folder)
    # The same name escpos looks for, and the same staleness rule (older than the database).
    target = folder / f"{platform.python_version()}.capabilities.pickle"
    database = resources.files("escpos").joinpath("capabilities.json")
    with resources.as_file(database) as source:
        if target.exists() and target.stat().st_mtime > source.stat().st_mtime:
            return target
        capabilities = json.loads(source.read_text(encoding="utf-8"))
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(capabilities, out, protocol=2)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
