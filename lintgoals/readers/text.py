"""Delimited text (.tsv, .txt, .csv): encoding and delimiter are detected, not asked for.

Whatever arrives is read as far as it can be: a damaged line (bad bytes, a
stray NUL, another encoding, a line or cell beyond the limits below) becomes
an LG001 finding at that line, and the rest of the file is still linted. Only
a file that is not text at all, or too large to be a table, is refused whole.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from sys import intern

from lintgoals.model import Issue, Location
from lintgoals.readers.table import ReadError, Row, Sheet, Table, megabytes, path_text

# Tried in order. GB18030 is a superset of GBK and GB2312, so it covers the
# encodings Chinese spreadsheet software writes by default.
ENCODINGS = ("utf-8", "gb18030")
DELIMITERS = ("\t", ",", ";")
SNIFF_LINES = 50
# More line breaks than this in one quoted cell means its quote was never closed.
MAX_LINES_IN_CELL = 20
# Text of real tables has tabs and line breaks, never other C0 controls; a file
# whose first bytes hold many of them is binary whatever its name says.
CONTROL_BYTES = bytes(set(range(32)) - {9, 10, 12, 13})
BINARY_SAMPLE = 8192

# Limits. Each is far above any real table, and each bounds the memory or time
# a hostile file can cost; passing one is an LG001 finding that says so.
# A seed-layout row is about 100 bytes, so a sheet of the most rows Excel holds
# (MAX_ROWS) is about 100 MB: a larger file is not a table, and reading it
# whole would cost several times its size in memory.
MAX_TEXT_BYTES = 128 * 1024 * 1024
# Excel's own sheet limits: a table no spreadsheet could hold is not a table.
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
# Excel's limit on the text of one cell. Cutting longer cells bounds what the
# value parser and the rules' regular expressions run over.
MAX_CELL_CHARS = 32_767
# A physical line longer than this (a 50 MB file with no line break) is cut
# there. It stays below csv's own field limit (131,072), so reading without
# quotes can never trip that limit.
MAX_LINE_CHARS = 100_000
# When more than this share of a file's non-ASCII lines is undecodable, the
# file is in an encoding lintgoals does not read, not a file with a few bad bytes.
MAX_BAD_LINE_SHARE = 0.2

LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


@dataclass(slots=True)
class Notes:
    """What reading noticed about a file, as LG001 issues at their lines."""

    path: str
    issues: list[Issue] = field(default_factory=list)
    cut_lines: set[int] = field(default_factory=set)  # lines cut at MAX_LINE_CHARS: their cells need no note

    def add(self, variant: str, line: int | None, column: int | None = None, **params: object) -> None:
        self.issues.append(Issue("LG001", Location(self.path, line, column), dict(params), variant))


def read_text(path: Path) -> Table:
    data = read_bounded(path)
    if not data.strip():
        raise ReadError("LG001", "empty")
    if looks_binary(data[:BINARY_SAMPLE]):
        raise ReadError("LG001", "binary")
    notes = Notes(path_text(path))
    text = decode(data, notes)
    del data  # the bytes are not needed any more; a large file costs half the memory
    delimiter = sniff_delimiter(text)
    rows = split_rows(text, delimiter, notes)
    return Table(path_text(path), [Sheet(None, rows)], notes.issues)


def read_bounded(path: Path) -> bytes:
    """The file's bytes, never more than MAX_TEXT_BYTES of them: a named pipe or a
    device (/dev/zero) is refused, and a huge file is not read to the end."""
    try:
        if not path.is_file():
            raise ReadError("LG001", "unreadable", params={"reason": "not a regular file"})
        with path.open("rb") as stream:
            # read(n) sets aside n bytes before reading: ask for what the file holds, not for the limit.
            data = stream.read(min(path.stat().st_size, MAX_TEXT_BYTES) + 1)
    except OSError as error:
        raise ReadError("LG001", "unreadable", params={"reason": error.strerror or str(error)}) from None
    if len(data) > MAX_TEXT_BYTES:
        raise ReadError(
            "LG001", "too_large", params={"size": megabytes(path.stat().st_size), "limit": megabytes(MAX_TEXT_BYTES)}
        )
    return data


def looks_binary(sample: bytes) -> bool:
    # UTF-16 text holds a NUL in every other byte: it is recognised by its byte order mark first.
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    controls = len(sample) - len(sample.translate(None, CONTROL_BYTES))
    return controls > max(8, len(sample) // 100)


def decode(data: bytes, notes: Notes) -> str:
    # Excel's "Unicode text" export is UTF-16 with a byte order mark.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_utf16(data, notes)
    data = data.removeprefix(codecs.BOM_UTF8)
    if b"\x00" in data:
        data = drop_nuls(data, notes)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return decode_lines(data, notes)


def decode_utf16(data: bytes, notes: Notes) -> str:
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as error:
        line = data[: error.start].decode("utf-16", errors="replace").count("\n") + 1
        if error.end == len(data):  # cut in the middle of a character
            notes.add("truncated", line)
        else:
            notes.add("bad_bytes", line, count=1)
        return data.decode("utf-16", errors="replace")


def drop_nuls(data: bytes, notes: Notes) -> bytes:
    """A few stray NUL bytes (a file cut and patched in transfer) are dropped, and said where."""
    lines = [number for number, line in enumerate(data.split(b"\n"), start=1) if b"\x00" in line]
    notes.add("nul", lines[0], count=len(lines))
    return data.replace(b"\x00", b"")


def decode_lines(data: bytes, notes: Notes) -> str:
    """A file that is not all UTF-8, decoded line by line: each line in the
    encoding it is in (a file pieced together from two sources mixes them), a
    line in neither with its bad bytes replaced (U+FFFD). Line breaks are ASCII
    in both encodings, so splitting the bytes at them never cuts a character."""
    lines = data.split(b"\n")
    texts: list[str] = []
    found: dict[str, list[int]] = {"utf-8": [], "gb18030": [], "bad": [], "truncated": []}
    for number, line in enumerate(lines, start=1):
        text, encoding = decode_line(line, number == len(lines))
        texts.append(text)
        if encoding is not None:
            found[encoding].append(number)
    main = max(ENCODINGS, key=lambda encoding: len(found[encoding]))
    other = next(encoding for encoding in ENCODINGS if encoding != main)
    non_ascii = sum(len(numbers) for numbers in found.values())
    if found["bad"] and len(found["bad"]) > MAX_BAD_LINE_SHARE * non_ascii:
        raise ReadError("LG001", "undecodable", line=found["bad"][0])
    if found[other]:
        notes.add("mixed_encoding", found[other][0], count=len(found[other]), encoding=other.upper(), main=main.upper())
    if found["bad"]:
        notes.add("bad_bytes", found["bad"][0], count=len(found["bad"]))
    if found["truncated"]:
        notes.add("truncated", found["truncated"][0])
    return "\n".join(texts)


def decode_line(line: bytes, last: bool) -> tuple[str, str | None]:
    """A line's text and its encoding (None for ASCII, which every encoding reads
    alike; "bad" when no encoding reads it, "truncated" when the file ends inside a character)."""
    if line.isascii():
        return line.decode("ascii"), None
    failures: list[tuple[int, int, str]] = []
    for encoding in ENCODINGS:
        try:
            return line.decode(encoding), encoding
        except UnicodeDecodeError as error:
            failures.append((error.start, error.end, encoding))
    # The encoding that read furthest is the line's own.
    start, end, encoding = max(failures)
    if last and end == len(line):
        return line[:start].decode(encoding), "truncated"
    return line.decode(encoding, errors="replace"), "bad"


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines most often; tab wins ties,
    because text extracted from PDFs is tab-separated and its cells hold commas."""
    head = [match.group() for match in islice(LINE.finditer(text), SNIFF_LINES)]
    counts = {d: sum(line[:MAX_LINE_CHARS].count(d) for line in head) for d in DELIMITERS}
    return max(DELIMITERS, key=lambda d: (counts[d], d == "\t"))


