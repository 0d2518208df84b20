"""The header of the column each finding points at, as the table wrote it: reports
name a cell the way its author sees it, `J15（指标值）` or `第 15 行·指标值`.

The header is the one the layout read above the finding (document.headers), so a
table whose blocks repeat or change their headers gets each block's own.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from lintgoals.model import Document, Finding, HeaderRead

# The part of a two-row header that names the column: 资金安排 / 总计 → 总计.
LEVEL_SEPARATOR = " / "


def header_text(text: str) -> str:
    return " ".join(text.split(LEVEL_SEPARATOR)[-1].split())


class ColumnHeaders:
    """For a location: the header text of its column in the nearest header above it."""

    def __init__(self, headers: Iterable[HeaderRead]) -> None:
        # A row is found by its page (a PDF's; 0 otherwise) and line: a PDF numbers the rows of each page.
        by_sheet: dict[str | None, list[tuple[tuple[int, int], dict[int, str]]]] = {}
        for read in headers:
            if read.location.line is None:
                continue
            texts = {column: header_text(text) for column, text in read.unread}
            texts |= {column: header_text(text) for _, column, text in read.fields}
            by_sheet.setdefault(read.location.sheet, []).append(((read.location.page or 0, read.location.line), texts))
        self.lines = {
            sheet: [line for line, _ in sorted(entries, key=lambda entry: entry[0])]
            for sheet, entries in by_sheet.items()
        }
        self.texts = {
            sheet: [texts for _, texts in sorted(entries, key=lambda entry: entry[0])]
            for sheet, entries in by_sheet.items()
        }

    def of(self, sheet: str | None, line: int | None, column: int | None, page: int | None = None) -> str | None:
        if line is None or column is None or sheet not in self.lines:
            return None
        index = bisect_right(self.lines[sheet], (page or 0, line)) - 1
        return self.texts[sheet][index].get(column) or None if index >= 0 else None


def name_headers(document: Document, findings: Iterable[Finding]) -> None:
    """Give each finding the header of the column it points at, where the table has one."""
    if not document.headers:
        return
    headers = ColumnHeaders(document.headers)
    for finding in findings:
        location = finding.location
        finding.header = headers.of(location.sheet, location.line, location.column, location.page)
