"""`onewindow demo`: the main job of the README's first command.

Until the demo hall (server, kiosk, board and desk together) exists, the demo checks the shipped
catalog and prints its table of themes.
"""

from __future__ import annotations

import argparse
from typing import Any

from onewindow import cli_catalog


def add_parser(subparsers: Any) -> None:
    demo = subparsers.add_parser("demo", help="运行演示大厅 (run the demo hall)")
    demo.set_defaults(run=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    print("一窗通 OneWindow 演示：检查随软件发布的事项目录\n")
    return cli_catalog.run_check(argparse.Namespace(path=None, override=[]))
