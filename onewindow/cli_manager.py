"""`onewindow manager --server URL [--hall ID] [--user NAME]`: the manager dashboard (大厅管理).

The password comes from ``ONEWINDOW_MANAGER_PASSWORD`` or is asked on the terminal. Qt is
imported only when the dashboard runs, so other subcommands start without it.
"""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(subparsers: Any) -> None:
    manager = subparsers.add_parser(
        "manager",
        help="大厅管理 (the manager dashboard)",
        description="大厅管理：实时排队与窗口、告警、办件、好差评、配置与报表。",
        add_help=False,
    )
    manager.set_defaults(run=run_manager, passes_options_through=True, app_args=[])


def run_manager(args: argparse.Namespace) -> int:
    from manager.app import main as manager_main

    return manager_main(args.app_args)
