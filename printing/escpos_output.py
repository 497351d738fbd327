"""ESC/POS output: the bytes of a ticket, the printer transports, and what went wrong.

Bytes are made once, on a python-escpos `Dummy` with the configured printer profile, and the same
bytes go to the transport — so a reprint sends exactly what the first attempt sent, and a test can
decode what a real printer would receive.

Two modes (ecosystem.md §1.3):

* **raster** (default): the ticket raster (`printing.ticket_layout`) as ``GS v 0``; any ESC/POS
  printer prints it, with any glyph the bundled font has;
* **text**: for printers known to have a Chinese font. python-escpos 3.1 never enters Chinese mode
  and mangles full-width punctuation, so this module sends ``FS &`` itself, encodes the text itself
  (GB18030 by default, configurable), sizes Chinese with ``GS !``, and leaves with ``FS .``. A
  line the encoding cannot carry falls back to a small raster, and so does the QR code.

Transports: `Usb` (always with a timeout), `Network`, `Serial`, `File` (e.g. ``/dev/usb/lp0``),
`Win32Raw` (Windows spooler; needs pywin32) and `Dummy`. Their optional libraries (pyusb,
pyserial, pywin32) are imported by python-escpos only when the transport is built; a missing one
is a `PrinterProblem.DRIVER`, not an import error.
"""

from __future__ import annotations

import copy
import enum
import errno
import logging
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

from PIL import Image, ImageDraw

from printing.escpos_cache import prepare_capabilities_cache
from printing.fonts import pil_font
from printing.ticket_layout import PAPER_WIDTHS, TicketContent, render_ticket

prepare_capabilities_cache()  # before escpos is imported: see printing/escpos_cache.py

from escpos import exceptions as escpos_exceptions  # noqa: E402 (after the cache is ready)
from escpos.printer import (  # noqa: E402
    Dummy,
    File,
    Network,
    Serial,
    Usb,
    Win32Raw,
)

__all__ = [
    "DEFAULT_PROFILES",
    "PrinterConfig",
    "PrinterConfigError",
    "PrinterProblem",
    "SendResult",
    "build_transport",
    "classify",
    "send_bytes",
    "text_ticket_bytes",
    "ticket_bytes",
]

log = logging.getLogger(__name__)

TransportKind = Literal["usb", "network", "serial", "file", "win32raw", "dummy"]
TRANSPORTS: tuple[TransportKind, ...] = ("usb", "network", "serial", "file", "win32raw", "dummy")

# A profile per paper width whose media width matches (escpos-printer-db names).
DEFAULT_PROFILES = {384: "POS-5890", 512: "TM-T88III", 576: "TM-T20II"}

ESC = b"\x1b"
GS = b"\x1d"
FS = b"\x1c"
INIT = ESC + b"@"
CHINESE_ON = FS + b"&"
CHINESE_OFF = FS + b"."
FEED_AND_CUT = GS + b"V" + bytes((66, 0))  # GS V 66 0: feed to the cutter, full cut


class PrinterConfigError(ValueError):
    """The printer configuration cannot work (wrong width, unknown transport, bad address)."""


