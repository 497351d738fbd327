"""SANE scanners (Linux, UOS, Kylin) through python-sane.

SANE is not thread-safe: a batch opens, scans and closes its device inside one generator, so
whichever thread iterates the generator (a `scanning.worker.ScanWorker`) does all the device
calls. Library-wide calls (`init`, `get_devices`) go through one lock.

The `test` backend works without hardware: `sane.open("test")` opens it even when it is
commented out in /etc/sane.d/dll.conf; to have it *listed*, point SANE_CONFIG_DIR at a folder
whose dll.conf names `test` (see tests/scanning/conftest.py).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

from scanning.errors import ErrorCode, ScanError
from scanning.processing import normalise
from scanning.source import DeviceInfo, Feed, RawPage, ScanSettings, SourceKind

try:
    import sane
except ImportError:  # Windows, or python-sane not installed
    sane = None

_LOCK = threading.Lock()
_initialised = False

# sane_strstatus() texts (sane-backends sanei/sane_strstatus.c) -> our codes
_STATUS = {
    "Document feeder jammed": ErrorCode.JAMMED,
    "Scanner cover is open": ErrorCode.COVER_OPEN,
    "Device busy": ErrorCode.DEVICE_BUSY,
    "Error during device I/O": ErrorCode.DEVICE_IO,
    "Invalid argument": ErrorCode.DEVICE_GONE,  # sane_open of a name that is not there
    "Operation was cancelled": ErrorCode.CANCELLED,
    "Operation was canceled": ErrorCode.CANCELLED,
    "Access to resource has been denied": ErrorCode.ACCESS_DENIED,
    "Document feeder out of documents": ErrorCode.FEEDER_EMPTY,
}
_OUT_OF_DOCUMENTS = "Document feeder out of documents"


def available() -> bool:
    return sane is not None


def _init() -> None:
    global _initialised
    if sane is None:
        raise ScanError(ErrorCode.UNAVAILABLE, "python-sane is not installed", where="SANE")
    with _LOCK:
        if not _initialised:
            sane.init()
            _initialised = True


def _error(error: BaseException, where: str) -> ScanError:
    text = str(error)
    return ScanError(_STATUS.get(text, ErrorCode.OTHER), text, where=where)


def _set(device: Any, option: str, value: object) -> None:
    """Set an option the device has and accepts; a device without it keeps its default."""
    try:
        if option in device.opt and device.opt[option].is_active():
            setattr(device, option, value)
    except (AttributeError, TypeError, ValueError, sane._sane.error):
        pass  # e.g. a feeder-only scanner rejecting "Flatbed": its own default is right


def _pick_source(device: Any, feed: Feed) -> str | None:
    option = device.opt.get("source")
    if option is None or not isinstance(option.constraint, list):
        return None
    wanted = ("adf", "feeder", "duplex") if feed is Feed.ADF else ("flatbed", "platen")
    for choice in option.constraint:
        if any(word in str(choice).lower() for word in wanted):
            return str(choice)
    return None


class SaneSource:
    kind = SourceKind.SANE

    def __init__(self, opener: Callable[[str], Any] | None = None) -> None:
        # `opener` opens a device by name (default: sane.open); tests wrap the real device.
        self._opener = opener

    def devices(self) -> list[DeviceInfo]:
        _init()
        with _LOCK:
            try:
                found = sane.get_devices()
            except sane._sane.error as error:
                raise _error(error, "SANE") from error
        return [
            DeviceInfo(name, self.kind, vendor, model, kind_)
            for name, vendor, model, kind_ in found
        ]

    def scan(self, device: str, settings: ScanSettings) -> Iterator[RawPage]:
        _init()
        opener = self._opener or sane.open
        try:
            handle = opener(device)
        except (sane._sane.error, RuntimeError) as error:
            raise ScanError(ErrorCode.DEVICE_GONE, str(error), where=device) from error
        try:
            _set(handle, "mode", "Color" if settings.color else "Gray")
            _set(handle, "depth", 8)
            _set(handle, "resolution", settings.dpi)
            source = _pick_source(handle, settings.feed)
            if source is not None:
                _set(handle, "source", source)
            if settings.area_mm is not None:
                for option, value in zip(
                    ("tl_x", "tl_y", "br_x", "br_y"), settings.area_mm, strict=True
                ):
                    _set(handle, option, value)
            limit = settings.max_pages
            if limit is None:
                limit = 1 if settings.feed is Feed.FLATBED else 10_000
            for index in range(limit):
                try:
                    image = handle.scan()
                except (sane._sane.error, RuntimeError) as error:
                    if str(error) == _OUT_OF_DOCUMENTS and index > 0:
                        return  # the feeder ran empty: the batch is complete
                    raise _error(error, device) from error
                yield RawPage(normalise(image), settings.dpi, f"sane:{device}", index)
        finally:
            # a device that vanished cannot be closed; the pages are kept anyway
            with contextlib.suppress(sane._sane.error):
                handle.close()
