"""The long fuzzing run: tests/test_fuzz.py under the "long" hypothesis profile,
for as long as you let it run (hours), with hypothesis's example database kept
in .hypothesis/ so that a failure found once is replayed first next time.

    .venv/bin/python fuzz/run.py              # until stopped (Ctrl-C)
    .venv/bin/python fuzz/run.py --hours 6    # stop after six hours

A failure prints the falsifying input; make it a regular test in
tests/test_robustness.py (see test_damaged_xls_that_makes_calamine_panic).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hours", type=float, default=None, help="stop after this many hours (default: never)")
    arguments = parser.parse_args()
    deadline = None if arguments.hours is None else time.monotonic() + arguments.hours * 3600
    environment = dict(os.environ, LINTGOALS_FUZZ="long", RUST_BACKTRACE="0")
    rounds = 0
    while deadline is None or time.monotonic() < deadline:
        rounds += 1
        print(f"fuzz: round {rounds}", flush=True)
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-x", "-q", "tests/test_fuzz.py"], cwd=ROOT, env=environment, check=False
        )
        if result.returncode != 0:
            print("fuzz: a failure was found; its input is printed above", flush=True)
            return result.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