@dataclass(frozen=True, slots=True)
class PrinterConfig:
    """Which printer, how to reach it, and how to talk to it.

    `target` depends on `transport`: ``"0416:5011"`` (USB vendor:product, hex), ``"host"`` or
    ``"host:port"`` (network, port 9100 by default), a device path (serial, file), a printer name
    (win32raw). `profile` is an escpos-printer-db profile name (empty: one matching
    `paper_width`). `cutter` forces the cut command on or off (None: as the profile says; most
    58 mm profiles have no cutter). `check_paper` asks the printer for its paper sensor before
    printing, on transports that can read back (usb, network, serial).
    """

    transport: TransportKind = "dummy"
    target: str = ""
    paper_width: int = 576
    profile: str = ""
    timeout_s: float = 5.0
    baudrate: int = 9600
    mode: Literal["raster", "text"] = "raster"
    encoding: str = "gb18030"
    cutter: bool | None = None
    check_paper: bool = False

    def __post_init__(self) -> None:
        if self.transport not in TRANSPORTS:
            raise PrinterConfigError(
                f"未知的打印机连接方式“{self.transport}”（可选：{'、'.join(TRANSPORTS)}） / "
                f"unknown transport {self.transport!r}"
            )
        if self.paper_width not in PAPER_WIDTHS:
            raise PrinterConfigError(
                f"纸宽应为 384（58毫米）、512 或 576（80毫米）点，而不是 {self.paper_width} / "
                f"paper width must be one of {PAPER_WIDTHS}"
            )
        if self.timeout_s <= 0:
            raise PrinterConfigError("打印超时必须大于0秒 / timeout must be positive")
        if self.mode not in ("raster", "text"):
            raise PrinterConfigError(f"未知的打印模式“{self.mode}” / unknown mode {self.mode!r}")
        try:
            "中".encode(self.encoding)
        except LookupError as exc:
            raise PrinterConfigError(
                f"未知的字符编码“{self.encoding}” / unknown encoding {self.encoding!r}"
            ) from exc
        if self.transport == "usb":
            self.usb_ids  # noqa: B018 - validates the target
        if self.transport == "network":
            self.network_address  # noqa: B018 - validates the target
        width = _profile_width(self.profile_name)
        if width is not None and width < self.paper_width:
            raise PrinterConfigError(
                f"打印机型号 {self.profile_name} 只能打印 {width} 点宽，"
                f"小于纸宽 {self.paper_width} / "
                f"profile {self.profile_name} prints {width} dots, less than {self.paper_width}"
            )

    @property
    def usb_ids(self) -> tuple[int, int]:
        try:
            vendor, product = (int(part, 16) for part in self.target.split(":"))
        except ValueError as exc:
            raise PrinterConfigError(
                f"USB打印机应写成“厂商号:产品号”（十六进制，如 0416:5011），而不是“{self.target}”"
                " / usb target must be VID:PID in hex"
            ) from exc
        return vendor, product

    @property
    def network_address(self) -> tuple[str, int]:
        host, _, port = self.target.rpartition(":") if ":" in self.target else (self.target, "", "")
        if not host or (port and not port.isdigit()):
            raise PrinterConfigError(
                f"网络打印机应写成“地址”或“地址:端口”，而不是“{self.target}” / "
                "network target must be host or host:port"
            )
        return host, int(port or 9100)

    @property
    def profile_name(self) -> str:
        return self.profile or DEFAULT_PROFILES[self.paper_width]

    @classmethod
    def from_uri(cls, uri: str, **options: Any) -> PrinterConfig:
        """``usb://0416:5011``, ``network://10.0.0.50:9100``, ``serial:///dev/ttyUSB0?baudrate=
        19200``, ``file:///dev/usb/lp0``, ``win32raw://XP-80C``, ``dummy:``; query parameters
        and keyword options set the other fields (``?width=384&profile=ZJ-5870&mode=text``)."""
        parts = urlsplit(uri)
        kind = parts.scheme.lower()
        target = parts.netloc + parts.path if kind in ("file", "serial") else parts.netloc
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        values: dict[str, Any] = {}
        for key, value in query.items():
            name = {"width": "paper_width", "timeout": "timeout_s"}.get(key, key)
            if name in ("paper_width", "baudrate"):
                values[name] = int(value)
            elif name == "timeout_s":
                values[name] = float(value)
            elif name in ("cutter", "check_paper"):
                values[name] = value.lower() in ("1", "true", "yes", "on")
            elif name in ("profile", "mode", "encoding"):
                values[name] = value
            else:
                raise PrinterConfigError(
                    f"未知的打印机参数“{key}” / unknown printer option {key!r}"
                )
        values.update(options)
        return cls(transport=kind, target=target, **values)  # type: ignore[arg-type]


def _profile_width(name: str) -> int | None:
    from escpos.capabilities import get_profile

    try:
        pixels = get_profile(name).profile_data["media"]["width"]["pixels"]
    except KeyError as exc:
        raise PrinterConfigError(
            f"打印机型号库中没有“{name}” / no printer profile named {name!r}"
        ) from exc
    return pixels if isinstance(pixels, int) else None


def _dummy(config: PrinterConfig) -> Any:
    """A Dummy printer with the configured profile, its media width set to the paper width."""
    printer = Dummy(profile=config.profile_name)
    data = copy.deepcopy(printer.profile.profile_data)
    data["media"]["width"]["pixels"] = config.paper_width
    printer.profile.profile_data = data  # on the instance: the class is shared
    return printer


def _cuts(config: PrinterConfig, printer: Any) -> bool:
    if config.cutter is not None:
        return config.cutter
    return _has_cutter(printer)


def _has_cutter(printer: Any) -> bool:
    profile = printer.profile
    return bool(profile.supports("paperFullCut") or profile.supports("paperPartCut"))


def _finish(config: PrinterConfig, printer: Any) -> None:
    if not _cuts(config, printer):
        printer.print_and_feed(6)  # tear-off position
    elif not _has_cutter(printer):
        printer._raw(FEED_AND_CUT)
    else:
        printer.cut()


