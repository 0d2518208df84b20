"""The terminal report: findings grouped file → unit → project, then a summary.

Colour only when the stream is a terminal (rich decides, and honours NO_COLOR
and FORCE_COLOR); plain text when piped or written to a file, written directly:
rich costs start-up time and a large table's report has tens of thousands of
lines. Lines are built with a `Mark`: in colour every piece of text taken from
the input is escaped (cell text may contain "[", which must never be read as
rich markup) and wrapped in its style; in plain text it is left as it is.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TextIO

from lintgoals.model import DocumentSummary, FileResult, Finding, Location, Report, Severity
from lintgoals.reporters import ReportOptions
from lintgoals.reporters.common import (
    SEVERITY_ORDER,
    cell_reference,
    counted_view,
    framework_name,
    printable,
    scope_note,
    set_aside_note,
    skipped_notes,
    unit_label,
)

INDENT = "  "
# mark(text, style): the text in a style ("" for none), as the report writes it.
Mark = Callable[[str, str], str]


def plain(text: str, style: str = "") -> str:
    return printable(text)


def rich_markup(text: str, style: str = "") -> str:
    from rich.markup import escape

    return f"[{style}]{escape(printable(text))}[/]" if style else escape(printable(text))
SEVERITY_STYLES = MappingProxyType(
    {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
)


@dataclass(slots=True, frozen=True)
class Words:
    """The report's own words in one language. Nouns are (singular, plural)."""

    severities: tuple[tuple[str, str], tuple[str, str], tuple[str, str]]  # error, warning, info
    file: tuple[str, str]
    unit: tuple[str, str]
    project: tuple[str, str]
    indicator: tuple[str, str]
    count_template: str  # how a number and its noun are put together
    severity_count_template: str  # the same for "3 errors" / "错误 3"
    list_sep: str
    open_paren: str
    close_paren: str
    colon: str
    unreadable: str
    indicator_label: str
    checked: str
    could_not_read: str
    by_rule: str
    by_unit: str
    no_unit: str
    not_listed: str  # after --max-findings N: how many more there are
    no_problems: str
    lang: str

    def count(self, number: int, noun: tuple[str, str]) -> str:
        return self.count_template.format(n=number, noun=noun[0] if number == 1 else noun[1])

    def severity_word(self, severity: Severity) -> str:
        return self.severities[SEVERITY_ORDER.index(severity)][0]

    def severity_count(self, severity: Severity, number: int) -> str:
        singular, plural = self.severities[SEVERITY_ORDER.index(severity)]
        return self.severity_count_template.format(
            n=number, word=singular, noun=singular if number == 1 else plural
        )


ZH = Words(
    severities=(("错误", "错误"), ("警告", "警告"), ("提示", "提示")),
    file=("个文件", "个文件"),
    unit=("个单位", "个单位"),
    project=("个项目", "个项目"),
    indicator=("个指标", "个指标"),
    count_template="{n} {noun}",
    # "错误 3" rather than "3 错误": the word reads as a label in Chinese.
    severity_count_template="{word} {n}",
    list_sep="，",
    open_paren="（",
    close_paren="）",
    colon="：",
    unreadable="无法读取",
    indicator_label="指标：",
    checked="检查了 {files}",
    could_not_read="其中 {files}无法读取",
    by_rule="按规则：",
    by_unit="按单位：",
    no_unit="（不属于任何单位）",
    not_listed="…… 另有 {n} 个问题未列出（--max-findings {limit}）",
    no_problems="未发现问题（检查了 {files}）",
    lang="zh",
)

EN = Words(
    severities=(("error", "errors"), ("warning", "warnings"), ("info", "info")),
    file=("file", "files"),
    unit=("unit", "units"),
    project=("project", "projects"),
    indicator=("indicator", "indicators"),
    count_template="{n} {noun}",
    severity_count_template="{n} {noun}",
    list_sep=", ",
    open_paren=" (",
    close_paren=")",
    colon=": ",
    unreadable="could not be read",
    indicator_label="indicator: ",
    checked="Checked {files}",
    could_not_read="{files} could not be read",
    by_rule="By rule:",
    by_unit="By unit:",
    no_unit="(no unit)",
    not_listed="... {n} more not listed (--max-findings {limit})",
    no_problems="No problems found in {files}",
    lang="en",
)


