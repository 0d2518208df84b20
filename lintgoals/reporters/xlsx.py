"""The annotated workbook (`--annotate OUT.xlsx`, or `-f xlsx -o OUT.xlsx`): the
tables as the budget officer knows them, with every cell that has a finding
filled by severity and a comment listing its findings ("LG101: message"), and
a first sheet 检查结果 (Findings) that lists every finding with a link to its cell.

How the input tables become sheets is `xlsx_sources`' job. A finding about a
row but no column marks the row's first cell; a finding with no line (a whole
file) is listed but marks nothing. Several findings on one cell share one
comment and take the fill of the worst.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from lintgoals.model import Finding, Location, Report, Severity
from lintgoals.reporters import ReportOptions
from lintgoals.reporters.common import SEVERITY_ORDER, unit_label, unreported_errors, worst
from lintgoals.reporters.xlsx_sources import (
    SourceSheets,
    display_width,
    fit_to_page_width,
    open_inputs,
    put_text,
    storable,
    wrap_and_fit,
)

# Excel's own "bad", "neutral" and a light blue: fills people already read as such.
FILLS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C", Severity.INFO: "DDEBF7"}
HEADER_FILL = "D9E1F2"
AUTHOR = "lintgoals"
COMMENT_WIDTH = 360  # points; the height follows the text
COMMENT_CHARS_PER_LINE = 44  # display columns that fit COMMENT_WIDTH
COLUMN_WIDTHS = (30, 16, 9, 7, 8, 30, 70, 28, 26, 22)


@dataclass(slots=True, frozen=True)
class Words:
    sheet: str
    headings: tuple[str, ...]  # file, sheet, cell, severity, code, rule, message, unit, project, indicator
    severities: tuple[str, str, str]  # error, warning, info


ZH = Words("检查结果", ("文件", "工作表", "单元格", "级别", "代码", "规则", "问题", "单位", "项目", "指标"),
           ("错误", "警告", "提示"))
EN = Words("Findings", ("File", "Sheet", "Cell", "Severity", "Code", "Rule", "Message", "Unit", "Project",
                        "Indicator"), ("error", "warning", "info"))


@dataclass(slots=True, frozen=True)
class Mark:
    sheet: Worksheet
    coordinate: str


def words_for(lang: str) -> Words:
    return EN if lang == "en" else ZH


def coordinate_of(location: Location) -> str | None:
    """The A1 cell a location names: its own cell, or its line and column (the
    row's first cell when it has no column); None for a whole file."""
    if location.cell:
        try:
            coordinate_from_string(location.cell)
        except ValueError:
            return None
        return location.cell.upper()
    if location.line is None or location.line < 1:
        return None
    return f"{get_column_letter(location.column or 1)}{location.line}"


def mark_for(location: Location, source: SourceSheets) -> Mark | None:
    sheet = source.sheet_for(location)
    coordinate = coordinate_of(location)
    if sheet is None or coordinate is None:
        return None
    # Only the top-left cell of a merged range can hold a value, a fill shown, or a comment.
    for merged in sheet.merged_cells.ranges:
        if coordinate in merged:
            coordinate = merged.start_cell.coordinate
            break
    return Mark(sheet, coordinate)


def comment_for(text: str) -> Comment:
    lines = sum(max(1, math.ceil(display_width(line) / COMMENT_CHARS_PER_LINE)) for line in text.split("\n"))
    return Comment(storable(text), AUTHOR, height=max(60, 16 * lines + 12), width=COMMENT_WIDTH)


def mark_cells(marks: dict[Mark, list[Finding]]) -> None:
    for mark, findings in marks.items():
        cell = mark.sheet[mark.coordinate]
        cell.fill = PatternFill("solid", fgColor=FILLS[worst(findings)])
        text = "\n".join(f"{finding.code}: {finding.message}" for finding in findings)
        if cell.comment is not None:
            text = f"{cell.comment.text}\n\n{text}"  # the author's own comment stays first
        cell.comment = comment_for(text)


def link_location(mark: Mark) -> str:
    # Always quoted: Excel and LibreOffice both accept a quoted name, whatever it holds.
    return "'" + mark.sheet.title.replace("'", "''") + "'!" + mark.coordinate


def write_findings(sheet: Worksheet, rows: list[tuple[Finding, Mark | None]], errors: list[tuple[str, str]],
                   words: Words) -> None:
    for column, (heading, width) in enumerate(zip(words.headings, COLUMN_WIDTHS, strict=True), start=1):
        cell = put_text(sheet, 1, column, heading)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        sheet.column_dimensions[get_column_letter(column)].width = width
    row_number = 1
    for finding, mark in rows:
        row_number += 1
        severity = Severity(finding.severity)
        values = (finding.location.path, mark.sheet.title if mark else finding.location.sheet or "",
                  mark.coordinate if mark else "", words.severities[SEVERITY_ORDER.index(severity)],
                  finding.code, finding.name, finding.message, unit_label(finding.unit_code, finding.unit_name),
                  finding.project or "", finding.indicator or "")
        for column, value in enumerate(values, start=1):
            if value:
                put_text(sheet, row_number, column, value)
        sheet.cell(row=row_number, column=4).fill = PatternFill("solid", fgColor=FILLS[severity])
        if mark is not None:
            link = sheet.cell(row=row_number, column=3)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=link_location(mark))
            link.font = Font(color="0563C1", underline="single")
    for path, error in errors:
        row_number += 1
        for column, value in ((1, path), (4, words.severities[0]), (7, error)):
            put_text(sheet, row_number, column, value)
        sheet.cell(row=row_number, column=4).fill = PatternFill("solid", fgColor=FILLS[Severity.ERROR])
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(words.headings))}{max(row_number, 2)}"
    sheet.print_title_rows = "1:1"
    wrap_and_fit(sheet)
    fit_to_page_width(sheet)


def show_first(workbook: Workbook) -> None:
    """Open on the findings sheet: the first, active, and the only selected tab."""
    workbook.active = 0
    for index, sheet in enumerate(workbook.worksheets):
        sheet.sheet_view.tabSelected = index == 0


def write_xlsx(report: Report, stream: BinaryIO, options: ReportOptions) -> None:
    words = words_for(options.lang)
    workbook, sources, names = open_inputs(report.files, options.destination)
    findings_sheet = workbook.create_sheet(names.claim(words.sheet), 0)
    rows: list[tuple[Finding, Mark | None]] = []
    marks: dict[Mark, list[Finding]] = {}
    for result, source in zip(report.files, sources, strict=True):
        for finding in result.findings:
            mark = mark_for(finding.location, source)
            rows.append((finding, mark))
            if mark is not None:
                marks.setdefault(mark, []).append(finding)
    mark_cells(marks)
    errors = [(result.path, result.error or "") for result in unreported_errors(report)]
    write_findings(findings_sheet, rows, errors, words)
    show_first(workbook)
    workbook.save(stream)
