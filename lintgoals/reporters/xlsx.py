"""The annotated workbook (`--annotate OUT.xlsx`, or `-f xlsx -o OUT.xlsx`): the
tables as the budget officer knows them, with every cell that has a finding
filled by severity and a comment listing its findings ("LG101: message"), and
a first sheet 检查结果 (Findings) that says what the check means and lists every
finding with a link to its cell.

检查结果 opens with the verdict (may the tables be submitted?), the counts and what
each severity means for submission, and what was checked: the files (size and
short hash, so that a printout is matched to its version of the table), the rule
packs, the config, the lintgoals version and the time. Below it, a row per
finding: where it is in the table's own terms (J15（指标值）, 第 15 行·指标值),
the indicator, what the cell says now, the problem, how to fix it and the rule;
what must be fixed first, then in the table's order. Only findings that count are listed and marked; those set aside by exceptions or
the baseline are counted in the top block.

How the input tables become sheets is `xlsx_sources`' job. A finding about a
row but no column marks the row's first cell; a finding with no line (a whole
file) is listed but marks nothing. Several findings on one cell share one
comment and take the fill of the worst. Every sheet prints on A4, landscape,
one page wide, its header rows repeated on every page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from lintgoals.model import FileResult, Finding, Location, Report, Severity
from lintgoals.reporters import ReportOptions
from lintgoals.reporters.common import (
    SEVERITY_ORDER,
    Verdict,
    counted_view,
    fails,
    file_stamp_note,
    framework_name,
    place_label,
    rule_titles,
    scope_note,
    set_aside_note,
    shown_time,
    skipped_notes,
    unreported_errors,
    verdict,
    worst,
)
from lintgoals.reporters.xlsx_sources import (
    SourceSheets,
    Stamps,
    display_width,
    lines_needed,
    open_inputs,
    print_setup,
    put_text,
    storable,
)
from lintgoals.words import catalog

# Excel's own "bad", "neutral" and a light blue: fills people already read as such.
FILLS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C", Severity.INFO: "DDEBF7"}
PASS_FILL = "C6EFCE"  # Excel's "good"
HEADER_FILL = "D9E1F2"
LINK_COLOR = "0563C1"
AUTHOR = "lintgoals"
COMMENT_WIDTH = 360  # points; the height follows the text
COMMENT_CHARS_PER_LINE = 44  # display columns that fit COMMENT_WIDTH
# 检查结果 in 11-point type: with these widths (142 of Excel's character units in all)
# a row fills an A4 page in landscape at about 100 %, so that it prints at 10 points or more.
FONT, FONT_SIZE, HEADLINE_SIZE = "Calibri", 11, 14  # a workbook's default font (CJK from its theme)
LINE_HEIGHT, HEADLINE_LINE_HEIGHT = 16, 22  # points a line of each takes, CJK included
# Made once: openpyxl hashes a style object each time it is set, and a new one costs more.
BORDER = Border(*(Side(style="thin", color="BFBFBF"),) * 4)
TOP_WRAPPED = Alignment(wrap_text=True, vertical="top")
BODY_FONT = Font(name=FONT, size=FONT_SIZE)
HEADING_FONT = Font(name=FONT, size=FONT_SIZE, bold=True)
LINK_FONT = Font(name=FONT, size=FONT_SIZE, color=LINK_COLOR, underline="single")
SOLID = {color: PatternFill("solid", fgColor=color) for color in (*FILLS.values(), PASS_FILL, HEADER_FILL)}

# The columns of the findings table, by key: (width, width when there are several files).
COLUMNS = {
    "file": (0, 14),
    "severity": (14, 14),
    "place": (24, 21),
    "subject": (15, 13),
    "text": (16, 14),
    "message": (28, 26),
    "fix": (31, 27),
    "rule": (14, 13),
}
PLACE_WIDTHS = (14, 32)  # the least and the most the place column takes (see FindingsSheet)


@dataclass(slots=True, frozen=True)
class XlsxWords:
    """The 检查结果 sheet of the annotated workbook."""

    sheet: str
    headings: dict[str, str]  # by column key
    severities: tuple[str, str, str]  # error, warning, info
    severity_cell: str  # the 级别 column: a severity and what it means for submission
    # What each kind of finding means for submission, in the counts of the top block.
    meanings: dict[str, str]
    count_names: tuple[str, str, str]  # the severities, as the counts name them
    count: str
    count_sep: str
    file_line: str  # a file checked: its name, and how it was read
    file_part_sep: str
    unread: str  # a file that could not be read
    checked_by: str  # after the scope note (packs, config): the version,
    checked_at: str  # and the time
    scope_sep: str
    set_aside: str
    whole_file: str  # the place of a finding about a whole file
    footer: str  # every printed page: the sheet's name and the page number (Excel's &A, &P, &N)


@cache
def words_for(lang: str) -> XlsxWords:
    """The report's words in a language (lintgoals/words/), typed."""
    return XlsxWords(**catalog(lang).xlsx)


