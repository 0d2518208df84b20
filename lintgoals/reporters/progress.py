"""The progress bar shown on stderr while several files are linted.

Only on a terminal: piped or redirected stderr, and a single file, get nothing,
so logs and report files never hold a bar's escape codes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

FileStarted = Callable[[Path], None]


@contextmanager
def progress_bar(total: int, stream: TextIO) -> Iterator[FileStarted | None]:
    """A callback for `api.lint_files(on_file=…)` that shows files done / total and
    the file being linted; None when `stream` is not a terminal or there is only
    one file. The bar disappears when the block ends, before the report is printed."""
    if total < 2 or not stream.isatty():
        yield None
        return
    # Imported here: pipelines (no terminal) should not pay for rich's progress machinery.
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=stream, highlight=False, emoji=False)
    columns = (BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.description}", markup=False))
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("", total=total)
        done = 0

        def file_started(path: Path) -> None:
            nonlocal done
            progress.update(task, completed=done, description=str(path))
            done += 1

        yield file_started
