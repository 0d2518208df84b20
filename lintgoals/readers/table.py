"""The reader's output: sheets of rows of cell texts, with physical positions."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any

from lintgoals.model import Issue, Location, a1


@dataclass(slots=True)
class Row:
    line: int  # 1-based physical line (text) or row number (sheet) where the row starts
    cells: list[str]  # cell texts, stripped by the reader; cell i sits in 1-based column i + 1

    def cell(self, column: int) -> str:
        """The text of a 1-based column, '' when the row is shorter."""
        return self.cells[column - 1] if 0 < column <= len(self.cells) else ""

    def is_blank(self) -> bool:
        return not any(self.cells)


@dataclass(slots=True)
class Sheet:
    name: str | None  # None for a text file
    # A list, or a stream of rows read as they are consumed (once): a large text
    # table is never held whole in memory.
    rows: Iterable[Row]
    kept: list[Row] | None = None  # the first rows, once `head` has looked at them
    # Number cells formatted as percentages, (line, column); None where the reader
    # cannot tell (text tables, .xls, .ods, PDF).
    percent_cells: frozenset[tuple[int, int]] | None = None

    def head(self, count: int) -> list[Row]:
        """The first `count` rows (at most those of the first call), without losing
        them: iterating the sheet afterwards still starts at its first row."""
        if isinstance(self.rows, list):
            return self.rows[:count]
        if self.kept is None:
            rest = iter(self.rows)
            self.kept = list(islice(rest, count))
            self.rows = chain(self.kept, rest)
        return self.kept[:count]

    @property
    def typed(self) -> bool:
        """Cells of a workbook hold typed numbers (0.95 may be a cell formatted as 95%)."""
        return self.name is not None


@dataclass(slots=True)
class Table:
    path: str
    sheets: list[Sheet]
    # What the reader noticed and read past (LG001 at a line: bad bytes, a cell
    # beyond a limit …); a layout adds them to the issues of the file.
    notes: list[Issue] = field(default_factory=list)

    def location(self, sheet: Sheet, line: int, column: int | None) -> Location:
        """Where a cell is: the line and column, and for a workbook its sheet and A1 cell."""
        if sheet.name is None:
            return Location(self.path, line, column)
        return Location(self.path, line, column, sheet.name, a1(line, column) if column else None)


def path_text(path: os.PathLike[str] | str) -> str:
    """A file's path as findings and reports name it. A name that is not UTF-8 (a
    file from a system in another encoding: Python holds its bytes as surrogates,
    which no report can encode) shows those bytes as escapes, \\xff; the file
    itself is always opened by its Path, never by this text."""
    text = os.fspath(path)
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return os.fsencode(text).decode("utf-8", "backslashreplace")
        except UnicodeError:  # a surrogate the file system's encoding did not make
            return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def megabytes(size: int) -> str:
    """A size as a ReadError's message states it."""
    return f"{size / 1024 / 1024:.0f} MB"


def regular_file_size(path: Path, limit: int) -> int:
    """The size of a regular file no larger than `limit`: a named pipe or a device is
    refused before anything reads it, and so is a file past the limit."""
    try:
        if not path.is_file():
            raise ReadError("LG001", "unreadable", params={"reason": "not a regular file"})
        size = path.stat().st_size
    except OSError as error:
        raise ReadError("LG001", "unreadable", params={"reason": error.strerror or str(error)}) from None
    if size > limit:
        raise ReadError("LG001", "too_large", params={"size": megabytes(size), "limit": megabytes(limit)})
    return size


@dataclass(slots=True)
class ReadError(Exception):
    """The file cannot be read at all (LG001) or holds no known table (LG002).

    `reason` selects the message variant of the rule; `params` fill it in.
    """

    code: str
    reason: str
    line: int | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.code} {self.reason} {self.params}"
