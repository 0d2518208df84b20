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
from dataclasses import dataclass, field, replace
from functools import cache
from types import MappingProxyType
from typing import Protocol, TextIO

from lintgoals.model import DocumentSummary, FileResult, Finding, Report, Severity
from lintgoals.reporters import ReportOptions
from lintgoals.reporters.common import (
    SEVERITY_ORDER,
    counted_view,
    file_stamp_note,
    framework_name,
    layout_name,
    place_label,
    printable,
    rule_titles,
    scope_note,
    set_aside_note,
    shown_time,
    skipped_notes,
    unit_label,
    verdict,
)
from lintgoals.reporters.wrapping import Segment, display_width, wrap_segments
from lintgoals.words import catalog

INDENT = "  "


@dataclass(slots=True, frozen=True)
class TextWords:
    """The terminal report's words. Nouns are (singular, plural)."""

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
    checked_by: str  # the scope note, the version and the time
    meaning_sep: str  # between a severity and what it means for submission
    lang: str

    def count(self, number: int, noun: tuple[str, str]) -> str:
        return self.count_template.format(n=number, noun=noun[0] if number == 1 else noun[1])

    def severity_word(self, severity: Severity) -> str:
        return self.severities[SEVERITY_ORDER.index(severity)][0]

    def severity_count(self, severity: Severity, number: int) -> str:
        singular, plural = self.severities[SEVERITY_ORDER.index(severity)]
        return self.severity_count_template.format(n=number, noun=singular if number == 1 else plural)


@cache
def words_for(lang: str) -> TextWords:
    """The report's words in a language (lintgoals/words/), typed."""
    return TextWords(**catalog(lang).text)


class Mark(Protocol):
    """mark(text, style): the text in a style ("" or left out for none), as the report writes it."""

    def __call__(self, text: str, style: str = "") -> str: ...


def plain(text: str, style: str = "") -> str:
    return printable(text)


def rich_markup(text: str, style: str = "") -> str:
    from rich.markup import escape

    return f"[{style}]{escape(printable(text))}[/]" if style else escape(printable(text))


