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
  L:C names. A PDF's table is a sheet a page, each row at the row of its page
  that a finding names (第 5 页 第 12 行). Sheet names follow Excel's rules (at most 31 characters, none of
  []:*?/\\, unique regardless of case); a clash gets " (2)" as Excel does.

What is read from text stays text (a unit code 239001 keeps its zeros, "=…" is
never a formula), except the cells the model read as amounts: those are written
as numbers, so that Excel neither flags them nor leaves them out of a SUM. The
model is the run's own where the report has it, else the table is read again.
Every sheet prints on A4, landscape, one page wide, its header rows repeated.
"""

from __future__ import annotations

import math
import re
from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from unicodedata import east_asian_width

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.descriptors.serialisable import Serialisable
from openpyxl.styles import Alignment
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.proxy import StyleProxy
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from lintgoals.document_json import DOCUMENT_SUFFIXES
from lintgoals.headers import LEVEL_SEPARATOR
from lintgoals.model import FUNDING_FIELDS, Document, FileResult, Location
from lintgoals.readers import ReadError, Row, Sheet, read
from lintgoals.readers.pdf import PdfTable

OPENPYXL_SUFFIXES = (".xlsx", ".xlsm")
MAX_SHEET_NAME = 31
NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
# Column widths of rebuilt sheets, in Excel's character units, and Excel's default. At most
# 20 (nine CJK characters): a longer text wraps, and the table prints larger on A4.
MIN_WIDTH, MAX_WIDTH, DEFAULT_WIDTH = 6, 20, 8.43
LINE_HEIGHT = 16  # points: one line of Excel's default 11-point font, CJK included
WRAP_ALLOWANCE = 1.1  # see lines_needed
# Amounts as a budget table shows them: thousands separated, two decimals.
AMOUNT_FORMAT = "#,##0.00"
# Text that is a number and nothing else: 631580.00, -20000, 1,250,000.00 (not 0123, not 50万).
PLAIN_NUMBER = re.compile(r"-?(?:0|[1-9]\d*|[1-9]\d{0,2}(?:,\d{3})+)(?:\.\d+)?")
A4 = 9  # the paper size code of A4 in a workbook's page setup
# Inches, as a workbook stores them: about 1 cm at the sides, 1.5 cm top and bottom.
MARGINS = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)


@dataclass(slots=True)
class SheetNames:
    """The names already used in a workbook, compared as Excel compares them."""

    taken: set[str] = field(default_factory=set)

    def claim(self, wanted: str | None) -> str:
        base = NOT_IN_SHEET_NAMES.sub("_", storable(wanted or "")).strip().strip("'") or "Sheet"
        name, number = base[:MAX_SHEET_NAME], 1
        while name.casefold() in self.taken:
            number += 1
            suffix = f" ({number})"
            name = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        self.taken.add(name.casefold())
        return name


@dataclass(slots=True)
class SourceSheets:
    """The sheets one input became in the output workbook, by the input's own sheet
    name (None for a text file's single table)."""

    path: str
    sheets: dict[str | None, Worksheet] = field(default_factory=dict)
    # The rows of each sheet's (first) header, "5:6": printed at the top of every page.
    title_rows: dict[str | None, str] = field(default_factory=dict)
    pages: dict[int, Worksheet] = field(default_factory=dict)  # a PDF's, a sheet a page

    def sheet_for(self, location: Location) -> Worksheet | None:
        if location.page is not None:
            return self.pages.get(location.page)
        return self.sheets.get(location.sheet)

    def note_headers(self, document: Document | None) -> None:
        if document is None:
            return
        for header in document.headers:
            if header.location.sheet in self.title_rows or header.location.line is None:
                continue
            first = header.location.line
            # A two-row header (资金安排 over 总计, 一般公共预算 …) is recorded as "upper / lower".
            texts = [text for *_, text in header.fields] + [text for _, text in header.unread]
            last = first + 1 if any(LEVEL_SEPARATOR in text for text in texts) else first
            self.title_rows[header.location.sheet] = f"{first}:{last}"

    def title_rows_of(self, sheet: Worksheet) -> str | None:
        return next((self.title_rows.get(name) for name, own in self.sheets.items() if own is sheet), None)


def open_inputs(results: list[FileResult], destination: str | None) -> tuple[Workbook, list[SourceSheets], SheetNames]:
    """The output workbook holding every input's sheets, and the names it uses."""
    if len(results) == 1 and source_of(results[0]).suffix.lower() in OPENPYXL_SUFFIXES:
        opened = load_input_workbook(source_of(results[0]), destination)
        if opened is not None:
            loaded, too_large = opened
            make_storable(loaded, too_large)
            names = SheetNames({sheet.title.casefold() for sheet in loaded.worksheets})
            source = SourceSheets(results[0].path, {sheet.title: sheet for sheet in loaded.worksheets})
            source.note_headers(results[0].document)
            return loaded, [source], names
    workbook = Workbook()
    for default in workbook.worksheets:  # a new workbook's one empty sheet
        workbook.remove(default)
    names = SheetNames()
    return workbook, [add_input(workbook, result, names) for result in results], names


def amounts_of(document: Document | None) -> dict[tuple[str | None, int | None], dict[tuple[int, int], Decimal]]:
    """Each sheet's (or PDF page's) amount cells, by (row, column): the funding cells the
    model read a number from."""
    amounts: dict[tuple[str | None, int | None], dict[tuple[int, int], Decimal]] = {}
    if document is None:
        return amounts
    for unit in document.units:
        for project in unit.projects:
            for name in FUNDING_FIELDS:
                amount = getattr(project.funding, name)
                if amount is None or amount.value is None:
                    continue
                location = amount.location
                if location.line is not None and location.column is not None:
                    amounts.setdefault((location.sheet, location.page), {})[(location.line, location.column)] = (
                        amount.value
                    )
    return amounts


def plain_amount(text: str, value: Decimal) -> bool:
    """Whether a cell's text is the amount and nothing more: only then may the number
    stand for it (50万元 stays text; so does 0123, which is a code, not an amount)."""
    text = text.strip()
    return PLAIN_NUMBER.fullmatch(text) is not None and Decimal(text.replace(",", "")) == value


def load_input_workbook(path: Path, destination: str | None) -> tuple[Workbook, frozenset[str]] | None:
    """The input workbook opened by openpyxl, and the titles of its sheets too large
    to walk, behind the reader's own guards: a file the reader refuses (too large, a
    zip bomb, encrypted) is not opened at all, and a sheet spanning more cells than
    the reader lays out is never walked cell by cell (one filled cell at XFD1048576
    would mean 17 billion)."""
    from lintgoals.readers.excel import MAX_WORKBOOK_BYTES
    from lintgoals.readers.workbook_guard import MAX_SHEET_CELLS, inspect_workbook

    keep_vba = path.suffix.lower() == ".xlsm" and (destination or "").lower().endswith(".xlsm")
    try:
        if path.stat().st_size > MAX_WORKBOOK_BYTES:
            return None
        scan = inspect_workbook(path)
        workbook = load_workbook(path, keep_vba=keep_vba, rich_text=True)
    except Exception:  # noqa: BLE001 - a broken workbook was reported by the linter; show it as read
        return None
    return workbook, frozenset(name for name, extent in scan.sheets.items() if extent.cells > MAX_SHEET_CELLS)


def source_of(result: FileResult) -> Path:
    """The file to copy sheets from: where a name is shown with escapes, the real one."""
    return result.source or Path(result.path)


def add_input(workbook: Workbook, result: FileResult, names: SheetNames) -> SourceSheets:
    """One input's sheets, added to a new workbook (none when it cannot be read at all)."""
    path = source_of(result)
    source = SourceSheets(result.path)
    if path.suffix.lower() in DOCUMENT_SUFFIXES:
        return source  # a model written by `lintgoals parse` is no table: its findings are listed, unlinked
    if path.suffix.lower() in OPENPYXL_SUFFIXES:
        opened = load_input_workbook(path, None)
        if opened is not None:
            loaded, too_large = opened
            for original in loaded.worksheets:
                if original.title in too_large:
                    continue  # the reader refused it too: its LG001 finding is listed, with nothing to link to
                sheet = workbook.create_sheet(names.claim(original.title))
                copy_sheet(original, sheet)
                source.sheets[original.title] = sheet
            source.note_headers(result.document)
            return source
    try:
        table = read(path)
    except (ReadError, OSError):
        return source  # its LG001 finding is listed on the findings sheet, with nothing to link to
    document = result.document
    amounts = amounts_of(document)
    if isinstance(table, PdfTable):
        add_pages(workbook, table, Path(result.path).stem, names, source, amounts)
        return source
    for table_sheet in table.sheets:
        sheet = workbook.create_sheet(names.claim(table_sheet.name or Path(result.path).stem))
        write_rows(table_sheet, sheet, amounts.get((table_sheet.name, None), {}))
        sheet.print_options.gridLines = True  # a table from text has no borders of its own to print
        source.sheets[table_sheet.name] = sheet
    source.note_headers(document)
    return source


def add_pages(
    workbook: Workbook,
    table: PdfTable,
    stem: str,
    names: SheetNames,
    source: SourceSheets,
    amounts: dict[tuple[str | None, int | None], dict[tuple[int, int], Decimal]],
) -> None:
    """A PDF's table, a sheet a page, each row at the row of its page a finding names (the
    rows are numbered on each page: one sheet would put page 2's row 4 on page 1's)."""
    by_page: dict[int, list[Row]] = {}
    for table_sheet in table.sheets:
        for row in table_sheet.rows:
            page, number = table.places.get(row.line, (1, row.line))
            by_page.setdefault(page, []).append(Row(number, row.cells))
    for page, rows in sorted(by_page.items()):
        suffix = f" 第{page}页"
        sheet = workbook.create_sheet(names.claim(stem[: MAX_SHEET_NAME - len(suffix)] + suffix))
        write_rows(Sheet(None, rows), sheet, amounts.get((None, page), {}))
        sheet.print_options.gridLines = True  # as a text table's: the PDF's borders are not copied
        source.pages[page] = sheet


def copy_sheet(original: Worksheet, sheet: Worksheet) -> None:
    """Values, formulas, styles, comments, merged cells, widths and heights.
    (openpyxl cannot move styles between workbooks by reference: each is copied.)"""
    for row in original.iter_rows():
        for cell in row:
            if cell.value is None and not cell.has_style and cell.comment is None:
                continue
            if cell.row is None or cell.column is None:
                continue  # (never: a sheet's cells know their place; only a detached MergedCell does not)
            value = storable(cell.value) if isinstance(cell.value, str) else cell.value
            target = sheet.cell(row=cell.row, column=cell.column, value=value)
            if cell.data_type == "s":
                target.data_type = "s"  # text that starts with "=" stays text: no formula is written that was none
            if cell.has_style:
                target.font, target.fill = unproxied(cell.font), unproxied(cell.fill)
                target.border, target.alignment = unproxied(cell.border), unproxied(cell.alignment)
                target.protection = unproxied(cell.protection)
                target.number_format = cell.number_format
            if cell.comment is not None:
                target.comment = copy(cell.comment)
    for merged in original.merged_cells.ranges:
        sheet.merge_cells(str(merged))
    for letter, dimension in original.column_dimensions.items():
        if dimension.width:
            sheet.column_dimensions[letter].width = dimension.width
    for number, row_dimension in original.row_dimensions.items():
        if row_dimension.height:
            sheet.row_dimensions[number].height = row_dimension.height
    sheet.freeze_panes = original.freeze_panes
    if original.print_title_rows:
        sheet.print_title_rows = original.print_title_rows


def unproxied(style: StyleProxy) -> Serialisable:
    """A copy of the style object (Font, Fill, …) a cell's StyleProxy wraps, to set on a
    cell of another workbook: copying a StyleProxy copies what it wraps."""
    # typeshed's copy() says a StyleProxy comes back; StyleProxy.__copy__ returns the wrapped object's copy.
    return copy(style)  # type: ignore[return-value]


def put_text(sheet: Worksheet, row: int, column: int, text: str) -> Cell:
    """A cell that holds `text` as text, whatever it looks like: "500000.00" stays
    what the table says (the findings quote it), and "=…" never becomes a formula."""
    cell = sheet.cell(row=row, column=column, value=storable(text))
    cell.data_type = "s"
    return cell


# What XML 1.0 forbids in a workbook's text: openpyxl's control characters, and the
# surrogates and U+FFFE/U+FFFF it would write anyway (Excel then offers a repair,
# and openpyxl cannot open the file again).
NOT_IN_XML = re.compile(f"{ILLEGAL_CHARACTERS_RE.pattern}|[\ud800-\udfff\ufffe\uffff]")


def storable(text: str) -> str:
    """Text a workbook can hold: each character XML forbids becomes U+FFFD."""
    return NOT_IN_XML.sub("\ufffd", text)


def make_storable(workbook: Workbook, too_large: frozenset[str]) -> None:
    """An input workbook marked in place: what it holds that XML forbids is replaced
    (in the sheets small enough to walk; the reader read no other)."""
    for sheet in workbook.worksheets:
        if sheet.title in too_large:
            continue
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and NOT_IN_XML.search(cell.value):
                    cell.value = storable(cell.value)


def display_width(text: str) -> int:
    """Columns of Excel's width unit a text takes: about two for a CJK character, and
    for the punctuation a CJK font draws as wide (“”、…、—、≥), one for the rest."""
    return sum(2 if ord(char) > 0x2E7F or (ord(char) > 0x7F and east_asian_width(char) == "A") else 1 for char in text)


def write_rows(table_sheet: Sheet, sheet: Worksheet, amounts: dict[tuple[int, int], Decimal] | None = None) -> None:
    """A table read as text: its cells at the rows and columns their positions name,
    as text, but for the `amounts` (by row and column), which become numbers."""
    amounts = amounts or {}
    widths: dict[int, int] = {}
    numbers: dict[int, int] = {}  # by column: its widest amount, which must fit (a number does not wrap)
    for row in table_sheet.rows:
        filled = [(index, text) for index, text in enumerate(row.cells) if text]
        for index, text in filled:
            column = index + 1
            amount = amounts.get((row.line, column))
            if amount is not None and plain_amount(text, amount):
                cell = sheet.cell(row=row.line, column=column, value=amount)
                cell.number_format = AMOUNT_FORMAT
                numbers[column] = max(numbers.get(column, 0), len(f"{amount:,.2f}"))
                continue
            put_text(sheet, row.line, column, text)
            # A row with one cell is a title or a note: it may run across the columns.
            if len(filled) > 1:
                longest = max(display_width(part) for part in text.split("\n"))
                widths[column] = max(widths.get(column, 0), longest)
    for column in widths.keys() | numbers.keys():
        width = max(min(max(widths.get(column, 0) + 2, MIN_WIDTH), MAX_WIDTH), numbers.get(column, 0) + 3)
        sheet.column_dimensions[get_column_letter(column)].width = width
    wrap_and_fit(sheet)


class Stamps:
    """Styles set on cells by the thousand. openpyxl hashes a style object each time
    one is set, which makes a large table slow to write; so each style is set once
    and its record copied to the cells after (as openpyxl's own sheet copier does)."""

    def __init__(self) -> None:
        self.known: dict[tuple[str, tuple[int, ...]], StyleArray] = {}

    def apply(self, cell: Cell | MergedCell, name: str, **styles: object) -> None:
        """Give `cell` the styles of `name` (font=…, fill=…, alignment=…, border=…) over its own."""
        # `_style` (a StyleArray, the cell's style record) is a slot of openpyxl's StyleableObject
        # that the stubs leave out; no public API copies it, and setting the styles one by one is
        # what is too slow here.
        key = (name, tuple(cell._style or ()))  # type: ignore[union-attr]  # None: a cell never styled
        known = self.known.get(key)
        if known is None:
            for attribute, value in styles.items():
                setattr(cell, attribute, value)
            self.known[key] = copy(cell._style)  # type: ignore[union-attr]  # see above
        else:
            cell._style = copy(known)  # type: ignore[union-attr]  # see above


def wrap_and_fit(sheet: Worksheet) -> None:
    """Wrap the text of rows that do not fit their columns and make those rows as tall
    as their tallest cell: openpyxl cannot measure text, and neither Excel nor
    LibreOffice grows a row for wrapped text in a file it did not lay out itself."""
    top, wrapped = Alignment(vertical="top"), Alignment(wrap_text=True, vertical="top")
    stamps = Stamps()
    for row in sheet.iter_rows():
        # (a MergedCell holds no value: it is never filled)
        filled = [cell for cell in row if cell.value is not None and cell.value != "" and isinstance(cell, Cell)]
        texts = [(cell, cell.value) for cell in filled if isinstance(cell.value, str)]
        if len(filled) < 2 or not texts:
            continue  # a title or a note runs on across the empty cells beside it
        lines = max(
            lines_needed(text, sheet.column_dimensions[cell.column_letter].width or DEFAULT_WIDTH)
            for cell, text in texts
        )
        if lines > 1:
            for cell in filled:
                if isinstance(cell.value, str):
                    stamps.apply(cell, "wrapped", alignment=wrapped)
                else:
                    stamps.apply(cell, "top", alignment=top)
            sheet.row_dimensions[filled[0].row].height = LINE_HEIGHT * lines


def lines_needed(text: str, width: float) -> int:
    """The lines a text takes in a column `width` wide, wrapped. A line may not start
    with "，" or "。", nor break inside a word: a tenth more, to cut no text off."""
    per_line = max(width - 1, 1)
    return sum(max(1, math.ceil(wrapped_width(part) * WRAP_ALLOWANCE / per_line)) for part in text.split("\n"))


def wrapped_width(text: str) -> float:
    """A text's width in Excel's unit (a digit of the default font), as wrapped text
    takes it: a space is half a unit and a small letter four fifths, in Calibri."""
    return display_width(text) - 0.5 * text.count(" ") - 0.2 * sum(1 for char in text if "a" <= char <= "z")


def print_setup(sheet: Worksheet, title_rows: str | None = None, footer: str | None = None) -> None:
    """Print on A4, landscape, as wide as the page and as many pages tall as it takes,
    with `title_rows` ("5:6") at the top of every page and `footer` at the foot
    (a workbook's own print titles and footer are kept)."""
    sheet.page_setup.paperSize = A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    if sheet.sheet_properties.pageSetUpPr is None:
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties()
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = copy(MARGINS)
    if title_rows and not sheet.print_title_rows:
        sheet.print_title_rows = title_rows
    odd_footer = sheet.oddFooter  # (a sheet's HeaderFooter always has one; the stubs allow None)
    if (
        footer
        and odd_footer is not None
        and not any(part.text for part in (odd_footer.left, odd_footer.center, odd_footer.right))
    ):
        odd_footer.center.text = footer
