"""Printer trouble: a clear Chinese message, and the ticket stays issued and reprintable."""

from __future__ import annotations

import errno
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from printing.escpos_output import PrinterConfig, PrinterConfigError, PrinterProblem, classify
from printing.ticket_printer import PrintOutcome, TicketPrinter
from tests.printing.test_ticket_output import CONTENT

STATUS_PAPER = b"\x10\x04\x04"  # DLE EOT 4: paper sensor status


def assert_kept(outcome: PrintOutcome, problem: PrinterProblem) -> None:
    assert not outcome.ok
    assert outcome.problem is problem
    assert outcome.reprintable
    assert outcome.job is not None
    assert outcome.job.data
    assert problem.message_zh in outcome.message_zh
    assert "A012" in outcome.message_zh
    assert "仍然有效" in outcome.message_zh


def test_file_that_cannot_be_opened_is_offline_then_reprinted(tmp_path: Path) -> None:
    config = PrinterConfig("file", str(tmp_path / "no-such-dir" / "lp0"), paper_width=384)
    outcome = TicketPrinter(config).print_ticket(CONTENT)
    assert_kept(outcome, PrinterProblem.OFFLINE)
    assert "打印机未连接或未开机" in outcome.message_zh
    assert outcome.job is not None
    # the printer comes back: the same bytes go out
    target = tmp_path / "lp0"
    again = TicketPrinter(replace(config, target=str(target))).reprint(outcome.job)
    assert again.ok
    assert again.attempt == 2
    assert target.read_bytes() == outcome.job.data


def test_paper_out_reported_by_the_device(tmp_path: Path) -> None:
    # /dev/full answers writes with ENOSPC, which is what Linux usblp says when paper is out.
    if not Path("/dev/full").exists():
        pytest.fail("/dev/full is part of every Linux system this runs on")
    outcome = TicketPrinter(PrinterConfig("file", "/dev/full")).print_ticket(CONTENT)
    assert_kept(outcome, PrinterProblem.NO_PAPER)
    assert "缺纸" in outcome.message_zh


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_network_printer_on_a_closed_port_is_offline() -> None:
    config = PrinterConfig("network", f"127.0.0.1:{_closed_port()}", timeout_s=2)
    outcome = TicketPrinter(config).print_ticket(CONTENT)
    assert_kept(outcome, PrinterProblem.OFFLINE)


