"""Readers turn a file's bytes into rows of cells, each cell with its position.

A reader knows nothing of layouts or rules: it only decodes and splits.
"""

from __future__ import annotations

from pathlib import Path

from lintgoals.readers.table import ReadError, Row, Sheet, Table
from lintgoals.readers.text import read_text

TEXT_SUFFIXES = (".tsv", ".txt", ".csv")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
# Formats whose contents the workbook guard cannot size up before calamine reads
# them (it scans the XML of .xlsx): read in a child process with bounded memory.
UNGUARDED_WORKBOOKS = (".xls", ".ods")
# Tables published as PDF, read from the grid they draw (readers/pdf.py), in a child process too.
PDF_SUFFIXES = (".pdf",)
TABLE_SUFFIXES = TEXT_SUFFIXES + WORKBOOK_SUFFIXES + PDF_SUFFIXES


def read(path: Path) -> Table:
    """Read any supported file into a Table; raise ReadError when it cannot be read."""
    if path.is_dir():  # a folder lintgoals was asked to search and could not open
        raise ReadError("LG001", "unreadable", params={"reason": "the folder cannot be read (permission denied)"})
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        from lintgoals.readers.pdf import read_pdf

        return read_pdf(path)
    if suffix not in WORKBOOK_SUFFIXES:
        return read_text(path)
    # Imported here: a run over text tables does not pay for the workbook machinery.
    from lintgoals.readers.excel import read_workbook

    if suffix in UNGUARDED_WORKBOOKS:
        from lintgoals.readers.isolated import read_isolated

        return read_isolated(read_workbook, path)
    return read_workbook(path)


__all__ = [
    "PDF_SUFFIXES",
    "TABLE_SUFFIXES",
    "TEXT_SUFFIXES",
    "WORKBOOK_SUFFIXES",
    "ReadError",
    "Row",
    "Sheet",
    "Table",
    "read",
]
