"""Scan errors: one exception type, a stable code, and a message in Chinese with English after it.

Every failure a clerk can meet (a jammed feeder, a cover left open, a scanner unplugged, a file
that is not an image, a PDF with a password, an image too large to open) becomes a `ScanError`
with a `code` the UI can switch on and a sentence it can show as it is.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    # devices
    JAMMED = "jammed"
    COVER_OPEN = "cover_open"
    DEVICE_BUSY = "device_busy"
    DEVICE_GONE = "device_gone"
    DEVICE_IO = "device_io"
    NO_DEVICE = "no_device"
    FEEDER_EMPTY = "feeder_empty"
    ACCESS_DENIED = "access_denied"
    CANCELLED = "cancelled"
    UNAVAILABLE = "unavailable"
    TIMEOUT = "timeout"
    # files
    FILE_NOT_FOUND = "file_not_found"
    EMPTY_FILE = "empty_file"
    NOT_AN_IMAGE = "not_an_image"
    TRUNCATED = "truncated"
    CORRUPT = "corrupt"
    ENCRYPTED = "encrypted"
    TOO_LARGE = "too_large"
    NO_PAGES = "no_pages"
    # anything else a backend reports
    OTHER = "other"


_MESSAGES: dict[ErrorCode, tuple[str, str]] = {
    ErrorCode.JAMMED: ("卡纸，请取出卡住的纸张后继续扫描", "paper jam"),
    ErrorCode.COVER_OPEN: ("扫描仪盖板未合上", "scanner cover is open"),
    ErrorCode.DEVICE_BUSY: ("扫描仪正忙，请稍后再试", "device busy"),
    ErrorCode.DEVICE_GONE: ("扫描设备已断开或不存在", "device disconnected or not found"),
    ErrorCode.DEVICE_IO: ("扫描设备通信出错", "device I/O error"),
    ErrorCode.NO_DEVICE: ("没有找到扫描设备", "no scanning device found"),
    ErrorCode.FEEDER_EMPTY: ("送纸器中没有纸张", "the document feeder is empty"),
    ErrorCode.ACCESS_DENIED: (
        "没有使用扫描仪的权限（请把用户加入 scanner 组）",
        "access to the scanner denied",
    ),
    ErrorCode.CANCELLED: ("扫描已取消", "scan cancelled"),
    ErrorCode.UNAVAILABLE: ("本机不支持该扫描方式", "this scan source is not available here"),
    ErrorCode.TIMEOUT: ("扫描设备无响应（超时）", "device timed out"),
    ErrorCode.FILE_NOT_FOUND: ("找不到文件", "file not found"),
    ErrorCode.EMPTY_FILE: ("文件是空的", "the file is empty"),
    ErrorCode.NOT_AN_IMAGE: (
        "不是可识别的图片（JPEG、PNG、TIFF）或 PDF 文件",
        "not a JPEG, PNG, TIFF or PDF file",
    ),
    ErrorCode.TRUNCATED: ("文件不完整（可能未传完或已截断）", "the file is truncated"),
    ErrorCode.CORRUPT: ("文件已损坏，无法读取", "the file is corrupt"),
    ErrorCode.ENCRYPTED: (
        "PDF 文件设有密码，请提供未加密的文件",
        "the PDF is password-protected",
    ),
    ErrorCode.TOO_LARGE: (
        "图片尺寸过大，疑似恶意文件，已拒绝打开",
        "image too large (possible decompression bomb), refused",
    ),
    ErrorCode.NO_PAGES: ("没有可用的页面（均为空白页或未扫描）", "no usable pages"),
    ErrorCode.OTHER: ("扫描出错", "scan error"),
}


class ScanError(Exception):
    """A scan or import failure. `str(error)` is `中文说明（English）` plus any detail."""

    def __init__(self, code: ErrorCode, detail: str = "", *, where: str = "") -> None:
        self.code = code
        self.detail = detail
        self.where = where
        super().__init__(self.message)

    @property
    def message_zh(self) -> str:
        text = _MESSAGES[self.code][0]
        return f"{self.where}：{text}" if self.where else text

    @property
    def message_en(self) -> str:
        text = _MESSAGES[self.code][1]
        return f"{self.where}: {text}" if self.where else text

    @property
    def message(self) -> str:
        suffix = f" — {self.detail}" if self.detail else ""
        return f"{self.message_zh}（{self.message_en}）{suffix}"

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (self.code, self.detail, self.where))


def _rebuild(code: ErrorCode, detail: str, where: str) -> ScanError:
    return ScanError(code, detail, where=where)
