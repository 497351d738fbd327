"""`onewindow desk [options]`: the comprehensive-window desk client (综合窗口).

The options are the desk's own (`desk_client.app`): `--server URL`, `--store PATH`, `--hall`,
`--notice-dir`, `--printer`, `--user`, `--window`, `--quit-after-ms`. Qt is imported only when
the desk runs.
"""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(subparsers: Any) -> None:
    desk = subparsers.add_parser(
        "desk",
        help="综合窗口客户端 (the desk client)",
        description="综合窗口：叫号、收件、预审、受理、分办、出件。",
        add_help=False,
    )
    desk.set_defaults(run=run_desk, passes_options_through=True, app_args=[])


def run_desk(args: argparse.Namespace) -> int:
    from desk_client.app import main as desk_main

    return desk_main(args.app_args)