def ticket_bytes(image: Image.Image, config: PrinterConfig) -> bytes:
    """Raster mode: ``ESC @``, the image as ``GS v 0`` (in bands of at most 960 rows), the cut."""
    if image.width != config.paper_width:
        raise PrinterConfigError(
            f"票面宽 {image.width} 点与纸宽 {config.paper_width} 点不符 / image width mismatch"
        )
    printer = _dummy(config)
    printer._raw(INIT)
    printer.image(image, impl="bitImageRaster", center=False)
    _finish(config, printer)
    return bytes(printer.output)


def _line_raster(text: str, size: int, width: int) -> Image.Image:
    font = pil_font(size)
    ascent, descent = font.getmetrics()
    image = Image.new("L", (width, ascent + descent + 4), 255)
    x = (width - font.getlength(text)) / 2
    ImageDraw.Draw(image).text((x, 2), text, font=font, fill=0)
    return image.point(lambda v: 255 if v >= 128 else 0).convert("1", dither=Image.Dither.NONE)


def text_ticket_bytes(content: TicketContent, config: PrinterConfig) -> bytes:
    """Text mode: Chinese mode on (``FS &``), text encoded here, the QR code and unencodable
    lines as rasters, Chinese mode off (``FS .``), the cut. Only for printers with a resident
    Chinese font."""
    printer = _dummy(config)
    width = config.paper_width
    scale = width / 384

    def line(text: str, size: int = 1) -> None:
        try:
            encoded = text.encode(config.encoding)
        except UnicodeEncodeError:
            printer._raw(GS + b"!" + b"\x00")
            printer.image(_line_raster(text, round(24 * size * scale), width), center=False)
            return
        printer._raw(GS + b"!" + bytes(((size - 1) << 4 | (size - 1),)) + encoded + b"\n")

    printer._raw(INIT + CHINESE_ON + ESC + b"a\x01")  # centred
    line(content.hall_name)
    line(content.theme_name, 2)
    line("您的号码")
    line(content.ticket_number, 4)
    line(content.ahead_text)
    line(content.wait_text)
    line("办理窗口：" + content.windows_text)
    line(f"取号时间：{content.issued_at:%Y-%m-%d %H:%M}")
    printer._raw(GS + b"!\x00")
    printer.qr(content.status_url, size=max(3, round(4 * scale)), native=False, center=False)
    line("扫码查看排队进度")
    line(content.privacy_line)
    printer._raw(GS + b"!\x00" + ESC + b"a\x00" + CHINESE_OFF)
    _finish(config, printer)
    return bytes(printer.output)


def render_bytes(content: TicketContent, config: PrinterConfig) -> tuple[Image.Image, bytes]:
    """The preview raster and the bytes to send, per the configured mode."""
    image = render_ticket(content, config.paper_width)
    if config.mode == "text":
        return image, text_ticket_bytes(content, config)
    return image, ticket_bytes(image, config)


class PrinterProblem(enum.StrEnum):
    """What went wrong with the printer, in words for the kiosk screen and the clerk."""

    OFFLINE = "offline"
    NO_PAPER = "no_paper"
    TIMEOUT = "timeout"
    DRIVER = "driver"
    FAILED = "failed"

    @property
    def message_zh(self) -> str:
        return {
            "offline": "打印机未连接或未开机，请检查电源和连接线",
            "no_paper": "打印机缺纸，请更换纸卷",
            "timeout": "打印机没有响应（超时），请检查打印机是否卡纸或忙碌",
            "driver": "本机缺少打印机驱动组件，请联系管理员",
            "failed": "打印失败，请联系工作人员",
        }[self.value]

    @property
    def message_en(self) -> str:
        return {
            "offline": "printer not connected or switched off",
            "no_paper": "printer out of paper",
            "timeout": "printer did not answer in time",
            "driver": "printer driver library missing on this machine",
            "failed": "printing failed",
        }[self.value]


def _timeout_types() -> tuple[type[BaseException], ...]:
    found: list[type[BaseException]] = [TimeoutError, socket.timeout]
    try:
        import usb.core

        found.append(usb.core.USBTimeoutError)
    except ImportError:  # pyusb is optional
        pass
    try:
        import serial

        found.append(serial.SerialTimeoutException)
    except ImportError:  # pyserial is optional
        pass
    return tuple(found)


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _is_missing_driver(exc: BaseException) -> bool:
    # python-escpos: RuntimeError("Printing with Win32Raw requires a win32print library ...");
    # pyusb: NoBackendError when no libusb is installed.
    if isinstance(exc, RuntimeError):
        text = str(exc).lower()
        return "requires" in text or "dependenc" in text
    return type(exc).__name__ == "NoBackendError"


