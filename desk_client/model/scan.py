"""Scanning into a material (Qt-free; runs on the worker thread): pages from a scanning source
(SANE — its ``test`` device in tests — or file import), processed (deskew, crop, blank-page
drop, compression), stored in the terminal's store by SHA-256, with a small PNG thumbnail for
the screen. A failing device keeps the pages it delivered and reports its error in Chinese.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from scanning import FileSource, ProcessOptions, ScanSettings, ScanSource, collect, process_page
from server_sync import Store

__all__ = ["ScannedPages", "scan_pages", "thumbnail"]

THUMB_PX = 120


@dataclass
class ScannedPages:
    hashes: list[str] = field(default_factory=list)
    dropped_blank: int = 0
    error_zh: str = ""


def thumbnail(content: bytes, size: int = THUMB_PX) -> bytes:
    """A PNG no larger than `size` pixels either way."""
    with Image.open(io.BytesIO(content)) as image:
        image.thumbnail((size, size))
        out = io.BytesIO()
        image.convert("RGB").save(out, "PNG")
        return out.getvalue()


def scan_pages(
    store: Store,
    *,
    source: ScanSource | None = None,
    device: str = "",
    files: Sequence[Path] = (),
    settings: ScanSettings | None = None,
) -> ScannedPages:
    """Scan from `source`/`device`, or import `files`; every kept page stored by SHA-256."""
    if files:
        source, device = FileSource(list(files)), ""
    assert source is not None
    result = ScannedPages()
    devices = [device] if device else [str(p) for p in files]
    for name in devices:
        batch = collect(
            source,
            name,
            settings or ScanSettings(),
            clock=lambda: dt.datetime.now(dt.UTC),
        )
        for stamped in batch.pages:
            page = process_page(stamped.page.image, stamped.page.dpi, ProcessOptions())
            if page.blank:
                result.dropped_blank += 1
                continue
            result.hashes.append(store.add_page(page.data, page.mime))
        if batch.error is not None:
            result.error_zh = batch.error.message_zh
    return result
