"""`onewindow board [options]`: the hall call board (叫号屏).

The options are the board's own (`python -m board --help`): `--server`, `--token-file`,
`--windowed`, `--size`, `--theme`, `--lang`, `--voice-engine`, `--repeats`, `--no-chime`,
`--max-age-seconds`, `--highlight-seconds`, `--log-dir`, `--quit-after-ms`; the device token
comes from `ONEWINDOW_BOARD_TOKEN` or the token file. Qt is imported only when the board runs,
so other subcommands start without it.
"""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(subparsers: Any) -> None:
    board = subparsers.add_parser(
        "board",
        help="叫号屏 (the hall call board)",
        description="运行叫号屏：显示各窗口当前叫号、最近叫号和等候人数，并语音播报。",
        add_help=False,
    )
    board.set_defaults(run=run_board, passes_options_through=True, app_args=[])


def run_board(args: argparse.Namespace) -> int:
    from board.app import main as board_main

    return board_main(args.app_args)