def words_for(lang: str) -> Words:
    return EN if lang == "en" else ZH


@dataclass(slots=True)
class ProjectGroup:
    name: str | None
    findings: list[Finding] = field(default_factory=list)


@dataclass(slots=True)
class UnitGroup:
    code: str | None
    name: str | None
    projects: dict[str | None, ProjectGroup] = field(default_factory=dict)


def group_findings(findings: list[Finding]) -> list[UnitGroup]:
    """Findings grouped by unit, then project, in order of first appearance.
    The group with no unit (file-level findings) comes first."""
    units: dict[tuple[str | None, str | None], UnitGroup] = {(None, None): UnitGroup(None, None)}
    for finding in findings:
        unit_key = (finding.unit_code, finding.unit_name)
        unit = units.setdefault(unit_key, UnitGroup(*unit_key))
        project = unit.projects.setdefault(finding.project, ProjectGroup(finding.project))
        project.findings.append(finding)
    return [unit for unit in units.values() if unit.projects]


def format_location(location: Location) -> str:
    """`path:line[:col]`, or `path:Sheet!C9` for a workbook cell."""
    cell = cell_reference(location)
    return f"{location.path}:{cell}" if cell else str(location)


def file_heading(result: FileResult, words: Words, mark: Mark) -> str:
    path = mark(result.path, "bold")
    summary = result.summary
    if summary is None:
        reason = f"{words.colon}{mark(result.error)}" if result.error else ""
        return f"{path}{words.colon}{mark(words.unreadable, 'bold red')}{reason}"
    counts = words.list_sep.join((
        words.count(summary.units, words.unit),
        words.count(summary.projects, words.project),
        words.count(summary.indicators, words.indicator),
    ))
    read_as = " · ".join(part for part in (summary.layout, framework_name(summary, words.lang)) if part)
    layout = f"{words.open_paren}{mark(read_as)}{words.close_paren}"
    return f"{path}{layout}{words.colon}{counts}"


def skipped_lines(summary: DocumentSummary | None, words: Words, mark: Mark) -> list[str]:
    return [INDENT + mark(note, "dim") for note in skipped_notes(summary, words.lang)]


def unit_heading(unit: UnitGroup, mark: Mark) -> str:
    return mark(unit_label(unit.code, unit.name), "bold")


def finding_line(finding: Finding, words: Words, severity_width: int, mark: Mark) -> str:
    severity = Severity(finding.severity)
    word = words.severity_word(severity).ljust(severity_width)
    line = (f"{mark(word, SEVERITY_STYLES[severity])} {mark(finding.code, 'magenta')} "
            f"{mark(format_location(finding.location), 'dim')} {mark(finding.message)}")
    if finding.indicator:
        line += f"{words.open_paren}{words.indicator_label}{mark(finding.indicator)}{words.close_paren}"
    return line


def file_lines(result: FileResult, words: Words, mark: Mark, limit: int | None = None) -> list[str]:
    """The heading of one file and its findings (the first `limit` of them, if
    given), indented by their logical place."""
    severity_width = max(len(word) for word, _ in words.severities)
    lines = [file_heading(result, words, mark), *skipped_lines(result.summary, words, mark)]
    for unit in group_findings(result.findings[:limit]):
        depth = 1
        if unit.code is not None or unit.name is not None:
            lines.append(INDENT * depth + unit_heading(unit, mark))
            depth += 1
        for project in unit.projects.values():
            finding_depth = depth
            if project.name is not None:
                lines.append(INDENT * depth + mark(project.name, "bold"))
                finding_depth += 1
            lines.extend(INDENT * finding_depth + finding_line(f, words, severity_width, mark)
                         for f in project.findings)
    return lines


def listing_lines(report: Report, words: Words, max_findings: int | None, mark: Mark) -> list[str]:
    """Every file with its findings, at most `max_findings` findings in all; then
    how many were left out, so that nobody takes a cut list for the whole."""
    lines: list[str] = []
    remaining = max_findings
    for result in report.files:
        if remaining is not None and remaining <= 0:
            break
        lines += [*file_lines(result, words, mark, remaining), ""]
        if remaining is not None:
            remaining -= len(result.findings)
    left_out = len(report.findings) - max_findings if max_findings is not None else 0
    if left_out > 0:
        lines += [words.not_listed.format(n=left_out, limit=max_findings), ""]
    return lines