@dataclass(slots=True, frozen=True)
class Mark:
    sheet: Worksheet
    coordinate: str


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
        severity = worst(findings)
        if severity is None:
            continue  # (never: a cell is marked only for the findings on it)
        cell = mark.sheet[mark.coordinate]
        cell.fill = SOLID[FILLS[severity]]
        text = "\n".join(f"{finding.code}: {finding.message}" for finding in findings)
        if cell.comment is not None:
            text = f"{cell.comment.text}\n\n{text}"  # the author's own comment stays first
        cell.comment = comment_for(text)


def link_location(mark: Mark) -> str:
    # Always quoted: Excel and LibreOffice both accept a quoted name, whatever it holds.
    return "'" + mark.sheet.title.replace("'", "''") + "'!" + mark.coordinate


# --- 检查结果 ------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class Line:
    """One row of the findings table: its texts by column key, how severe it is,
    and the marked cell its place links to."""

    values: dict[str, str]
    severity: Severity
    mark: Mark | None = None


class FindingsSheet:
    """The sheet 检查结果: the verdict and scope block, then the findings table."""

    def __init__(self, sheet: Worksheet, words: XlsxWords, several_files: bool, places: list[str]) -> None:
        self.sheet, self.words = sheet, words
        self.keys = [key for key in COLUMNS if key != "file" or several_files]
        widths = {key: COLUMNS[key][1 if several_files else 0] for key in self.keys}
        # The place is a link, and LibreOffice does not wrap a link: its column is as wide
        # as the places need (within bounds), and the problem and the fix give or take the difference.
        wanted = min(max((display_width(place) for place in places), default=0), PLACE_WIDTHS[1])
        extra = max(wanted, PLACE_WIDTHS[0]) - widths["place"]
        widths["place"] += extra
        widths["message"] -= extra // 2
        widths["fix"] -= extra - extra // 2
        self.widths = [widths[key] for key in self.keys]
        self.row = 0
        self.stamps = Stamps()
        for column, width in enumerate(self.widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width

    def note(self, text: str, *, size: int = FONT_SIZE, bold: bool = False, fill: str | None = None) -> None:
        """A line of the top block, across the width of the table, wrapped."""
        self.row += 1
        cell = put_text(self.sheet, self.row, 1, text)
        cell.font = Font(name=FONT, size=size, bold=bold)
        cell.alignment = Alignment(wrap_text=True, vertical="center" if fill else "top")
        if fill:
            for column in range(1, len(self.keys) + 1):
                self.sheet.cell(row=self.row, column=column).fill = SOLID[fill]
        self.sheet.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=len(self.keys))
        lines = lines_needed(text, sum(self.widths) * FONT_SIZE / size)
        height = HEADLINE_LINE_HEIGHT if size > FONT_SIZE else LINE_HEIGHT
        self.sheet.row_dimensions[self.row].height = height * lines + (8 if fill else 2)

    def table(self, lines: list[Line]) -> None:
        """The findings, under a header row that stays in view, filters, and prints on every page."""
        self.row += 1
        header_row = self.row
        for column, key in enumerate(self.keys, start=1):
            cell = put_text(self.sheet, header_row, column, self.words.headings[key])
            cell.font = HEADING_FONT
            cell.fill = SOLID[HEADER_FILL]
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            cell.border = BORDER
        self.sheet.row_dimensions[header_row].height = LINE_HEIGHT + 6
        for line in lines:
            self.row += 1
            self.write_line(line)
        self.sheet.freeze_panes = f"A{header_row + 1}"
        self.sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(self.keys))}{max(self.row, header_row + 1)}"
        self.sheet.print_title_rows = f"{header_row}:{header_row}"

    def write_line(self, line: Line) -> None:
        tallest = 1
        for column, (key, width) in enumerate(zip(self.keys, self.widths, strict=True), start=1):
            text = line.values.get(key, "")
            cell = put_text(self.sheet, self.row, column, text) if text else self.sheet.cell(self.row, column)
            if key == "severity":
                self.stamps.apply(
                    cell,
                    f"{line.severity}",
                    font=BODY_FONT,
                    alignment=TOP_WRAPPED,
                    border=BORDER,
                    fill=SOLID[FILLS[line.severity]],
                )
            elif key == "place" and line.mark is not None:
                cell.hyperlink = Hyperlink(ref=cell.coordinate, location=link_location(line.mark))
                self.stamps.apply(cell, "link", font=LINK_FONT, alignment=TOP_WRAPPED, border=BORDER)
            else:
                self.stamps.apply(cell, "body", font=BODY_FONT, alignment=TOP_WRAPPED, border=BORDER)
            if text:
                tallest = max(tallest, lines_needed(text, width))
        self.sheet.row_dimensions[self.row].height = LINE_HEIGHT * tallest + 4


