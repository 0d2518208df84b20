"""The input tables as sheets of the annotated workbook (`--annotate`, `-f xlsx`).

This is the one reporter that opens the inputs again: the point of the format is
to show the table itself, and the model keeps positions, not every cell.
The inputs are only read, never saved.

- One .xlsx/.xlsm input alone: the workbook itself, loaded whole with openpyxl
  (styles, merged cells, formulas, comments kept; a .xlsm's macros only when the
  output is a .xlsm too, the only kind Excel opens with macros in it).
- Any other case (text, .xls, .ods, or several inputs): a new workbook with one
  sheet per input sheet. Workbook sheets openpyxl can open are copied cell by cell
  with their styles; the rest are read again with lintgoals' readers and written
  so that text line L, column C lands in row L, column C — the cell a finding at
  L:C names. Sheet names follow Excel's rules (at most 31 characters, none of
  []:*?/\\, unique regardless of case); a clash gets " (2)" as Excel does.
"""

from __future__ import annotations

import math
import re
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from lintgoals.model import FileResult, Location
from lintgoals.readers import ReadError, Sheet, read

OPENPYXL_SUFFIXES = (".xlsx", ".xlsm")
MAX_SHEET_NAME = 31
NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
# Column widths of rebuilt sheets, in Excel's character units, and Excel's default.
MIN_WIDTH, MAX_WIDTH, DEFAULT_WIDTH = 6, 48, 8.43
LINE_HEIGHT = 16  # points: one line of Excel's default 11-point font, CJK included


@dataclass(slots=True)
class SheetNames:
    """The names already used in a workbook, compared as Excel compares them."""

    taken: set[str] = field(default_factory=set)

    def claim(self, wanted: str | None) -> str:
        base = NOT_IN_SHEET_NAMES.sub("_", wanted or "").strip().strip("'") or "Sheet"
        name, number = base[:MAX_SHEET_NAME], 1
        while name.casefold() in self.taken:
            number += 1
            suffix = f" ({number})"
            name = base[:MAX_SHEET_NAME - len(suffix)] + suffix
        self.taken.add(name.casefold())
        return name


@dataclass(slots=True)
class SourceSheets:
    """The sheets one input became in the output workbook, by the input's own sheet
    name (None for a text file's single table)."""

    path: str
    sheets: dict[str | None, Worksheet] = field(default_factory=dict)

    def sheet_for(self, location: Location) -> Worksheet | None:
        return self.sheets.get(location.sheet)


def open_inputs(results: list[FileResult], destination: str | None) -> tuple[Workbook, list[SourceSheets],
                                                                             SheetNames]:
    """The output workbook holding every input's sheets, and the names it uses."""
    if len(results) == 1 and Path(results[0].path).suffix.lower() in OPENPYXL_SUFFIXES:
        loaded = load_input_workbook(Path(results[0].path), destination)
        if loaded is not None:
            names = SheetNames({sheet.title.casefold() for sheet in loaded.worksheets})
            source = SourceSheets(results[0].path, {sheet.title: sheet for sheet in loaded.worksheets})
            return loaded, [source], names
    workbook = Workbook()
    workbook.remove(workbook.active)
    names = SheetNames()
    return workbook, [add_input(workbook, result.path, names) for result in results], names


def load_input_workbook(path: Path, destination: str | None) -> Workbook | None:
    keep_vba = path.suffix.lower() == ".xlsm" and (destination or "").lower().endswith(".xlsm")
    try:
        return load_workbook(path, keep_vba=keep_vba, rich_text=True)
    except Exception:  # noqa: BLE001 - a broken workbook was reported by the linter; show it as read
        return None


def add_input(workbook: Workbook, path: str, names: SheetNames) -> SourceSheets:
    """One input's sheets, added to a new workbook (none when it cannot be read at all)."""
    source = SourceSheets(path)
    if Path(path).suffix.lower() in OPENPYXL_SUFFIXES:
        loaded = load_input_workbook(Path(path), None)
        if loaded is not None:
            for original in loaded.worksheets:
                sheet = workbook.create_sheet(names.claim(original.title))
                copy_sheet(original, sheet)
                source.sheets[original.title] = sheet
            return source
    try:
        table = read(Path(path))
    except (ReadError, OSError):
        return source  # its LG001 finding is listed on the findings sheet, with nothing to link to
    for table_sheet in table.sheets:
        sheet = workbook.create_sheet(names.claim(table_sheet.name or Path(path).stem))
        write_rows(table_sheet, sheet)
        source.sheets[table_sheet.name] = sheet
    return source


