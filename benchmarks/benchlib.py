"""What every benchmark shares: the --quick switch, timing, and the GOAL line format.

Benchmarks run by hand (`python benchmarks/bench_<topic>.py [--quick]`), never as timed tests.
Each measures a floor in the same run where one makes sense, prints its figures in words, and
ends with one line per goal its issue names:

    GOAL <name> <measured> <op> <target> PASS|MISS
"""

from __future__ import annotations

import argparse
import operator
import statistics
import time
from collections.abc import Callable

_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def parse_args(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--quick", action="store_true", help="a short run (under 30 seconds) with fewer repeats"
    )
    return parser.parse_args()


def goal(name: str, measured: float, op: str, target: float) -> bool:
    """Print one GOAL line and say whether the goal was met."""
    met = _OPS[op](measured, target)
    print(f"GOAL {name} {measured:.4g} {op} {target:g} {'PASS' if met else 'MISS'}")
    return met


def time_per_call(fn: Callable[[], object], *, repeat: int, number: int) -> list[float]:
    """Seconds per call of `fn`, one figure per repeat (take the median or the minimum)."""
    figures = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        figures.append((time.perf_counter() - start) / number)
    return figures


def median(values: list[float]) -> float:
    return statistics.median(values)
