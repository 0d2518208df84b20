"""Workbooks (.xlsx, .xlsm, .xls, .ods), read with python-calamine.

Every sheet becomes a Sheet of rows numbered as Excel numbers them, so a
location names the real cell. A formula cell is read by its cached value;
numbers are written as text the way a person would type them, so the layout
reads a typed 631580 and a text "631580.00" alike.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from lintgoals.model import Issue, Location, column_number
from lintgoals.readers.table import ReadError, Row, Sheet, Table, path_text, regular_file_size
from lintgoals.readers.workbook_guard import MAX_SHEET_CELLS, SheetScan, WorkbookScan, inspect_workbook

# calamine reads an .xls whole into memory; a workbook file larger than this
# (a table of a million rows is smaller) is not read at all.
MAX_WORKBOOK_BYTES = 256 * 1024 * 1024


def read_workbook(path: Path) -> Table:
    regular_file_size(path, MAX_WORKBOOK_BYTES)
    scan = inspect_workbook(path)
    with native_stderr_closed():
        return read_checked(path, scan)


@contextmanager
def native_stderr_closed() -> Iterator[None]:
    """While calamine runs: when it panics, Rust prints its report straight to file
    descriptor 2; the panic also comes back as an exception, and that is what the
    user is told, in one line."""
    try:
        saved = os.dup(2)
    except OSError:  # no stderr at all
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        sys.stderr.flush()
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def open_workbook(path: Path) -> Any:
    """calamine's workbook of a file. calamine takes a path only as UTF-8 text: a file
    whose name is not UTF-8 is handed over open instead (calamine then reads it whole)."""
    from python_calamine import CalamineWorkbook

    if path_text(path) == str(path):
        return CalamineWorkbook.from_path(str(path))
    with path.open("rb") as stream:
        return CalamineWorkbook.from_filelike(stream)


def read_checked(path: Path, scan: WorkbookScan) -> Table:
    from python_calamine import PasswordError

    try:
        workbook = open_workbook(path)
    except PasswordError:
        raise ReadError("LG001", "encrypted") from None
    except FileNotFoundError:
        raise ReadError("LG001", "unreadable", params={"reason": "file not found"}) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # noqa: BLE001 - calamine reports broken files with several types,
        # and panics on some (pyo3's PanicException is a BaseException)
        raise ReadError("LG001", "not_workbook", params={"reason": first_line(error)}) from None
    table = Table(path_text(path), [])
    try:
        for name in workbook.sheet_names:
            sheet = read_sheet(workbook, name, scan.sheets.get(name, SheetScan()), table)
            if sheet is not None:
                table.sheets.append(sheet)
    finally:
        workbook.close()
    if not table.sheets and table.notes:  # every sheet was refused: that is why there is no table
        note = table.notes[0]
        raise ReadError(note.code, note.variant or "", params=note.params)  # (a note of read_sheet: it has one)
    return table


def read_sheet(workbook: Any, name: str, scan: SheetScan, table: Table) -> Sheet | None:
    """A sheet's rows; None (and a note) for a sheet too large to lay out."""
    if scan.cells > MAX_SHEET_CELLS:  # known from its XML: calamine must not even try
        table.notes.append(sheet_too_large(table.path, name, scan.cells))
        return None
    try:
        calamine_sheet = workbook.get_sheet_by_name(name)
        cells = calamine_sheet.height * calamine_sheet.width
        if cells > MAX_SHEET_CELLS:  # an .xls or .ods: laid out by calamine, not yet copied into Python
            table.notes.append(sheet_too_large(table.path, name, cells))
            return None
        grid = calamine_sheet.to_python(skip_empty_area=False)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # noqa: BLE001 - a chart sheet or a broken one (calamine may panic): say which
        raise ReadError("LG001", "bad_sheet", params={"sheet": name, "reason": first_line(error)}) from None
    if scan.first_uncalculated is not None:
        table.notes.append(uncalculated(table.path, name, scan.first_uncalculated, scan.uncalculated))
    # Most cells are text (or empty): they are stripped without a call to cell_text.
    return Sheet(
        name,
        [
            Row(index + 1, [value.strip() if type(value) is str else cell_text(value).strip() for value in values])
            for index, values in enumerate(grid)
        ],
        percent_cells=None if scan.percent is None else frozenset(scan.percent),
    )


def sheet_too_large(path: str, sheet: str, cells: int) -> Issue:
    return Issue(
        "LG001",
        Location(path, None, None, sheet),
        {"sheet": sheet, "count": cells, "limit": MAX_SHEET_CELLS},
        "sheet_too_large",
    )


def uncalculated(path: str, sheet: str, first: tuple[str, str], count: int) -> Issue:
    """Formulas saved without their results (written by a program, never opened in
    Excel): calamine reads them as empty cells, so say so once per sheet (at the
    first, its cell and formula, and how many)."""
    cell, formula = first
    row, column = a1_position(cell)
    return Issue(
        "LG001",
        Location(path, row, column, sheet, cell),
        {"sheet": sheet, "count": count, "cell": cell, "text": formula},
        "no_cached_value",
    )


def a1_position(cell: str) -> tuple[int, int]:
    """C9 → (9, 3)."""
    letters = cell.rstrip("0123456789")
    return int(cell[len(letters) :]), column_number(letters)


def cell_text(value: Any) -> str:
    """A cell's value as text: 631580.0 → "631580", 0.95 → "0.95", a date → 2021-01-02."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return "" if value is None else str(value)


def first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
