"""Run every benchmarks/bench_*.py in turn and repeat their GOAL lines at the end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).resolve().parent
    extra = sys.argv[1:]  # e.g. --quick
    goals: list[str] = []
    failed: list[str] = []
    for script in sorted(here.glob("bench_*.py")):
        print(f"=== {script.name}", flush=True)
        result = subprocess.run(
            [sys.executable, str(script), *extra], capture_output=True, text=True, check=False
        )
        print(result.stdout, end="")
        if result.returncode != 0:
            print(result.stderr, end="", file=sys.stderr)
            failed.append(script.name)
        goals += [line for line in result.stdout.splitlines() if line.startswith("GOAL ")]
    print("=== summary")
    for line in goals:
        print(line)
    for name in failed:
        print(f"FAILED {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
