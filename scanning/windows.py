"""Windows scanners: WIA 2 (COM automation through pywin32) and TWAIN (pytwain).

Import-guarded: on Linux, or without pywin32/pytwain, `available()` is False, `devices()` is
empty and `scan()` raises `ScanError(UNAVAILABLE)` — the rest of the package is unaffected.

Not exercised by the test suite (no Windows runner, no scanner): the calls follow the WIA
Automation Layer and pytwain documentation. Both APIs are apartment/thread bound: a batch does
all its calls on the thread that iterates it (`scanning.worker`).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from typing import Any

from PIL import Image

from scanning.errors import ErrorCode, ScanError
from scanning.processing import normalise
from scanning.source import DeviceInfo, Feed, RawPage, ScanSettings, SourceKind

win32com: Any = None
twain: Any = None
pythoncom: Any = None
if sys.platform == "win32":  # pragma: no cover - Windows only
    try:
        import pythoncom  # type: ignore[import-not-found, no-redef]
        import win32com.client  # type: ignore[import-not-found, no-redef]
    except ImportError:
        win32com = None
    try:
        import twain  # type: ignore[import-not-found, no-redef]
    except ImportError:
        twain = None

# WIA constants (wiadef.h)
_WIA_DEVICE_TYPE_SCANNER = 1
_WIA_FORMAT_PNG = "{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}"
_WIA_HORIZONTAL_RESOLUTION = "6147"
_WIA_VERTICAL_RESOLUTION = "6148"
_WIA_CURRENT_INTENT = "6146"
_WIA_DOCUMENT_HANDLING_SELECT = "3088"
_WIA_PAPER_SOURCE_FEEDER = 1
_WIA_PAPER_SOURCE_FLATBED = 2
_WIA_INTENT_COLOR, _WIA_INTENT_GRAY = 1, 2
_WIA_ERROR_PAPER_EMPTY = -2145320957  # 0x80210003
_WIA_ERRORS = {
    -2145320958: ErrorCode.JAMMED,  # 0x80210002 WIA_ERROR_PAPER_JAM
    -2145320954: ErrorCode.DEVICE_BUSY,  # 0x80210006 WIA_ERROR_BUSY
    -2145320951: ErrorCode.DEVICE_GONE,  # 0x80210009 WIA_ERROR_OFFLINE
    -2145320955: ErrorCode.DEVICE_IO,  # 0x80210005 WIA_ERROR_DEVICE_COMMUNICATION
    -2145320943: ErrorCode.COVER_OPEN,  # 0x80210011 WIA_ERROR_COVER_OPEN
}


def _com_code(error: Exception) -> int:
    return int(getattr(error, "hresult", 0) or (error.args[0] if error.args else 0))


class WiaSource:
    kind = SourceKind.WIA

    @staticmethod
    def available() -> bool:
        return win32com is not None

    def devices(self) -> list[DeviceInfo]:
        if win32com is None:
            return []
        manager = win32com.client.Dispatch("WIA.DeviceManager")
        return [
            DeviceInfo(info.DeviceID, self.kind, description=str(info.Properties("Name").Value))
            for info in manager.DeviceInfos
            if info.Type == _WIA_DEVICE_TYPE_SCANNER
        ]

    def scan(self, device: str, settings: ScanSettings) -> Iterator[RawPage]:
        if win32com is None:
            raise ScanError(ErrorCode.UNAVAILABLE, "pywin32 / WIA", where="WIA")
        pythoncom.CoInitialize()
        try:
            manager = win32com.client.Dispatch("WIA.DeviceManager")
            info = next((i for i in manager.DeviceInfos if i.DeviceID == device), None)
            if info is None:
                raise ScanError(ErrorCode.DEVICE_GONE, where=device)
            connected = info.Connect()
            feeder = settings.feed is Feed.ADF
            handling = _WIA_PAPER_SOURCE_FEEDER if feeder else _WIA_PAPER_SOURCE_FLATBED
            _wia_set(connected.Properties, _WIA_DOCUMENT_HANDLING_SELECT, handling)
            item = connected.Items[1]
            intent = _WIA_INTENT_COLOR if settings.color else _WIA_INTENT_GRAY
            _wia_set(item.Properties, _WIA_CURRENT_INTENT, intent)
            _wia_set(item.Properties, _WIA_HORIZONTAL_RESOLUTION, settings.dpi)
            _wia_set(item.Properties, _WIA_VERTICAL_RESOLUTION, settings.dpi)
            limit = settings.max_pages or (10_000 if feeder else 1)
            for index in range(limit):
                try:
                    picture = item.Transfer(_WIA_FORMAT_PNG)
                except Exception as error:  # a COM error: map its HRESULT
                    code = _com_code(error)
                    if code == _WIA_ERROR_PAPER_EMPTY and index > 0:
                        return
                    mapped = _WIA_ERRORS.get(code, ErrorCode.OTHER)
                    if code == _WIA_ERROR_PAPER_EMPTY:
                        mapped = ErrorCode.FEEDER_EMPTY
                    raise ScanError(mapped, str(error), where=device) from error
                data = bytes(picture.FileData.BinaryData)
                image = normalise(Image.open(io.BytesIO(data)))
                yield RawPage(image, settings.dpi, f"wia:{device}", index)
        finally:
            pythoncom.CoUninitialize()


def _wia_set(properties: Any, prop_id: str, value: object) -> None:
    for prop in properties:
        if str(prop.PropertyID) == prop_id:
            prop.Value = value
            return


class TwainSource:
    """TWAIN data sources through pytwain (needs a 64-bit source for a 64-bit Python)."""

    kind = SourceKind.TWAIN

    @staticmethod
    def available() -> bool:
        return twain is not None

    def devices(self) -> list[DeviceInfo]:
        if twain is None:
            return []
        with twain.SourceManager() as manager:
            return [DeviceInfo(name, self.kind) for name in manager.source_list]

    def scan(self, device: str, settings: ScanSettings) -> Iterator[RawPage]:
        if twain is None:
            raise ScanError(ErrorCode.UNAVAILABLE, "pytwain", where="TWAIN")
        with twain.SourceManager() as manager:
            try:
                source = manager.open_source(device)
            except twain.exceptions.TwainError as error:
                raise ScanError(ErrorCode.DEVICE_GONE, str(error), where=device) from error
            with source:
                source.set_capability(twain.ICAP_XRESOLUTION, twain.TWTY_FIX32, settings.dpi)
                source.set_capability(twain.ICAP_YRESOLUTION, twain.TWTY_FIX32, settings.dpi)
                feeder = settings.feed is Feed.ADF
                source.set_capability(twain.CAP_FEEDERENABLED, twain.TWTY_BOOL, feeder)
                limit = settings.max_pages or (10_000 if feeder else 1)
                source.request_acquire(show_ui=False, modal_ui=False)
                for index in range(limit):
                    try:
                        handle, remaining = source.xfer_image_natively()
                    except twain.exceptions.PaperJam as error:
                        raise ScanError(ErrorCode.JAMMED, str(error), where=device) from error
                    except twain.exceptions.TwainError as error:
                        raise ScanError(ErrorCode.DEVICE_IO, str(error), where=device) from error
                    bmp = twain.dib_to_bm_file(handle)
                    twain.global_handle_free(handle)
                    image = normalise(Image.open(io.BytesIO(bmp)))
                    yield RawPage(image, settings.dpi, f"twain:{device}", index)
                    if remaining == 0:
                        return
