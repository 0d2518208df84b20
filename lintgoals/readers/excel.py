"""Workbooks (.xlsx, .xlsm, .xls, .ods), read with python-calamine.

Every sheet becomes a Sheet of rows numbered as Excel numbers them, so a
location names the real cell. A formula cell is read by its cached value;
numbers are written as text the way a person would type them, so the layout
reads a typed 631580 and a text "631580.00" alike.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from lintgoals.readers.table import ReadError, Row, Sheet, Table

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


def read_workbook(path: Path) -> Table:
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise ReadError("LG001", "encrypted") from None
    except FileNotFoundError:
        raise ReadError("LG001", "unreadable", params={"reason": "file not found"}) from None
    except Exception as error:  # noqa: BLE001 - calamine reports broken files with several types
        raise ReadError("LG001", "not_workbook", params={"reason": first_line(error)}) from None
    try:
        return Table(str(path), [read_sheet(workbook, name) for name in workbook.sheet_names])
    finally:
        workbook.close()


def read_sheet(workbook: Any, name: str) -> Sheet:
    try:
        grid = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as error:  # noqa: BLE001 - a chart sheet or a broken one: say which
        raise ReadError("LG001", "bad_sheet", params={"sheet": name, "reason": first_line(error)}) from None
    return Sheet(name, [Row(index + 1, [cell_text(value).strip() for value in values])
                        for index, values in enumerate(grid)])


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


def first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