def classify(exc: BaseException) -> PrinterProblem:
    """The problem behind an exception a transport raised (the whole cause chain is looked at)."""
    chain = _chain(exc)
    timeouts = _timeout_types()
    if any(isinstance(e, timeouts) for e in chain):
        return PrinterProblem.TIMEOUT
    for e in chain:
        # Linux usblp answers a write with ENOSPC when the printer reports paper out.
        if isinstance(e, OSError) and e.errno == errno.ENOSPC:
            return PrinterProblem.NO_PAPER
    if any(_is_missing_driver(e) for e in chain):
        return PrinterProblem.DRIVER
    if any(isinstance(e, OSError | escpos_exceptions.DeviceNotFoundError) for e in chain):
        return PrinterProblem.OFFLINE
    try:
        import usb.core

        if any(isinstance(e, usb.core.USBError) for e in chain):
            return PrinterProblem.OFFLINE
    except ImportError:  # pyusb is optional
        pass
    return PrinterProblem.FAILED


class _Network(Network):  # type: ignore[misc]
    """`Network` that closes its socket when the connection fails (3.1 leaks it)."""

    def open(self, raise_not_found: bool = True) -> None:
        if self._device:
            self.close()
        self.device = socket.create_connection((self.host, self.port), timeout=self.timeout)


def build_transport(config: PrinterConfig) -> Any:
    """The python-escpos printer object for `config` (not yet opened)."""
    profile = config.profile_name
    if config.transport == "dummy":
        return Dummy(profile=profile)
    if config.transport == "usb":
        vendor, product = config.usb_ids
        timeout_ms = max(1, round(config.timeout_s * 1000))  # never 0: that is "wait forever"
        return Usb(vendor, product, timeout=timeout_ms, profile=profile)
    if config.transport == "network":
        host, port = config.network_address
        return _Network(host, port=port, timeout=config.timeout_s, profile=profile)
    if config.transport == "serial":
        return Serial(
            config.target, baudrate=config.baudrate, timeout=config.timeout_s, profile=profile
        )
    if config.transport == "file":
        return File(config.target, profile=profile)
    return Win32Raw(config.target, profile=profile)


@dataclass(frozen=True, slots=True)
class SendResult:
    """How one attempt to send bytes went. `paper_low`: the near-end sensor is on."""

    ok: bool
    problem: PrinterProblem | None = None
    paper_low: bool = False
    detail: str = ""  # technical detail for the log and the admin screen; never personal data


_READS_BACK = frozenset({"usb", "network", "serial"})


def _send(
    config: PrinterConfig, data: bytes, factory: Callable[[PrinterConfig], Any]
) -> SendResult:
    printer = None
    try:
        printer = factory(config)
        printer.open()
        paper_low = False
        if config.check_paper and config.transport in _READS_BACK:
            paper = printer.paper_status()
            if paper == 0:
                return SendResult(False, PrinterProblem.NO_PAPER, detail="paper sensor: none")
            paper_low = paper == 1
        printer._raw(data)
        return SendResult(True, paper_low=paper_low)
    except Exception as exc:  # noqa: BLE001 - each library fails its own way; all are classified
        problem = classify(exc)
        log.warning(
            "ticket printer %s: %s (%s)", config.transport, problem.value, type(exc).__name__
        )
        return SendResult(False, problem, detail=f"{type(exc).__name__}: {exc}")
    finally:
        if printer is not None:
            _close_quietly(printer)


def _close_quietly(printer: Any) -> None:
    try:
        printer.close()
    except Exception:
        log.debug("closing the printer failed", exc_info=True)


def send_bytes(
    config: PrinterConfig,
    data: bytes,
    *,
    factory: Callable[[PrinterConfig], Any] = build_transport,
) -> SendResult:
    """Send `data` to the printer; never raises for printer trouble.

    The send runs on a worker thread that the caller waits for at most `timeout_s` (plus a
    second to open): a ``File`` on a stalled ``/dev/usb/lp0`` or a Windows spooler can block
    without a timeout of their own. A send that overruns is reported as a timeout and left to
    finish or fail on its own.
    """
    box: list[SendResult] = []

    def work() -> None:
        box.append(_send(config, data, factory))

    worker = threading.Thread(target=work, name="ticket-printer", daemon=True)
    worker.start()
    worker.join(config.timeout_s + 1.0)
    if not box:
        log.warning("ticket printer %s: timeout after %.1f s", config.transport, config.timeout_s)
        return SendResult(
            False, PrinterProblem.TIMEOUT, detail=f"no answer in {config.timeout_s:g} s"
        )
    return box[0]
