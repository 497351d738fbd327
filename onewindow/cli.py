"""The `onewindow` console command."""

from __future__ import annotations

import argparse
import sys

import hallcore


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="onewindow", description="OneWindow 一窗通")
    parser.add_argument("--version", action="version", version=f"onewindow {hallcore.__version__}")
    parser.parse_args(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
