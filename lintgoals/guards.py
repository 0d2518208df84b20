"""Bounds on what a rule pack can cost: its regular expressions run over cell
text of any length, and a pattern such as `(a+)+$` backtracks exponentially.

Two bounds, both documented in the README:

- a pattern sees at most MAX_PATTERN_TEXT characters of a field, which keeps
  polynomial backtracking (`\\s*\\s*$` on a long cell) cheap;
- each rule gets RULE_TIME_LIMIT seconds per file; past that the run stops with
  a one-line error naming the rule's pack file and line (exit code 2). The limit
  is kept with a timer signal, so it holds in a process's main thread (the
  command line and its worker processes); elsewhere only the text cap applies.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Far beyond any real cell (Excel's own cap is 32,767); the head of a longer text
# is where the words a pattern looks for are.
MAX_PATTERN_TEXT = 10_000
# A whole rule runs over a file of 100,000 rows in well under a second; ten
# seconds can only be a pattern backtracking catastrophically.
RULE_TIME_LIMIT = 10.0


class RuleTimeout(Exception):
    """A rule ran past RULE_TIME_LIMIT on one file."""


def pattern_text(value: object) -> str:
    """What a pattern runs over: the field's text, cut at MAX_PATTERN_TEXT."""
    return str(value)[:MAX_PATTERN_TEXT]


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise RuleTimeout in the block once `seconds` have passed (main thread only).
    Python's regular expression engine checks for signals while it backtracks,
    so even a runaway match is stopped."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(_signal: int, _frame: object) -> None:
        raise RuleTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
