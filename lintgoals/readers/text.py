"""Delimited text (.tsv, .txt, .csv): encoding and delimiter are detected, not asked for."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from lintgoals.readers.table import ReadError, Row, Sheet, Table

# Tried in order. GB18030 is a superset of GBK and GB2312, so it covers the
# encodings Chinese spreadsheet software writes by default.
ENCODINGS = ("utf-8-sig", "gb18030")
DELIMITERS = ("\t", ",", ";")
SNIFF_LINES = 50
# More line breaks than this in one quoted cell means its quote was never closed.
MAX_LINES_IN_CELL = 20
# Text of real tables has tabs and line breaks, never other C0 controls; a file
# with many of them is binary whatever its name says.
CONTROL_CHARS = frozenset(chr(c) for c in range(32)) - {"\t", "\n", "\r"}


def read_text(path: Path) -> Table:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReadError("LG001", "unreadable", params={"reason": error.strerror or str(error)}) from None
    if not data.strip():
        raise ReadError("LG001", "empty")
    text = decode(data)
    if looks_binary(text):
        raise ReadError("LG001", "binary")
    delimiter = sniff_delimiter(text)
    return Table(str(path), [Sheet(None, split_rows(text, delimiter))])


def decode(data: bytes) -> str:
    # Excel's "Unicode text" export is UTF-16 with a byte order mark.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReadError("LG001", "undecodable") from None
    if b"\x00" in data[:8192]:
        raise ReadError("LG001", "binary")
    failures = []
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            failures.append(error.start)
    # The encoding that read furthest is the file's own: where it broke is the
    # line a person has to look at.
    error_at = max(failures)
    raise ReadError("LG001", "undecodable", line=data.count(b"\n", 0, error_at) + 1)


def looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = sum(1 for char in sample if char in CONTROL_CHARS)
    return controls > max(8, len(sample) // 100)


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines most often; tab wins ties,
    because text extracted from PDFs is tab-separated and its cells hold commas."""
    head = text.splitlines()[:SNIFF_LINES]
    counts = {d: sum(line.count(d) for line in head) for d in DELIMITERS}
    return max(DELIMITERS, key=lambda d: (counts[d], d == "\t"))


def split_rows(text: str, delimiter: str) -> list[Row]:
    rows = split_quoted_rows(text, delimiter, csv.QUOTE_MINIMAL)
    if any(runaway_quote(row, delimiter) for row in rows):
        # A lone quote (text extracted from PDF has them) opened a cell that never
        # closed and swallowed the lines after it: read the file without quoting.
        rows = split_quoted_rows(text, delimiter, csv.QUOTE_NONE)
    return rows


def runaway_quote(row: Row, delimiter: str) -> bool:
    """A row whose quoted cell holds what can only be further rows of the table."""
    return any("\n" in cell and (cell.count("\n") >= MAX_LINES_IN_CELL or delimiter == "\t" and "\t" in cell)
               for cell in row.cells)


def split_quoted_rows(text: str, delimiter: str, quoting: int) -> list[Row]:
    lines = io.StringIO(text, newline="")
    reader = csv.reader(lines, delimiter=delimiter, quoting=quoting)
    rows: list[Row] = []
    next_line = 1
    try:
        for cells in reader:
            rows.append(Row(next_line, [cell.strip() for cell in cells]))
            # A quoted cell may span several physical lines; csv counts them.
            next_line = reader.line_num + 1
    except csv.Error as error:
        raise ReadError("LG001", "malformed", line=next_line, params={"reason": str(error)}) from None
    return rows