def meaning_key(severity: Severity, fail_on: str) -> str:
    """What a severity means for submission under --fail-on (Verdict.severity_meaning's three)."""
    if fails(severity, fail_on):
        return "must"
    return "reference" if severity is Severity.INFO else "advisable"


def counts_line(report: Report, fail_on: str, words: XlsxWords) -> str:
    """错误 3 — 提交前必须修改；警告 5 — 建议修改；提示 0 — 供参考 (under --fail-on error)."""
    return words.count_sep.join(
        words.count.format(
            severity=name, n=report.count(severity), meaning=words.meanings[meaning_key(severity, fail_on)]
        )
        for name, severity in zip(words.count_names, SEVERITY_ORDER, strict=True)
    )


def file_line(result: FileResult, words: XlsxWords, lang: str) -> str:
    """A file as checked: its indicator framework, its size and short hash, and the
    rules that did not run on it for want of a column."""
    summary = result.summary
    parts = [framework_name(summary, lang)] if summary else [words.unread]
    parts.append(file_stamp_note(result) or "")
    text = words.file_line.format(path=result.path, parts=words.file_part_sep.join(part for part in parts if part))
    return "\n".join([text, *skipped_notes(summary, lang)])


def checked_by_line(report: Report, options: ReportOptions, words: XlsxWords) -> str:
    """Packs and config, the lintgoals version and the time: what the check was."""
    version = words.checked_by.format(version=options.version)
    if report.run is not None:
        version += words.checked_at.format(time=shown_time(report.run.time, options.lang))
    return words.scope_sep.join(part for part in (scope_note(report, options.lang), version) if part)