def split_rows(text: str, delimiter: str, notes: Notes) -> Iterator[Row]:
    """The rows, made as they are asked for. Quotes are honoured, unless a lone
    quote (text extracted from PDF has them) opened a cell that never closed and
    swallowed the lines after it: then the file is read without quoting."""
    return split_quoted_rows(text, delimiter, quotes_close(text, delimiter), notes)


def quotes_close(text: str, delimiter: str) -> bool:
    """A dry pass: reading with quotes gives rows, none of which swallowed others."""
    if '"' not in text:
        return True
    try:
        reader = csv.reader(physical_lines(text, Notes("")), delimiter=delimiter)
        return not any(runaway_quote(cells, delimiter) for cells in reader)
    except csv.Error:
        return False  # a quoted cell past csv's field limit: a quote that never closed, in a large file


def runaway_quote(cells: list[str], delimiter: str) -> bool:
    """A row whose quoted cell holds what can only be further rows of the table."""
    return any(
        "\n" in cell and (cell.count("\n") >= MAX_LINES_IN_CELL or delimiter == "\t" and "\t" in cell) for cell in cells
    )


def split_quoted_rows(text: str, delimiter: str, quoted: bool, notes: Notes) -> Iterator[Row]:
    """The rows, their quotes honoured (`quoted`) or not."""
    reader = csv.reader(
        physical_lines(text, notes), delimiter=delimiter, quoting=csv.QUOTE_MINIMAL if quoted else csv.QUOTE_NONE
    )
    next_line = 1
    try:
        for count, cells in enumerate(reader):
            if count == MAX_ROWS:
                notes.add("too_many_rows", next_line, limit=MAX_ROWS)
                return
            yield Row(next_line, bounded_cells(cells, next_line, notes))
            # A quoted cell may span several physical lines; csv counts them.
            next_line = reader.line_num + 1
    except csv.Error as error:
        raise ReadError("LG001", "malformed", line=next_line, params={"reason": str(error)}) from None


