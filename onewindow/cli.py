"""The `onewindow` console command: one entry point, a subcommand for every part.

Subcommands register themselves through `add_parser(subparsers)` functions in `cli_*` modules,
which import their part lazily so that `onewindow --version` does not load Qt or a database.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import hallcore
from onewindow import (
    cli_board,
    cli_catalog,
    cli_demo,
    cli_desk,
    cli_kiosk,
    cli_manager,
    cli_printer,
    cli_scan,
    cli_server,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="onewindow",
        description="一窗通 OneWindow：政务服务大厅“一件事一次办”排队与综合受理",
    )
    parser.add_argument("--version", action="version", version=f"onewindow {hallcore.__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    cli_demo.add_parser(subparsers)
    cli_catalog.add_parser(subparsers)
    cli_printer.add_parser(subparsers)
    cli_scan.add_parser(subparsers)
    cli_server.add_parser(subparsers)
    cli_kiosk.add_parser(subparsers)
    cli_desk.add_parser(subparsers)
    cli_board.add_parser(subparsers)
    cli_manager.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    # A subcommand that fronts a whole app (the kiosk) takes that app's own options as they are.
    args, extra = parser.parse_known_args(argv)
    if extra:
        if not getattr(args, "passes_options_through", False):
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        args.app_args = extra
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    result: int = args.run(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