def finding_lines(
    report: Report, sources: list[SourceSheets], options: ReportOptions, result_verdict: Verdict, words: XlsxWords
) -> tuple[list[Line], dict[Mark, list[Finding]]]:
    titles = rule_titles(report)
    fixes = {rule.code: rule.explanation for rule in report.rules}
    lines: list[Line] = []
    marks: dict[Mark, list[Finding]] = {}
    shown = file_names(report)
    for result, source in zip(report.files, sources, strict=True):
        for finding in result.findings:
            mark = mark_for(finding.location, source)
            if mark is not None:
                marks.setdefault(mark, []).append(finding)
            severity = Severity(finding.severity)
            values = {
                "file": shown[result.path],
                "severity": severity_cell(severity, result_verdict, options, words),
                "place": place_label(finding, options.lang) or words.whole_file,
                "subject": finding.indicator or finding.project or "",
                "text": finding.text or "",
                "message": finding.message,
                "fix": fixes.get(finding.code, ""),
                "rule": " ".join(part for part in (finding.code, titles.get(finding.code)) if part),
            }
            lines.append(Line(values, severity, mark))
    for result in unreported_errors(report):
        values = {
            "file": shown[result.path],
            "severity": severity_cell(Severity.ERROR, result_verdict, options, words),
            "place": words.whole_file,
            "message": result.error or "",
        }
        lines.append(Line(values, Severity.ERROR))
    # What must be fixed first; in the table's order within each severity.
    lines.sort(key=lambda line: -line.severity.rank)
    return lines, marks


def file_names(report: Report) -> dict[str, str]:
    """Each file as the 文件 column names it: by its name alone where that tells the
    files apart (the top block gives the whole path), else by its path."""
    names = {result.path: Path(result.path).name for result in report.files}
    if len(set(names.values())) < len(names):
        return {path: path for path in names}
    return names


def severity_cell(severity: Severity, result_verdict: Verdict, options: ReportOptions, words: XlsxWords) -> str:
    return words.severity_cell.format(
        severity=words.severities[SEVERITY_ORDER.index(severity)],
        meaning=result_verdict.severity_meaning(severity, options.fail_on, options.lang),
    )


def write_findings(
    findings_sheet: FindingsSheet,
    report: Report,
    counted: Report,
    lines: list[Line],
    result_verdict: Verdict,
    options: ReportOptions,
) -> None:
    words = findings_sheet.words
    findings_sheet.note(
        result_verdict.headline,
        size=HEADLINE_SIZE,
        bold=True,
        fill=PASS_FILL if result_verdict.passes else FILLS[Severity.ERROR],
    )
    findings_sheet.note(counts_line(counted, options.fail_on, words))
    for result in report.files:
        findings_sheet.note(file_line(result, words, options.lang))
    findings_sheet.note(checked_by_line(report, options, words))
    aside = set_aside_note(report, options.lang)
    if aside:
        findings_sheet.note(words.set_aside.format(note=aside))
    findings_sheet.table(lines)


def show_first(workbook: Workbook) -> None:
    """Open on the findings sheet: the first, active, and the only selected tab."""
    workbook.active = 0
    for index, sheet in enumerate(workbook.worksheets):
        sheet.sheet_view.tabSelected = index == 0


def write_xlsx(report: Report, stream: BinaryIO, options: ReportOptions) -> None:
    words = words_for(options.lang)
    counted = counted_view(report)
    workbook, sources, names = open_inputs(counted.files, options.destination)
    sheet = workbook.create_sheet(names.claim(words.sheet), 0)
    result_verdict = verdict(report, options.fail_on, options.lang)
    lines, marks = finding_lines(counted, sources, options, result_verdict, words)
    mark_cells(marks)
    places = [line.values["place"] for line in lines]
    write_findings(
        FindingsSheet(sheet, words, len(report.files) > 1, places), report, counted, lines, result_verdict, options
    )
    for each in workbook.worksheets:
        title_rows = next((rows for source in sources if (rows := source.title_rows_of(each))), None)
        print_setup(each, title_rows, words.footer)
    show_first(workbook)
    workbook.save(stream)
