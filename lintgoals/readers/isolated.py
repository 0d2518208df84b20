"""Reading a workbook in a process of its own, with bounded memory and time.

calamine is native code: on some damaged .xls and .ods files it asks for
memory without bound, or panics and prints Rust's own report on stderr. Such a
file is read in a forked child under a memory limit, with its stderr closed;
the child sends the table back. If it dies or runs out of time, the file is an
LG001 that says so, and the run goes on.
"""

from __future__ import annotations

import os
import pickle
import selectors
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from lintgoals.readers.table import ReadError

# What the child sends back: a Table, or what else a caller reads from a file of
# native code's (the crops of a PDF's cells, reporters/pdf_crops.py).
T = TypeVar("T")

# Far above what a real workbook needs (a million-row sheet reads in well under
# 1 GB), far below what a damaged one can ask for.
MEMORY_LIMIT = 2 * 1024 * 1024 * 1024
TIME_LIMIT = 120.0
CHUNK = 1 << 20


def read_isolated(
    read: Callable[[Path], T],
    path: Path,
    memory_limit: int = MEMORY_LIMIT,
    time_limit: float = TIME_LIMIT,
    limits_variant: str = "workbook_limits",
) -> T:
    """read(path) in a child process; where there is no fork (Windows), in this one. Past a
    limit, the file is an LG001 of `limits_variant` (the message names the kind of file)."""
    if not hasattr(os, "fork"):
        return read(path)
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(reader)
        run_child(read, path, writer, memory_limit)
    os.close(writer)
    data = collect(reader, child, time_limit)
    os.waitpid(child, 0)
    if not data:
        raise ReadError(
            "LG001",
            limits_variant,
            params={"memory": f"{memory_limit // 1024 // 1024} MB", "seconds": f"{time_limit:.0f}"},
        )
    kind, value = pickle.loads(data)
    if kind == "error":
        code, reason, line, params = value
        raise ReadError(code, reason, line, params)
    result: T = value
    return result


def run_child(read: Callable[[Path], object], path: Path, writer: int, memory_limit: int) -> None:
    """Read, send the outcome, and leave without running anything of the parent's (os._exit)."""
    try:
        import faulthandler
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
        # An abort's or a panic's report is not the user's business (nor a test runner's).
        faulthandler.disable()
        os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
        try:
            outcome: tuple[str, object] = ("table", read(path))
        except ReadError as error:
            outcome = ("error", (error.code, error.reason, error.line, error.params))
        with os.fdopen(writer, "wb") as stream:
            stream.write(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        os._exit(0)


def collect(reader: int, child: int, time_limit: float) -> bytes:
    """Everything the child writes, until it closes the pipe or time runs out (then it is stopped)."""
    chunks: list[bytes] = []
    deadline = time.monotonic() + time_limit
    with selectors.DefaultSelector() as selector, os.fdopen(reader, "rb", buffering=0) as stream:
        selector.register(stream, selectors.EVENT_READ)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                os.kill(child, signal.SIGKILL)
                return b""
            chunk = stream.read(CHUNK)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
