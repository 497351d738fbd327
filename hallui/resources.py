"""Files of the `resources` package, read with importlib.resources (fonts, QSS, translations).

Paths are relative, with forward slashes; an absolute path or one with ``..`` is refused, so a
resource name can never reach outside the package (aesthetics_anchors.md §1, qutebrowser's
`utils/resources.py`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

__all__ = ["as_path", "read_bytes", "read_text", "resource"]

PACKAGE = "resources"


def resource(name: str) -> Traversable:
    """The resource `name` (e.g. ``"qss/kiosk.qss"``)."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name or not path.parts:
        raise ValueError(f"not a resource name: {name!r}")
    node = resources.files(PACKAGE)
    for part in path.parts:
        node = node / part
    return node


def read_bytes(name: str) -> bytes:
    return resource(name).read_bytes()


def read_text(name: str) -> str:
    return resource(name).read_text(encoding="utf-8")


@contextlib.contextmanager
def as_path(name: str) -> Iterator[Path]:
    """A real file path for APIs that need one (Qt's translator, the font database)."""
    with resources.as_file(resource(name)) as path:
        yield path
