"""Small facts about findings that several output formats state the same way.

Nothing here imports rich or openpyxl: pipeline formats use it too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from lintgoals.model import TABLE_FIELDS, DocumentSummary, FileResult, Finding, Location, Report, Severity
from lintgoals.words import catalog

SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)

# What must not reach a terminal or a line-based log as it is: C0 and C1 controls
# (ESC starts colour, cursor and title sequences; OSC 8 makes links), DEL, and the
# bidirectional overrides that make text read otherwise than it is.
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
LINE_BREAKS = {"\n": " ", "\r": " ", "\t": " "}


def printable(text: str, keep_line_breaks: bool = False) -> str:
    """Text safe to print: a line break or tab becomes a space (or stays, where the
    format escapes line breaks itself), any other control character its escape (\x1b)."""

    def visible(match: re.Match[str]) -> str:
        char = match.group(0)
        if char in LINE_BREAKS:
            return char if keep_line_breaks else LINE_BREAKS[char]
        return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"

    return CONTROLS.sub(visible, text) if CONTROLS.search(text) else text


def fails(severity: Severity, fail_on: str) -> bool:
    """Whether a finding of this severity fails a run with --fail-on `fail_on`."""
    return fail_on != "never" and Severity(severity).rank >= Severity(fail_on).rank


def worst(findings: Iterable[Finding]) -> Severity | None:
    """The highest severity among the findings; None when there are none."""
    return max((Severity(f.severity) for f in findings), key=lambda s: s.rank, default=None)


def unit_label(code: str | None, name: str | None) -> str:
    """A unit as reports name it: "239001 北京办事处", or whichever part it has."""
    return " ".join(part for part in (code, name) if part)


def quote_sheet(sheet: str) -> str:
    # Excel's own rule: a sheet name with spaces or punctuation is quoted, with
    # inner quotes doubled, so the reference can be pasted into a formula.
    if sheet.replace("_", "").isalnum():
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def cell_reference(location: Location) -> str | None:
    """`Sheet!C9` for a workbook cell (`C9` without a sheet name), else None."""
    if not location.cell:
        return None
    return f"{quote_sheet(location.sheet)}!{location.cell}" if location.sheet else location.cell


def unreported_errors(report: Report) -> list[FileResult]:
    """Files that could not be read and have no finding saying so (their LG001 or
    LG002 rule is switched off, or lintgoals failed on them): a pipeline format
    must still show them, since they make the exit code 2."""
    return [result for result in report.files if result.error and not result.findings]


def fingerprints(findings: Iterable[Finding]) -> list[str]:
    """A stable identity for each finding, for tools that track findings across runs
    (GitLab Code Quality, SARIF partialFingerprints).

    It hashes what the finding is about — file, rule, unit, project, indicator and
    message — and not its line or column, so inserting rows above a finding keeps
    its fingerprint. (A message that itself names a line, such as "第 8 行已出现",
    changes with it.) Findings alike in all of these get an occurrence number, in
    report order, so that each fingerprint is unique in one report.
    """
    import hashlib  # here: only the formats with fingerprints pay for it at start-up

    seen: Counter[str] = Counter()
    result = []
    for finding in findings:
        key = "\x1f".join(
            part or ""
            for part in (
                finding.location.path,
                finding.code,
                finding.unit_code,
                finding.unit_name,
                finding.project,
                finding.indicator,
                finding.message,
            )
        )
        seen[key] += 1
        result.append(hashlib.sha256(f"{key}\x1f{seen[key]}".encode()).hexdigest())
    return result


def scope_words(lang: str) -> dict[str, Any]:
    return catalog(lang).scope


def framework_name(summary: DocumentSummary, lang: str) -> str:
    frameworks: dict[str, str] = scope_words(lang)["frameworks"]
    return frameworks.get(summary.framework, "")


def skipped_notes(summary: DocumentSummary | None, lang: str) -> list[str]:
    """Once per file: the rules that did not run for want of a column (one note), and
    those whose column is empty throughout (another)."""
    if summary is None:
        return []
    words, notes = scope_words(lang), []
    for empty, template in ((False, words["skipped"]), (True, words["skipped_empty"])):
        skipped = [(code, name) for code, name in summary.skipped if (name in summary.empty_fields) == empty]
        if skipped:
            names = dict.fromkeys(
                TABLE_FIELDS.get(name, {}).get(lang if lang == "en" else "zh", name) for _, name in skipped
            )
            notes.append(
                template.format(
                    fields=words["field_sep"].join(names), codes=words["code_sep"].join(code for code, _ in skipped)
                )
            )
    return notes


def scope_note(report: Report, lang: str) -> str | None:
    """The packs the files were checked with and the config file, in one line."""
    packs = list(dict.fromkeys(pack for result in report.files if result.summary for pack in result.summary.packs))
    if report.run is None or not packs:
        return None
    words = scope_words(lang)
    return str(words["scope"]).format(
        packs=words["code_sep"].join(packs), config=report.run.config or words["no_config"]
    )


def counted_view(report: Report) -> Report:
    """The report as a person or a CI check acts on it: the findings that count. Those
    accepted by an exception or known from the baseline are left to a count
    (`set_aside_note`); JSON and SARIF list them all, each marked."""
    if all(finding.counts for finding in report.findings):
        return report
    files = [
        replace(result, findings=[finding for finding in result.findings if finding.counts]) for result in report.files
    ]
    return Report(files, report.rules, report.run, report.baseline_fixed)


def set_aside_note(report: Report, lang: str) -> str | None:
    """How many findings exceptions accepted and the baseline knew, and how many of the baseline are gone."""
    words = catalog(lang).set_aside
    parts = [
        words["suppressed"].format(n=report.suppressed) if report.suppressed else "",
        words["baselined"].format(n=report.baselined) if report.baselined else "",
        words["fixed"].format(n=report.baseline_fixed) if report.baseline_fixed else "",
    ]
    return words["sep"].join(part for part in parts if part) or None


# --- what every report for people says the same way ------------------------------


def place_label(finding: Finding, lang: str, with_sheet: bool = True) -> str:
    """Where a finding is, as the table's author finds it: the cell and its column's
    header in a workbook (J15（指标值）, 绩效目标!J15（指标值）), the line and header in
    a text table (第 15 行·指标值), the page and its row in a PDF (第 5 页 第 12 行·指标值);
    "" for a finding about the whole file."""
    words = catalog(lang).place
    location = finding.location
    cell = cell_reference(location) if with_sheet else location.cell
    if cell:
        return words["cell"].format(cell=cell, header=finding.header) if finding.header else cell
    if location.page is not None:
        page = words["page"].format(page=location.page)
        row = row_label(finding, words)
        return page + words["page_sep"] + row if row else page
    return row_label(finding, words)


def row_label(finding: Finding, words: dict[str, str]) -> str:
    """第 15 行·指标值, 第 15 行第 3 列, 第 15 行, or "" without a line."""
    location = finding.location
    if location.line is None:
        return ""
    if finding.header:
        return words["line_header"].format(line=location.line, header=finding.header)
    if location.column is not None:  # a column without a header (a model document, a table without one)
        return words["line_column"].format(line=location.line, column=location.column)
    return words["line"].format(line=location.line)


def rule_titles(report: Report) -> dict[str, str]:
    """Each rule's title for people, by code (a finding of a rule not listed keeps its name)."""
    return {rule.code: rule.title or rule.name for rule in report.rules}


