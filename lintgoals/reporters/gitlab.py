"""GitLab Code Quality (`--format gitlab`): the JSON list GitLab reads from a job's
`artifacts:reports:codequality` and shows in merge requests.

Each finding is an issue with a description, the rule code as check_name, a
severity (error → critical, warning → minor, info → info; a file that could not
be read and has no finding saying so → blocker), the path and begin line, and a
fingerprint that stays the same across runs and when rows are inserted above
the finding (see `common.fingerprints`), so GitLab can tell new findings from
old ones. Only the standard library: this runs in CI.
"""

from __future__ import annotations

import hashlib
from itertools import chain
from typing import Any, TextIO

from lintgoals.model import Finding, Report, Severity
from lintgoals.reporters import ReportOptions
from lintgoals.reporters.common import cell_reference, fingerprints, unreported_errors
from lintgoals.reporters.jsontext import write_list

SEVERITIES = {Severity.ERROR: "critical", Severity.WARNING: "minor", Severity.INFO: "info"}


def issue(finding: Finding, fingerprint: str) -> dict[str, Any]:
    location = finding.location
    cell = cell_reference(location)
    where = [part for part in (finding.unit_name, finding.project, finding.indicator) if part]
    context = f" ({' / '.join(where)})" if where else ""
    return {
        "type": "issue",
        "description": f"{finding.code} {cell + ' ' if cell else ''}{finding.message}{context}",
        "check_name": finding.code,
        "fingerprint": fingerprint,
        "severity": SEVERITIES[Severity(finding.severity)],
        "categories": ["Bug Risk"],
        # GitLab needs a line; a finding about a whole file points at its first.
        "location": {"path": location.path, "lines": {"begin": location.line or 1}},
    }


def error_issue(path: str, error: str) -> dict[str, Any]:
    return {
        "type": "issue",
        "description": error,
        "check_name": "lintgoals",
        "fingerprint": hashlib.sha256(f"{path}\x1funreadable".encode()).hexdigest(),
        "severity": "blocker",
        "categories": ["Bug Risk"],
        "location": {"path": path, "lines": {"begin": 1}},
    }


def write_gitlab(report: Report, stream: TextIO, options: ReportOptions) -> None:
    findings = report.findings
    # Accepted and known findings are not for CI to act on; fingerprints are of all
    # findings, as in SARIF and the baseline.
    issues = (
        issue(finding, fingerprint)
        for finding, fingerprint in zip(findings, fingerprints(findings), strict=True)
        if finding.counts
    )
    errors = (error_issue(result.path, result.error or "") for result in unreported_errors(report))
    write_list(stream, chain(issues, errors))
    stream.write("\n")