@contextmanager
def fake_printer(status: bytes | None) -> Iterator[tuple[int, list[bytes]]]:
    """A TCP "printer" on 127.0.0.1 that answers the paper status query with `status` (None:
    never answers) and records what it receives."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    received: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        conn, _ = server.accept()
        conn.settimeout(0.1)
        with conn:
            while not stop.is_set():
                try:
                    chunk = conn.recv(65536)
                except TimeoutError:
                    continue
                if not chunk:
                    break
                received.append(chunk)
                if chunk.startswith(STATUS_PAPER) and status is not None:
                    conn.sendall(status)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield int(server.getsockname()[1]), received
    finally:
        stop.set()
        thread.join(2)
        server.close()


def test_network_printer_out_of_paper_is_not_sent_the_ticket() -> None:
    with fake_printer(bytes((0x72,))) as (port, received):
        config = PrinterConfig("network", f"127.0.0.1:{port}", check_paper=True, timeout_s=2)
        outcome = TicketPrinter(config).print_ticket(CONTENT)
    assert_kept(outcome, PrinterProblem.NO_PAPER)
    assert b"".join(received) == STATUS_PAPER


def test_network_printer_low_paper_prints_and_warns() -> None:
    with fake_printer(bytes((0x1E,))) as (port, received):
        config = PrinterConfig("network", f"127.0.0.1:{port}", check_paper=True, timeout_s=2)
        outcome = TicketPrinter(config).print_ticket(CONTENT)
        deadline = time.monotonic() + 2
        assert outcome.job is not None
        while len(b"".join(received)) < len(STATUS_PAPER + outcome.job.data):
            assert time.monotonic() < deadline
            time.sleep(0.01)
    assert outcome.ok
    assert outcome.paper_low
    assert "纸将用完" in outcome.message_zh
    assert b"".join(received) == STATUS_PAPER + outcome.job.data


def test_printer_that_never_answers_times_out() -> None:
    with fake_printer(None) as (port, _):
        config = PrinterConfig("network", f"127.0.0.1:{port}", check_paper=True, timeout_s=0.3)
        outcome = TicketPrinter(config).print_ticket(CONTENT)
    assert_kept(outcome, PrinterProblem.TIMEOUT)
    assert "超时" in outcome.message_zh


def test_a_device_that_blocks_is_cut_off_by_the_watchdog(tmp_path: Path) -> None:
    # Opening a FIFO for writing blocks until someone reads: a stalled /dev/usb/lp0.
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)
    config = PrinterConfig("file", str(fifo), timeout_s=0.2)
    started = time.monotonic()
    outcome = TicketPrinter(config).print_ticket(CONTENT)
    assert time.monotonic() - started < 3
    assert_kept(outcome, PrinterProblem.TIMEOUT)
    # release the abandoned writer
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    time.sleep(0.05)
    os.close(reader)


def test_usb_printer_not_plugged_in_is_offline() -> None:
    config = PrinterConfig("usb", "1234:5678", timeout_s=1)
    outcome = TicketPrinter(config).print_ticket(CONTENT)
    # without libusb on the machine pyusb says so: then it is the driver that is missing
    assert outcome.problem in (PrinterProblem.OFFLINE, PrinterProblem.DRIVER)
    assert outcome.reprintable


def test_win32raw_off_windows_is_a_missing_driver() -> None:
    outcome = TicketPrinter(PrinterConfig("win32raw", "XP-80C")).print_ticket(CONTENT)
    assert_kept(outcome, PrinterProblem.DRIVER)
    assert "驱动" in outcome.message_zh


def test_classify_looks_through_the_cause_chain() -> None:
    outer = RuntimeError("could not open")
    outer.__cause__ = TimeoutError("timed out")
    assert classify(outer) is PrinterProblem.TIMEOUT
    assert classify(OSError(errno.ENOSPC, "No space left")) is PrinterProblem.NO_PAPER
    assert classify(ConnectionRefusedError()) is PrinterProblem.OFFLINE
    assert classify(KeyError("x")) is PrinterProblem.FAILED


def test_dummy_prints() -> None:
    outcome = TicketPrinter(PrinterConfig()).print_ticket(CONTENT)
    assert outcome.ok
    assert outcome.message_zh.startswith("请取走您的排队票")


def test_uri_configuration() -> None:
    c = PrinterConfig.from_uri("network://10.0.0.50:9100?width=384&profile=ZJ-5870&timeout=3")
    assert (c.transport, c.target, c.paper_width, c.profile, c.timeout_s) == (
        "network",
        "10.0.0.50:9100",
        384,
        "ZJ-5870",
        3.0,
    )
    assert PrinterConfig.from_uri("file:///dev/usb/lp0").target == "/dev/usb/lp0"
    serial = PrinterConfig.from_uri("serial:///dev/ttyUSB0?baudrate=19200&mode=text")
    assert (serial.target, serial.baudrate, serial.mode) == ("/dev/ttyUSB0", 19200, "text")
    usb = PrinterConfig.from_uri("usb://0416:5011?cutter=yes&check_paper=1")
    assert usb.cutter is True
    assert usb.check_paper is True


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"transport": "lpt"}, "未知的打印机连接方式"),
        ({"paper_width": 400}, "纸宽"),
        ({"paper_width": 576, "profile": "POS-5890"}, "只能打印 384 点宽"),
        ({"profile": "NO-SUCH"}, "型号库中没有"),
        ({"encoding": "klingon"}, "未知的字符编码"),
        ({"timeout_s": 0}, "超时"),
    ],
)
def test_bad_configuration_is_explained(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(PrinterConfigError, match=message):
        PrinterConfig(**kwargs)  # type: ignore[arg-type]


def test_bad_usb_address_is_explained() -> None:
    with pytest.raises(PrinterConfigError, match="厂商号:产品号"):
        TicketPrinter(PrinterConfig("usb", "lp0")).print_ticket(CONTENT)