def unit_statistics(report: Report, words: Words, mark: Mark) -> list[str]:
    """Findings counted per unit, by severity, under each file that has any."""
    lines: list[str] = []
    for result in report.files:
        if not result.findings:
            continue
        lines.append(INDENT + mark(result.path, "bold"))
        for unit in group_findings(result.findings):
            counts = Counter(Severity(f.severity) for project in unit.projects.values() for f in project.findings)
            label = unit_label(unit.code, unit.name) or words.no_unit
            parts = words.list_sep.join(words.severity_count(severity, counts[severity])
                                        for severity in SEVERITY_ORDER if counts[severity])
            lines.append(INDENT * 2 + f"{mark(label)}{words.colon}{parts}")
    return [words.by_unit, *lines] if lines else []


def summary_lines(report: Report, words: Words, mark: Mark) -> list[str]:
    findings = report.findings
    file_count = words.count(len(report.files), words.file)
    files = words.checked.format(files=file_count)
    unreadable = sum(1 for result in report.files if result.summary is None)
    unreadable_note = (
        words.list_sep + words.could_not_read.format(files=words.count(unreadable, words.file))
        if unreadable else ""
    )
    if not findings and not unreadable:
        return [mark(words.no_problems.format(files=file_count), "bold green"), *scope_lines(report, words, mark)]
    counts = words.list_sep.join(severity_summary(report, words, mark))
    return [f"{mark(files)}{mark(unreadable_note)}{words.colon}{counts}", *scope_lines(report, words, mark),
            *code_summary(findings, words, mark)]


def scope_lines(report: Report, words: Words, mark: Mark) -> list[str]:
    """What the files were checked with: the packs they used and the config file."""
    note = scope_note(report, words.lang)
    return [mark(note, "dim")] if note else []


def severity_summary(report: Report, words: Words, mark: Mark) -> list[str]:
    parts: list[str] = []
    for severity in SEVERITY_ORDER:
        number = report.count(severity)
        text = words.severity_count(severity, number)
        parts.append(mark(text, SEVERITY_STYLES[severity] if number else ""))
    return parts


def code_summary(findings: list[Finding], words: Words, mark: Mark) -> list[str]:
    """One aligned row per rule code: code, rule name, count."""
    if not findings:
        return []
    counts = Counter(f.code for f in findings)
    names: dict[str, str] = {}
    for finding in findings:
        names.setdefault(finding.code, finding.name)
    codes = sorted(counts)
    code_width = max(len(code) for code in codes)
    name_width = max(len(names[code]) for code in codes)
    rows = [f"{INDENT}{mark(code.ljust(code_width), 'magenta')}  {mark(names[code].ljust(name_width))}  {counts[code]}"
            for code in codes]
    return [words.by_rule, *rows]


def write_text(report: Report, stream: TextIO, options: ReportOptions) -> None:
    words = words_for(options.lang)
    if not may_colour(stream, options):
        stream.writelines(line + "\n" for line in report_lines(report, words, options, plain))
        return
    from rich.console import Console

    # Rich decides colour from the stream and NO_COLOR; soft_wrap keeps long lines
    # whole; emoji=False keeps ":smile:"-like cell text literal; force_jupyter=False
    # makes the report go to `stream` even inside a notebook.
    console = Console(file=stream, highlight=False, soft_wrap=True, emoji=False, force_jupyter=False)
    for line in report_lines(report, words, options, rich_markup):
        console.print(line)


def may_colour(stream: TextIO, options: ReportOptions) -> bool:
    """Colour is possible on a terminal, or where FORCE_COLOR asks for it; never in a report file."""
    if options.color is False:
        return False
    return bool(os.environ.get("FORCE_COLOR")) or (hasattr(stream, "isatty") and stream.isatty())


def report_lines(report: Report, words: Words, options: ReportOptions, mark: Mark) -> list[str]:
    aside = set_aside_note(report, words.lang)
    report = counted_view(report)
    summary = summary_lines(report, words, mark)
    if aside:
        summary.insert(1, mark(aside, "dim"))
    if options.quiet:  # the counts line alone, and what was set aside
        return [summary[0] + (words.list_sep + mark(aside, "dim") if aside else "")]
    if options.statistics:
        return [*summary, *unit_statistics(report, words, mark)]
    return [*listing_lines(report, words, options.max_findings, mark), *summary]