SEVERITY_STYLES = MappingProxyType({Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"})


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


def file_heading(result: FileResult, words: TextWords, mark: Mark, width: int | None) -> list[str]:
    """The file, named once for all its findings: what it holds, then how it was
    read and which version of it was checked (its size and hash)."""
    path = (printable(result.path), "bold")
    summary = result.summary
    if summary is None:
        reason = [(words.colon, ""), (printable(result.error), "")] if result.error else []
        return lay_out([path, (words.colon, ""), (words.unreadable, "bold red"), *reason], mark, width)
    counts = words.list_sep.join(
        (
            words.count(summary.units, words.unit),
            words.count(summary.projects, words.project),
            words.count(summary.indicators, words.indicator),
        )
    )
    read_as = " · ".join(
        part
        for part in (layout_name(summary, words.lang), framework_name(summary, words.lang), file_stamp_note(result))
        if part
    )
    return [
        *lay_out([path, (words.colon + counts, "")], mark, width),
        *lay_out([(INDENT, ""), (printable(read_as), "dim")], mark, width),
    ]


def lay_out(segments: list[Segment], mark: Mark, width: int | None, hang: int | None = None) -> list[str]:
    """A line of segments, wrapped at `width` (if given) with its continuation lines
    indented by `hang` columns (default: as far as its own indent, plus two)."""
    if width is None:
        return [render(segments, mark)]
    indent = segments[0][0] if segments and not segments[0][0].strip() else ""
    hang = display_width(indent) + 2 if hang is None else hang
    lines = wrap_segments(segments, width, max(width - hang, 10))
    return [render(lines[0], mark), *(render([(" " * hang, ""), *line], mark) for line in lines[1:])]


def skipped_lines(summary: DocumentSummary | None, words: TextWords, mark: Mark, width: int | None) -> list[str]:
    return [
        line
        for note in skipped_notes(summary, words.lang)
        for line in lay_out([(INDENT, ""), (note, "dim")], mark, width)
    ]


def unit_heading(unit: UnitGroup, mark: Mark) -> str:
    return mark(unit_label(unit.code, unit.name), "bold")


def finding_lines(
    finding: Finding, depth: int, words: TextWords, severity_width: int, mark: Mark, width: int | None
) -> list[str]:
    """One finding: its severity, code, place in the table (J15（指标值）, 第 45 行·指标值:
    the file is named once, above) and message; at `width`, wrapped under the message."""
    severity = Severity(finding.severity)
    word = words.severity_word(severity)
    prefix: list[Segment] = [
        (INDENT * depth, ""),
        (word, SEVERITY_STYLES[severity]),
        (" " * (severity_width - display_width(word)) + " ", ""),
        (finding.code, "magenta"),
        (" ", ""),
    ]
    place = printable(place_label(finding, words.lang))
    # A finding about a whole page of a PDF says which page itself: the place would repeat it.
    whole_page = finding.location.line is None and finding.message.startswith(place)
    body: list[Segment] = [(place + " ", "dim")] if place and not whole_page else []
    body.append((printable(finding.message), ""))
    if finding.indicator and finding.indicator not in finding.message:  # (a message may name it already)
        body.append((f"{words.open_paren}{words.indicator_label}{printable(finding.indicator)}{words.close_paren}", ""))
    hang = sum(display_width(text) for text, _ in prefix)
    if width is not None and hang > width // 2:  # a deep indent: the message goes on under the severity
        hang = display_width(INDENT * (depth + 1))
    return lay_out([*prefix, *body], mark, width, hang)


def render(segments: list[Segment], mark: Mark) -> str:
    return "".join(mark(text, style) if style else mark(text) for text, style in segments)


def file_lines(
    result: FileResult, words: TextWords, mark: Mark, limit: int | None = None, width: int | None = None
) -> list[str]:
    """The heading of one file and its findings (the first `limit` of them, if
    given), indented by their logical place."""
    severity_width = max(display_width(word) for word, _ in words.severities)
    lines = [*file_heading(result, words, mark, width), *skipped_lines(result.summary, words, mark, width)]
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
            for finding in project.findings:
                lines += finding_lines(finding, finding_depth, words, severity_width, mark, width)
    return lines


def listing_lines(
    report: Report, words: TextWords, max_findings: int | None, mark: Mark, width: int | None = None
) -> list[str]:
    """Every file with its findings, at most `max_findings` findings in all; then
    how many were left out, so that nobody takes a cut list for the whole."""
    lines: list[str] = []
    remaining = max_findings
    for result in report.files:
        if remaining is not None and remaining <= 0:
            break
        lines += [*file_lines(result, words, mark, remaining, width), ""]
        if remaining is not None:
            remaining -= len(result.findings)
    left_out = len(report.findings) - max_findings if max_findings is not None else 0
    if left_out > 0:
        lines += [words.not_listed.format(n=left_out, limit=max_findings), ""]
    return lines


def unit_statistics(report: Report, words: TextWords, mark: Mark) -> list[str]:
    """Findings counted per unit, by severity, under each file that has any."""
    lines: list[str] = []
    for result in report.files:
        if not result.findings:
            continue
        lines.append(INDENT + mark(result.path, "bold"))
        for unit in group_findings(result.findings):
            counts = Counter(Severity(f.severity) for project in unit.projects.values() for f in project.findings)
            label = unit_label(unit.code, unit.name) or words.no_unit
            parts = words.list_sep.join(
                words.severity_count(severity, counts[severity]) for severity in SEVERITY_ORDER if counts[severity]
            )
            lines.append(INDENT * 2 + f"{mark(label)}{words.colon}{parts}")
    return [words.by_unit, *lines] if lines else []


def summary_lines(report: Report, words: TextWords, mark: Mark, options: ReportOptions) -> list[str]:
    findings = report.findings
    file_count = words.count(len(report.files), words.file)
    files = words.checked.format(files=file_count)
    unreadable = sum(1 for result in report.files if result.summary is None)
    unreadable_note = (
        words.list_sep + words.could_not_read.format(files=words.count(unreadable, words.file)) if unreadable else ""
    )
    scope = scope_lines(report, words, mark, options)
    if not findings and not unreadable:
        return [mark(words.no_problems.format(files=file_count), "bold green"), *scope]
    counts = words.list_sep.join(severity_summary(report, words, mark))
    return [
        f"{mark(files)}{mark(unreadable_note)}{words.colon}{counts}",
        *verdict_lines(report, words, mark, options),
        *scope,
        *code_summary(report, findings, words, mark),
    ]


def verdict_lines(report: Report, words: TextWords, mark: Mark, options: ReportOptions) -> list[str]:
    """What the findings mean for submission: the verdict, and what each severity found asks for."""
    judged = verdict(report, options.fail_on, words.lang)
    present = [severity for severity in SEVERITY_ORDER if report.count(severity)]
    meanings = words.list_sep.join(
        words.severity_word(severity)
        + words.meaning_sep
        + judged.severity_meaning(severity, options.fail_on, words.lang)
        for severity in present
    )
    segments = [(judged.headline, "bold green" if judged.passes else "bold red")]
    if meanings:
        segments.append((f"{words.open_paren}{meanings}{words.close_paren}", ""))
    return lay_out(segments, mark, options.width)


def scope_lines(report: Report, words: TextWords, mark: Mark, options: ReportOptions) -> list[str]:
    """What the files were checked with: the packs they used, the config file,
    lintgoals' version and the time of the check."""
    note = scope_note(report, words.lang)
    if note is None:
        return []
    if report.run is not None:
        note = words.checked_by.format(
            scope=note, version=options.version, time=shown_time(report.run.time, words.lang)
        )
    return lay_out([(note, "dim")], mark, options.width)


def severity_summary(report: Report, words: TextWords, mark: Mark) -> list[str]:
    parts: list[str] = []
    for severity in SEVERITY_ORDER:
        number = report.count(severity)
        text = words.severity_count(severity, number)
        parts.append(mark(text, SEVERITY_STYLES[severity] if number else ""))
    return parts


def code_summary(report: Report, findings: list[Finding], words: TextWords, mark: Mark) -> list[str]:
    """One aligned row per rule code: code, rule title, count."""
    if not findings:
        return []
    counts = Counter(f.code for f in findings)
    titles = rule_titles(report)
    names = {finding.code: titles.get(finding.code, finding.name) for finding in findings}
    codes = sorted(counts)
    code_width = max(len(code) for code in codes)
    name_width = max(display_width(names[code]) for code in codes)
    rows = [
        f"{INDENT}{mark(code.ljust(code_width), 'magenta')}  "
        f"{mark(names[code] + ' ' * (name_width - display_width(names[code])))}  {counts[code]}"
        for code in codes
    ]
    return [words.by_rule, *rows]


def write_text(report: Report, stream: TextIO, options: ReportOptions) -> None:
    words = words_for(options.lang)
    if options.width is None and hasattr(stream, "isatty") and stream.isatty():
        import shutil

        options = replace(options, width=shutil.get_terminal_size().columns)
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


def report_lines(report: Report, words: TextWords, options: ReportOptions, mark: Mark) -> list[str]:
    aside = set_aside_note(report, words.lang)
    report = counted_view(report)
    summary = summary_lines(report, words, mark, options)
    if aside:
        summary.insert(1, mark(aside, "dim"))
    if options.quiet:  # the counts line alone, and what was set aside
        return [summary[0] + (words.list_sep + mark(aside, "dim") if aside else "")]
    if options.statistics:
        return [*summary, *unit_statistics(report, words, mark)]
    return [*listing_lines(report, words, options.max_findings, mark, options.width), *summary]