def physical_lines(text: str, notes: Notes) -> Iterator[str]:
    """The lines of `text` with their line ends (\\r\\n, \\r or \\n, as csv counts
    them); a line past MAX_LINE_CHARS is cut there, and said where."""
    for number, match in enumerate(LINE.finditer(text), start=1):
        line = match.group()
        if len(line) > MAX_LINE_CHARS:
            notes.add("line_too_long", number, count=len(line.rstrip("\r\n")), limit=MAX_LINE_CHARS)
            notes.cut_lines.add(number)
            line = line[:MAX_LINE_CHARS] + "\n"
        yield line


def bounded_cells(cells: list[str], line: int, notes: Notes) -> list[str]:
    """The stripped cells of a row, at most MAX_COLUMNS of them, none longer than MAX_CELL_CHARS."""
    if len(cells) > MAX_COLUMNS:
        notes.add("too_many_columns", line, MAX_COLUMNS + 1, count=len(cells), limit=MAX_COLUMNS)
        cells = cells[:MAX_COLUMNS]
    if sum(map(len, cells)) > MAX_CELL_CHARS:  # cheap test first: almost every row passes it
        for column, cell in enumerate(cells, start=1):
            if len(cell) > MAX_CELL_CHARS:
                if line not in notes.cut_lines:
                    notes.add("cell_too_long", line, column, count=len(cell), limit=MAX_CELL_CHARS)
                cells[column - 1] = cell[:MAX_CELL_CHARS]
    # Tables repeat their texts (产出指标, ≥95%, 符合 …) on every page: one copy of each is kept.
    return list(map(intern, map(str.strip, cells)))
