"""Small facts about findings that several output formats state the same way.

Nothing here imports rich or openpyxl: pipeline formats use it too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from lintgoals.model import FileResult, Finding, Location, Report, Severity

SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)


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
        key = "\x1f".join(part or "" for part in (
            finding.location.path, finding.code, finding.unit_code, finding.unit_name,
            finding.project, finding.indicator, finding.message))
        seen[key] += 1
        result.append(hashlib.sha256(f"{key}\x1f{seen[key]}".encode()).hexdigest())
    return result
