"""The terminal report: findings grouped file → unit → project, then a summary.

Colour only when the stream is a terminal (rich decides, and honours NO_COLOR);
plain text when piped or written to a file. Every piece of text taken from the
input goes through `escape`, because cell text may contain "[" and must never
be read as rich markup.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TextIO

from rich.console import Console
from rich.markup import escape

from lintgoals.model import FileResult, Finding, Location, Report, Severity
from lintgoals.reporters import ReportOptions
from lintgoals.reporters.common import SEVERITY_ORDER, cell_reference

INDENT = "  "
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


def file_heading(result: FileResult, words: Words) -> str:
    path = f"[bold]{escape(result.path)}[/]"
    document = result.document
    if document is None:
        reason = f"{words.colon}{escape(result.error)}" if result.error else ""
        return f"{path}{words.colon}[bold red]{words.unreadable}[/]{reason}"
    counts = words.list_sep.join((
        words.count(len(document.units), words.unit),
        words.count(document.project_count, words.project),
        words.count(document.indicator_count, words.indicator),
    ))
    layout = f"{words.open_paren}{escape(document.layout)}{words.close_paren}"
    return f"{path}{layout}{words.colon}{counts}"


def unit_heading(unit: UnitGroup) -> str:
    label = " ".join(part for part in (unit.code, unit.name) if part)
    return f"[bold]{escape(label)}[/]"


def finding_line(finding: Finding, words: Words, severity_width: int) -> str:
    severity = Severity(finding.severity)
    word = words.severity_word(severity).ljust(severity_width)
    line = (
        f"[{SEVERITY_STYLES[severity]}]{word}[/] [magenta]{escape(finding.code)}[/] "
        f"[dim]{escape(format_location(finding.location))}[/] {escape(finding.message)}"
    )
    if finding.indicator:
        line += f"{words.open_paren}{words.indicator_label}{escape(finding.indicator)}{words.close_paren}"
    return line


def file_lines(result: FileResult, words: Words, limit: int | None = None) -> list[str]:
    """The heading of one file and its findings (the first `limit` of them, if
    given), indented by their logical place."""
    severity_width = max(len(word) for word, _ in words.severities)
    lines = [file_heading(result, words)]
    for unit in group_findings(result.findings[:limit]):
        depth = 1
        if unit.code is not None or unit.name is not None:
            lines.append(INDENT * depth + unit_heading(unit))
            depth += 1
        for project in unit.projects.values():
            finding_depth = depth
            if project.name is not None:
                lines.append(INDENT * depth + f"[bold]{escape(project.name)}[/]")
                finding_depth += 1
            lines.extend(INDENT * finding_depth + finding_line(f, words, severity_width)
                         for f in project.findings)
    return lines


def listing_lines(report: Report, words: Words, max_findings: int | None) -> list[str]:
    """Every file with its findings, at most `max_findings` findings in all; then
    how many were left out, so that nobody takes a cut list for the whole."""
    lines: list[str] = []
    remaining = max_findings
    for result in report.files:
        if remaining is not None and remaining <= 0:
            break
        lines += [*file_lines(result, words, remaining), ""]
        if remaining is not None:
            remaining -= len(result.findings)
    left_out = len(report.findings) - max_findings if max_findings is not None else 0
    if left_out > 0:
        lines += [words.not_listed.format(n=left_out, limit=max_findings), ""]
    return lines


def unit_statistics(report: Report, words: Words) -> list[str]:
    """Findings counted per unit, by severity, under each file that has any."""
    lines: list[str] = []
    for result in report.files:
        if not result.findings:
            continue
        lines.append(INDENT + f"[bold]{escape(result.path)}[/]")
        for unit in group_findings(result.findings):
            counts = Counter(Severity(f.severity) for project in unit.projects.values() for f in project.findings)
            label = " ".join(part for part in (unit.code, unit.name) if part) or words.no_unit
            parts = words.list_sep.join(words.severity_count(severity, counts[severity])
                                        for severity in SEVERITY_ORDER if counts[severity])
            lines.append(INDENT * 2 + f"{escape(label)}{words.colon}{parts}")
    return [words.by_unit, *lines] if lines else []


def summary_lines(report: Report, words: Words) -> list[str]:
    findings = report.findings
    file_count = words.count(len(report.files), words.file)
    files = words.checked.format(files=file_count)
    unreadable = sum(1 for result in report.files if result.document is None)
    unreadable_note = (
        words.list_sep + words.could_not_read.format(files=words.count(unreadable, words.file))
        if unreadable else ""
    )
    if not findings and not unreadable:
        return [f"[bold green]{words.no_problems.format(files=file_count)}[/]"]
    counts = words.list_sep.join(severity_summary(report, words))
    return [f"{files}{unreadable_note}{words.colon}{counts}", *code_summary(findings, words)]


def severity_summary(report: Report, words: Words) -> list[str]:
    parts: list[str] = []
    for severity in SEVERITY_ORDER:
        number = report.count(severity)
        text = words.severity_count(severity, number)
        parts.append(f"[{SEVERITY_STYLES[severity]}]{text}[/]" if number else text)
    return parts


def code_summary(findings: list[Finding], words: Words) -> list[str]:
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
    rows = [
        f"{INDENT}[magenta]{escape(code.ljust(code_width))}[/]  "
        f"{escape(names[code].ljust(name_width))}  {counts[code]}"
        for code in codes
    ]
    return [words.by_rule, *rows]


def write_text(report: Report, stream: TextIO, options: ReportOptions) -> None:
    words = words_for(options.lang)
    # Rich decides colour from the stream (a terminal or not) and NO_COLOR;
    # soft_wrap keeps long lines whole in files instead of wrapping or cutting them;
    # emoji=False keeps ":smile:"-like cell text literal; force_jupyter=False makes
    # the report go to `stream` even inside a notebook.
    plain = options.color is False
    console = Console(file=stream, highlight=False, soft_wrap=True, emoji=False, force_jupyter=False,
                      force_terminal=False if plain else None, color_system=None if plain else "auto")
    for line in report_lines(report, words, options):
        console.print(line)


def report_lines(report: Report, words: Words, options: ReportOptions) -> list[str]:
    summary = summary_lines(report, words)
    if options.quiet:
        return summary[:1]  # the counts line alone
    if options.statistics:
        return [*summary, *unit_statistics(report, words)]
    return [*listing_lines(report, words, options.max_findings), *summary]