@dataclass(slots=True, frozen=True)
class Verdict:
    """What the report means for submission: whether the tables may go, and why."""

    passes: bool
    headline: str
    must_fix: int  # findings at or above --fail-on
    advisable: int  # below it, warnings and errors
    reference: int  # info below it
    unreadable: int

    def severity_meaning(self, severity: Severity, fail_on: str, lang: str) -> str:
        return severity_meaning(severity, fail_on, lang)


def severity_meaning(severity: Severity | str, fail_on: str, lang: str) -> str:
    """What one severity means for submission under --fail-on: 必须修改, 建议修改 or 供参考."""
    words = catalog(lang).verdict
    if fails(Severity(severity), fail_on):
        return str(words["must"])
    return str(words["reference"] if Severity(severity) is Severity.INFO else words["advisable"])


def verdict(report: Report, fail_on: str, lang: str) -> Verdict:
    """The verdict of the findings that count (not excepted, not in the baseline):
    what fails the run (--fail-on) must be fixed; other warnings and errors are advisable."""
    words = catalog(lang).verdict
    counted = [finding for finding in report.findings if finding.counts]
    must = sum(1 for finding in counted if fails(finding.severity, fail_on))
    reference = sum(
        1 for finding in counted if not fails(finding.severity, fail_on) and Severity(finding.severity) is Severity.INFO
    )
    advisable = len(counted) - must - reference
    unreadable = sum(1 for result in report.files if result.summary is None)
    passes = must == 0 and unreadable == 0
    headline = (
        words["pass"] if passes else words["fail"].format(n=must) if must else words["unreadable"].format(n=unreadable)
    )
    return Verdict(passes, headline, must, advisable, reference, unreadable)


def file_stamp_note(result: FileResult) -> str | None:
    """The file's size and the start of its hash: which version of the table a printout is of."""
    stamp = result.stamp
    if stamp is None:
        return None
    size = f"{stamp.size / 1024:.1f} KB" if stamp.size >= 1024 else f"{stamp.size} B"
    return f"{size} · SHA-256 {stamp.short}"


def shown_time(iso: str, lang: str) -> str:
    """An ISO time (the run record's, in UTC) as a report for people shows it."""
    from datetime import datetime, timedelta, timezone

    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M")
    # Beijing time on Chinese reports, UTC on English ones.
    hours, name = catalog(lang).local_time
    return moment.astimezone(timezone(timedelta(hours=hours))).strftime("%Y-%m-%d %H:%M") + name


def layout_name(summary: DocumentSummary, lang: str) -> str:
    """The layout as people call it (its profile's title), else its name."""
    zh, en = summary.layout_title
    return (en if lang == "en" else zh) or summary.layout