def copy_sheet(original: Worksheet, sheet: Worksheet) -> None:
    """Values, formulas, styles, comments, merged cells, widths and heights.
    (openpyxl cannot move styles between workbooks by reference: each is copied.)"""
    for row in original.iter_rows():
        for cell in row:
            if cell.value is None and not cell.has_style and cell.comment is None:
                continue
            target = sheet.cell(row=cell.row, column=cell.column, value=cell.value)
            if cell.data_type == "s":
                target.data_type = "s"  # text that starts with "=" stays text: no formula is written that was none
            if cell.has_style:
                target.font, target.fill, target.border = copy(cell.font), copy(cell.fill), copy(cell.border)
                target.alignment, target.protection = copy(cell.alignment), copy(cell.protection)
                target.number_format = cell.number_format
            if cell.comment is not None:
                target.comment = copy(cell.comment)
    for merged in original.merged_cells.ranges:
        sheet.merge_cells(str(merged))
    for letter, dimension in original.column_dimensions.items():
        if dimension.width:
            sheet.column_dimensions[letter].width = dimension.width
    for number, dimension in original.row_dimensions.items():
        if dimension.height:
            sheet.row_dimensions[number].height = dimension.height
    sheet.freeze_panes = original.freeze_panes


def put_text(sheet: Worksheet, row: int, column: int, text: str) -> Cell:
    """A cell that holds `text` as text, whatever it looks like: "500000.00" stays
    what the table says (the findings quote it), and "=…" never becomes a formula."""
    cell = sheet.cell(row=row, column=column, value=storable(text))
    cell.data_type = "s"
    return cell


def storable(text: str) -> str:
    """Text a workbook can hold: the control characters XML forbids become U+FFFD."""
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)


def display_width(text: str) -> int:
    # A CJK character takes about two columns of Excel's width unit.
    return sum(2 if ord(char) > 0x2E7F else 1 for char in text)


def write_rows(table_sheet: Sheet, sheet: Worksheet) -> None:
    """A table read as text: its cells at the rows and columns their positions name."""
    widths: dict[int, int] = {}
    for row in table_sheet.rows:
        filled = [(index, text) for index, text in enumerate(row.cells) if text]
        for index, text in filled:
            put_text(sheet, row.line, index + 1, text)
            # A row with one cell is a title or a note: it may run across the columns.
            if len(filled) > 1:
                longest = max(display_width(part) for part in text.split("\n"))
                widths[index + 1] = max(widths.get(index + 1, 0), longest)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
    wrap_and_fit(sheet)
    fit_to_page_width(sheet)


def wrap_and_fit(sheet: Worksheet) -> None:
    """Wrap the text of rows that do not fit their columns and make those rows as tall
    as their tallest cell: openpyxl cannot measure text, and neither Excel nor
    LibreOffice grows a row for wrapped text in a file it did not lay out itself."""
    top = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows():
        texts = [cell for cell in row if isinstance(cell.value, str) and cell.value]
        if len(texts) < 2:
            continue  # a title or a note runs on across the empty cells beside it
        lines = max(lines_needed(cell.value, sheet.column_dimensions[cell.column_letter].width or DEFAULT_WIDTH)
                    for cell in texts)
        if lines > 1:
            for cell in texts:
                cell.alignment = top
            sheet.row_dimensions[row[0].row].height = LINE_HEIGHT * lines


def lines_needed(text: str, width: float) -> int:
    per_line = max(int(width) - 1, 1)
    return sum(max(1, math.ceil(display_width(part) / per_line)) for part in text.split("\n"))


def fit_to_page_width(sheet: Worksheet) -> None:
    """Print landscape, as wide as the page, as many pages tall as it takes."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
