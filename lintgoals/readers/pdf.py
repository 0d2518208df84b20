"""Tables published as PDF (.pdf): read cell by cell from the grid the exporter drew.

Departments export their Excel or WPS sheet to PDF: landscape, borders, text
wrapped in cells, the header repeated on every page. The text flow of such a
file loses the cells; the ruling keeps them, so each page's grid is read
(`pdf_grid.py`) and the pages are joined into one table:

- **Rows.** Every band of the grid, and every line of text outside it (a title,
  单位：元), is a row of its page. A finding names the page and the row counted
  from the top of that page (第 5 页 第 12 行), the way a person finds it on the
  printout; a row's `line` in the Table is its place in the whole document, and
  `PdfTable.location` turns it into the page and row.
- **Repeated headers.** The header rows a page repeats at its top (matched in
  order against the first page's, cell by cell: a page may rename a column) are
  dropped, so the table reads as the workbook it was exported from.
- **Merged cells across pages.** A merged cell whose foot is open at the bottom
  of a page goes on under the header of the next page; its text, drawn once in
  the middle of the whole range (possibly pages later), is put into its first
  cell, as a workbook keeps it.
- **What cannot be read is said, by page** (LG001): a scanned page (no text, an
  image over the page), a scan whose text layer is an invisible OCR layer, glyphs
  without Unicode mappings, a page with text but no ruled table (read line by
  line, columns guessed). Unwrapped text that crosses its cell's border is LG003:
  spilled into empty neighbours (read as its own cell's), or cut off by a filled
  neighbour (the value shown may be incomplete).

pdfium is native code reading a file anybody may have made: `read_pdf` runs in a
child process with bounded memory and time (readers/isolated.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from sys import intern
from typing import Any

from lintgoals.model import Issue, Location
from lintgoals.readers.pdf_page import MAX_PAGE_CHARS, MAX_PAGE_OBJECTS
from lintgoals.readers.table import ReadError, Row, Sheet, Table, path_text, regular_file_size

# A table exported to PDF is well under a megabyte a page; a larger file is scans
# (which are not read anyway) or not a table.
MAX_PDF_BYTES = 128 * 1024 * 1024
# Pages read; the pages after are said to be left out.
MAX_PDF_PAGES = 2_000
# A cell's text is cut here, as a workbook's (Excel's own limit).
MAX_CELL_CHARS = 32_767
# A page whose largest image covers this share of it, without text, is a scan.
SCAN_SHARE = 0.5
# In a message, a cell's text is quoted up to this many characters.
QUOTED_CHARS = 40
# Rows of the first page a later page's repeated header is looked for among.
HEADER_ROWS = 15
# Words of header cells: a page's top rows are dropped as a repeated header only if
# one of them is a header row (see header_like), and only rows down to the first
# page's header are looked for (a page may start with data equal to the first page's).
HEADER_WORDS = (
    "指标",
    "名称",
    "编码",
    "代码",
    "资金",
    "金额",
    "总计",
    "合计",
    "序号",
    "项目",
    "单位",
    "预算",
    "年度",
    "权重",
    "性质",
    "方向",
    "描述",
)
# A header cell is a few words: a longer cell is data, whatever words it holds (年单位租金与
# 同类地段租金比 names 单位 and 指标 stands in 产出指标 on every data row).
HEADER_CELL_CHARS = 12
HEADER_SHARE = 0.6  # of a header row's filled cells, at least this share holds a header word
SPACE = re.compile(r"\s+")
# A page past either limit of pdf_page.py is not read; its message names both.
COMPLEXITY_LIMIT = f"{MAX_PAGE_OBJECTS:,} / {MAX_PAGE_CHARS:,}"


@dataclass(slots=True)
class PdfTable(Table):
    """A Table whose rows are numbered through the document, found by page and row."""

    places: dict[int, tuple[int, int]] = field(default_factory=dict)  # line → (page, row on the page)
    # (line, 1-based column) → the cell's box on its page, in points from the page's
    # top-left corner: left, top, right, bottom.
    boxes: dict[tuple[int, int], tuple[float, float, float, float]] = field(default_factory=dict)
    page_sizes: dict[int, tuple[float, float]] = field(default_factory=dict)  # page → width, height in points

    def location(self, sheet: Sheet, line: int, column: int | None) -> Location:
        page, row = self.places.get(line, (None, line))
        return Location(self.path, row, column, None, None, page)


def read_pdf(path: Path) -> Table:
    """The PDF's table, read in a child process (pdfium is native code: bounded memory and time)."""
    from lintgoals.readers.isolated import read_isolated

    checked_size(path)
    return read_isolated(read_pdf_here, path, limits_variant="pdf_limits")


def checked_size(path: Path) -> int:
    """A regular, non-empty file within MAX_PDF_BYTES."""
    size = regular_file_size(path, MAX_PDF_BYTES)
    if size == 0:
        raise ReadError("LG001", "empty")
    return size


