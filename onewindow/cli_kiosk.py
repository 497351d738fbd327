"""`onewindow kiosk [options]`: the self-service kiosk (自助终端).

The options are the kiosk's own (`python -m kiosk --help`): `--windowed`, `--lang`, `--hall`,
`--kiosk-id`, `--printer`, `--voice-engine`, `--idle-seconds`, `--log-dir`, `--quit-after-ms`.
Qt is imported only when the kiosk runs, so other subcommands start without it.
"""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(subparsers: Any) -> None:
    kiosk = subparsers.add_parser(
        "kiosk",
        help="自助终端 (the self-service kiosk)",
        description="运行自助终端：选择一件事、回答情形问题、生成并打印材料清单。",
        add_help=False,
    )
    kiosk.set_defaults(run=run_kiosk, passes_options_through=True, app_args=[])


def run_kiosk(args: argparse.Namespace) -> int:
    from kiosk.app import main as kiosk_main

    return kiosk_main(args.app_args)
