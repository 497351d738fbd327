"""`onewindow printer test`: a sample ticket to the configured printer, or its bytes and preview.

The printer is given as a URI (``--printer`` or the ``ONEWINDOW_PRINTER`` environment variable):
``usb://0416:5011``, ``network://10.0.0.50:9100``, ``serial:///dev/ttyUSB0?baudrate=19200``,
``file:///dev/usb/lp0``, ``win32raw://XP-80C``; options as query parameters (``?width=384&
profile=ZJ-5870&mode=text&cutter=yes&check_paper=yes&timeout=5``). With ``--out DIR`` nothing is
sent: the ESC/POS bytes and the PNG preview are written to DIR.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path
from typing import Any

ENV = "ONEWINDOW_PRINTER"


def add_parser(subparsers: Any) -> None:
    printer = subparsers.add_parser("printer", help="排队票打印机工具 (ticket printer tools)")
    commands = printer.add_subparsers(dest="printer_command", metavar="COMMAND", required=True)
    test = commands.add_parser(
        "test",
        help="打印一张示例排队票 (print a sample ticket)",
        description=(
            "向打印机发送一张示例排队票；用 --out 时不发送，只把打印数据和预览图写入文件夹。"
            f"打印机地址取 --printer，或环境变量 {ENV}。"
        ),
    )
    test.add_argument(
        "--printer",
        metavar="URI",
        default=os.environ.get(ENV, ""),
        help="打印机地址，如 usb://0416:5011、network://10.0.0.50:9100、file:///dev/usb/lp0",
    )
    test.add_argument(
        "--width",
        type=int,
        choices=(384, 512, 576),
        help="纸宽（点）：384 = 58毫米，576 = 80毫米 / paper width in dots",
    )
    test.add_argument(
        "--mode",
        choices=("raster", "text"),
        help="raster：整张图（默认）；text：打印机自带中文字库 / raster (default) or text",
    )
    test.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="不打印，把 ticket-<宽>.bin 和 ticket-<宽>.png 写到此文件夹 / write files instead",
    )
    test.set_defaults(run=run_test)


def sample_ticket() -> Any:
    from printing.ticket_layout import TicketContent

    return TicketContent(
        hall_name="一窗通 打印测试",
        theme_name="新生儿出生“一件事”",
        ticket_number="A001",
        people_ahead=3,
        wait_minutes=15,
        windows=("1", "2", "5"),
        issued_at=dt.datetime.now().replace(second=0, microsecond=0),
        status_url="https://example.invalid/q/TEST0001",
    )


def run_test(args: argparse.Namespace) -> int:
    from printing.escpos_output import PrinterConfig, PrinterConfigError
    from printing.ticket_printer import TicketPrinter

    options: dict[str, Any] = {}
    if args.width:
        options["paper_width"] = args.width
    if args.mode:
        options["mode"] = args.mode
    uri = args.printer or ("dummy:" if args.out else "")
    if not uri:
        print(
            f"没有配置打印机：请用 --printer 或环境变量 {ENV} 给出地址，或用 --out 写到文件。"
            " (no printer configured)"
        )
        return 2
    try:
        config = PrinterConfig.from_uri(uri, **options)
    except (PrinterConfigError, ValueError) as exc:
        print(f"打印机配置有误：{exc}")
        return 2
    printer = TicketPrinter(config)
    if args.out:
        job = printer.prepare(sample_ticket())
        args.out.mkdir(parents=True, exist_ok=True)
        stem = args.out / f"ticket-{config.paper_width}"
        stem.with_suffix(".bin").write_bytes(job.data)
        job.preview.save(stem.with_suffix(".png"))
        print(f"已写入 {stem}.bin（{len(job.data)} 字节）和 {stem}.png（{job.preview.size[0]}×"
              f"{job.preview.size[1]} 点）")  # fmt: skip
        return 0
    outcome = printer.print_ticket(sample_ticket())
    print(outcome.message_zh)
    print(f"({outcome.message_en})")
    if outcome.detail:
        print(f"详情 / detail: {outcome.detail}")
    return 0 if outcome.ok else 1