def read_pdf_here(path: Path) -> Table:
    """The PDF's table, read in this process."""
    checked_size(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReadError("LG001", "unreadable", params={"reason": error.strerror or str(error)}) from None
    document = open_document(data)
    try:
        return read_document(document, path_text(path))
    finally:
        document.close()


def open_document(data: bytes) -> Any:
    import pypdfium2 as pdfium
    from pypdfium2 import raw

    if b"%PDF" not in data[:1024]:  # readers accept a header after some junk; not anywhere
        raise ReadError("LG001", "not_pdf", params={"reason": "no %PDF header"})
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == raw.FPDF_ERR_PASSWORD:
            raise ReadError("LG001", "pdf_encrypted") from None
        raise ReadError("LG001", "not_pdf", params={"reason": str(error).strip() or "damaged"}) from None


def read_document(document: Any, path: str) -> PdfTable:
    from lintgoals.readers.pdf_grid import column_positions, read_page_table, ruling
    from lintgoals.readers.pdf_page import read_page

    table = PdfTable(path, [])
    count = len(document)
    if count > MAX_PDF_PAGES:
        table.notes.append(
            Issue(
                "LG001",
                Location(path, page=MAX_PDF_PAGES + 1),
                {"count": count, "limit": MAX_PDF_PAGES},
                "too_many_pages",
            )
        )
    contents = []
    unreadable: dict[str, list[int]] = {}
    for index in range(min(count, MAX_PDF_PAGES)):
        content = read_page(document, index)
        table.page_sizes[content.number] = (round(content.width, 2), round(content.height, 2))
        kind = unreadable_kind(content)
        if kind is None:
            contents.append(content)
        elif kind != "blank":
            unreadable.setdefault(kind, []).append(content.number)
    if not contents:
        if not unreadable:
            raise ReadError("LG001", "no_text")
        kind, numbers = next(iter(unreadable.items()))
        params: dict[str, Any] = {"page": page_list(numbers)}
        if kind == "page_too_complex":
            params["limit"] = COMPLEXITY_LIMIT
        raise ReadError("LG001", kind, params=params)
    for kind, numbers in unreadable.items():
        for number in numbers:
            table.notes.append(
                Issue("LG001", Location(path, page=number), {"page": str(number), "limit": COMPLEXITY_LIMIT}, kind)
            )
    lines = [ruling(content.segments) for content in contents]
    columns = column_positions(lines)
    pages = [read_page_table(content, page_lines, columns) for content, page_lines in zip(contents, lines, strict=True)]
    any_grid = any(page.ruled for page in pages)
    for page in pages:
        if not page.ruled and page.rows and (not any_grid or looks_tabular(page)):
            table.notes.append(Issue("LG001", Location(path, page=page.number), {"page": str(page.number)}, "no_grid"))
    width = max(
        len(columns) - 1, max((max(row.cells, default=-1) + 1 for page in pages for row in page.rows), default=0), 1
    )
    table.sheets.append(Sheet(None, join_pages(pages, width, table)))
    return table


def unreadable_kind(content: Any) -> str | None:
    """Why a page cannot be read (a variant of LG001), "blank" for an empty page, None when it can."""
    if content.too_complex:
        return "page_too_complex"
    visible = len(content.glyphs)
    if visible and content.unmapped <= visible:
        return None
    if content.unmapped and content.unmapped > visible:
        return "unmapped_glyphs"
    if content.image_share >= SCAN_SHARE:
        return "ocr_layer" if content.invisible else "scanned_page"
    if content.invisible:
        return "ocr_layer"
    return "blank"


def page_list(pages: list[int]) -> str:
    """1, 2, 3, 5 → "1–3、5"."""
    spans: list[list[int]] = []
    for page in pages:
        if spans and page == spans[-1][-1] + 1:
            spans[-1].append(page)
        else:
            spans.append([page])
    return "、".join(str(span[0]) if len(span) == 1 else f"{span[0]}–{span[-1]}" for span in spans)


def looks_tabular(page: Any) -> bool:
    """Text laid out in columns: several lines with more than one cell."""
    return sum(len(row.cells) > 1 for row in page.rows) >= 3


# --- joining the pages -------------------------------------------------------------


def normal(text: str) -> str:
    return SPACE.sub("", text)


def filled(row: Any) -> dict[int, str]:
    return {column: normal(cell.text) for column, cell in row.cells.items() if cell.text.strip()}


def similar(row: Any, reference: Any) -> bool:
    """Two rows that show the same header: all of a one-cell row, most cells of a longer one."""
    mine, theirs = filled(row), filled(reference)
    if not mine or not theirs:
        return False
    same = sum(1 for column, text in mine.items() if theirs.get(column) == text)
    if len(mine) == 1 or len(theirs) == 1:
        return len(mine) == len(theirs) == 1 and same == 1
    return same >= 2 and same >= 0.6 * max(len(mine), len(theirs))


def header_like(row: Any) -> bool:
    """A row of column headers: short cells, most of them (two at least) with a header word."""
    texts = list(filled(row).values())
    if not texts or any(len(text) > HEADER_CELL_CHARS for text in texts):
        return False
    named = sum(any(word in text for word in HEADER_WORDS) for text in texts)
    return named >= 2 and named >= HEADER_SHARE * len(texts)


def header_rows(rows: list[Any]) -> list[Any]:
    """The first page's rows a later page may repeat: those down to its last header row
    (title, block and header; never a data row, which a later page may hold again: a
    file of two copies of a table, two projects of one department)."""
    last = max((index for index, row in enumerate(rows[:HEADER_ROWS]) if header_like(row)), default=-1)
    return rows[: last + 1]


def repeated_header(rows: list[Any], reference: list[Any]) -> set[int]:
    """The indices of the rows at the top of a page that repeat the first page's header
    (and title) rows, in their order; lines of text between them that repeat nothing
    (a page number) stay."""
    dropped: set[int] = set()
    position = 0
    for index, row in enumerate(rows):
        match = next((k for k in range(position, len(reference)) if similar(row, reference[k])), None)
        if match is None:
            if row.ruled:
                break
            continue
        dropped.add(index)
        position = match + 1
    if not any(header_like(rows[index]) for index in dropped):
        return set()
    return dropped


def open_target(open_cells: dict[tuple[int, int], Any], column: int) -> Any:
    """The cell going on from the last page that spans `column`, if any."""
    return next((cell for (first, last), cell in open_cells.items() if first <= column <= last), None)


def join_pages(pages: list[Any], width: int, table: PdfTable) -> list[Row]:
    """The rows of every page as one table (see the module's doc), with their places, boxes and flags."""
    reference: list[Any] = []
    open_cells: dict[tuple[int, int], Any] = {}  # (first, last column) → the Cell a merged cell goes on from
    kept: list[tuple[int, int, Any]] = []  # page, row on the page, PageRow
    cell_of_region: dict[int, tuple[int, int, Any]] = {}  # id(region) → page, row, Cell
    for page in pages:
        rows = page.rows
        dropped: set[int] = set()
        if not reference and page.ruled:
            reference = header_rows(rows)
        elif reference:
            dropped = repeated_header(rows, reference)
        first_ruled = next((index for index, row in enumerate(rows) if row.ruled and index not in dropped), None)
        ruled = [row for row in rows if row.ruled]
        still_open: dict[tuple[int, int], Any] = {}
        for index, row in enumerate(rows):
            for cell in row.cells.values():
                if cell.region is not None:
                    cell_of_region[id(cell.region)] = (page.number, index + 1, cell)
            if index in dropped:
                continue
            if not row.ruled and ruled and ruled[0].top < row.bottom and row.top < ruled[-1].bottom:
                # Text beside the grid, in the columns of merged cells going on from the last
                # page: LibreOffice draws such a cell's text centred on its whole range, and
                # its borders on the first page only. The text is that cell's.
                targets = [open_target(open_cells, column) for column in row.cells]
                if row.cells and all(target is not None for target in targets):
                    for target, cell in zip(targets, row.cells.values(), strict=True):
                        target.text = (target.text + cell.text) if target.text else cell.text
                    continue
            if index == first_ruled and open_cells:
                for cell in row.cells.values():
                    region = cell.region
                    target = open_cells.get((region.column, region.last_column)) if region else None
                    if target is None:
                        continue
                    target.text = (target.text + cell.text) if target.text else cell.text
                    cell.text = ""
                    if region.open_bottom:
                        still_open[(region.column, region.last_column)] = target
            kept.append((page.number, index + 1, row))
        for row in rows:
            for cell in row.cells.values():
                region = cell.region
                if region is not None and region.open_bottom and (region.column, region.last_column) not in still_open:
                    still_open[(region.column, region.last_column)] = cell
        open_cells = still_open
    result = []
    for line, (page, number, row) in enumerate(kept, start=1):
        table.places[line] = (page, number)
        cells = []
        for column in range(width):
            cell = row.cells.get(column)
            if cell is None:
                cells.append("")
                continue
            table.boxes[(line, column + 1)] = tuple(round(value, 2) for value in cell.box)
            cells.append(intern(cell.text[:MAX_CELL_CHARS]))
        result.append(Row(line, cells))
    for page in pages:
        for flag in page.flags:
            place = cell_of_region.get(id(flag.region))
            if place is None:
                continue
            number, row_number, cell = place
            text = cell.text if len(cell.text) <= QUOTED_CHARS else cell.text[:QUOTED_CHARS] + "…"
            table.notes.append(
                Issue(
                    "LG003",
                    Location(table.path, row_number, flag.region.column + 1, None, None, number),
                    {"text": text},
                    flag.variant,
                )
            )
    return result
