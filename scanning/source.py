"""The one interface every scan source implements, and the batch helper on top of it.

A source lists its devices and scans a batch: `scan()` is an iterator that yields each page as
soon as the device delivers it. If the device fails in the middle (jam, cover open, unplugged),
the iterator raises `ScanError` *after* the pages already yielded — the caller keeps those.
`collect()` does exactly that and returns a `BatchResult` with the pages and the error.

Sources block while the device works; run them off the UI thread (`scanning.worker`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol, runtime_checkable

from PIL import Image

from scanning.errors import ScanError


class SourceKind(StrEnum):
    SANE = "sane"
    FILE = "file"
    CAMERA = "camera"
    WIA = "wia"
    TWAIN = "twain"
    SYNTHETIC = "synthetic"


class Feed(StrEnum):
    FLATBED = "flatbed"
    ADF = "adf"  # automatic document feeder: scan until the feeder is empty


@dataclass(frozen=True)
class DeviceInfo:
    name: str  # what `scan(device=...)` takes, e.g. "test", "epson2:net:192.0.2.7"
    kind: SourceKind
    vendor: str = ""
    model: str = ""
    description: str = ""

    @property
    def label(self) -> str:
        words = " ".join(part for part in (self.vendor, self.model) if part)
        return f"{words} ({self.name})" if words else self.name


@dataclass(frozen=True)
class ScanSettings:
    dpi: int = 200
    color: bool = True  # scan in colour (seals stay red); processing picks the stored mode
    feed: Feed = Feed.FLATBED
    max_pages: int | None = None  # None: one page on a flatbed, until empty on a feeder
    area_mm: tuple[float, float, float, float] | None = None  # left, top, right, bottom


@dataclass
class RawPage:
    """One page as the device delivered it, before any processing."""

    image: Image.Image
    dpi: int
    source: str  # where it came from, for the record: "sane:test", "file:a.pdf#2", "camera:…"
    index: int  # 0-based position within its batch


@runtime_checkable
class ScanSource(Protocol):
    kind: SourceKind

    def devices(self) -> list[DeviceInfo]:
        """The devices this source can scan from now (may be empty)."""
        ...

    def scan(self, device: str, settings: ScanSettings) -> Iterator[RawPage]:
        """Yield pages as they arrive; raise `ScanError` on failure, after the pages so far."""
        ...


@dataclass(frozen=True)
class StampedPage:
    page: RawPage
    scanned_at: datetime


@dataclass
class BatchResult:
    pages: list[StampedPage] = field(default_factory=list)
    error: ScanError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def summary(self) -> str:
        count = len(self.pages)
        if self.error is None:
            return f"扫描完成，共 {count} 页。(scanned {count} page(s))"
        return (
            f"已保留 {count} 页；{self.error.message_zh}。"
            f"(kept {count} page(s); {self.error.message_en})"
        )


def collect(
    source: ScanSource,
    device: str,
    settings: ScanSettings,
    *,
    clock: Callable[[], datetime],
    on_page: Callable[[StampedPage], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> BatchResult:
    """Run one batch to the end; a `ScanError` ends it but keeps every page delivered before it.

    `clock` stamps each page when it arrives (the caller passes the time source, e.g.
    `lambda: datetime.now(tz)`); `should_stop` is asked between pages and ends the batch early.
    """
    result = BatchResult()
    pages = source.scan(device, settings)
    try:
        for page in pages:
            stamped = StampedPage(page, clock())
            result.pages.append(stamped)
            if on_page is not None:
                on_page(stamped)
            if should_stop is not None and should_stop():
                break
    except ScanError as error:
        result.error = error
    finally:
        close = getattr(pages, "close", None)
        if close is not None:
            close()  # lets a generator release its device on an early stop
    return result
