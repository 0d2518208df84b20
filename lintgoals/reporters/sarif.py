"""SARIF 2.1.0 (`--format sarif`): for code-scanning tools (GitHub code scanning,
Azure DevOps, IDE viewers).

One run; the driver lists the active rules (id = code, name, summary, explanation
as help, default level); each finding is a result with its physical location
(file, line, column) and logical locations: the workbook cell (`Sheet!C9`), the
unit and the project. Files that could not be read without a finding saying so
become tool execution notifications, and the run is marked unsuccessful.
No rich import: this runs in pipelines.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote

from lintgoals.model import Finding, Report, RuleDoc, Severity
from lintgoals.reporters import ReportOptions
from lintgoals.reporters.common import cell_reference, fingerprints, unit_label, unreported_errors
from lintgoals.reporters.json_report import run_entry
from lintgoals.reporters.jsontext import write_around

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
# RFC 5646 tags for the language of the messages, as toolComponent.language wants.
LANGUAGE_TAGS = {"zh": "zh-CN", "en": "en"}
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# The fingerprint scheme's name and version, as SARIF asks; change the version if
# `fingerprints` ever hashes different parts.
FINGERPRINT_KEY = "lintgoals/v1"


# Where the results go in the log while it is laid out; they are written one by one.
RESULTS_SLOT = "\x00results"


def write_sarif(report: Report, stream: TextIO, options: ReportOptions) -> None:
    write_around(stream, sarif_log(report, options, RESULTS_SLOT), RESULTS_SLOT, results(report))
    stream.write("\n")


def results(report: Report) -> Iterator[dict[str, Any]]:
    rule_index = {rule.code: index for index, rule in enumerate(report.rules)}
    findings = report.findings
    compared = report.baseline_fixed is not None  # a --baseline was given: say of each result whether it is new
    for finding, fingerprint in zip(findings, fingerprints(findings), strict=True):
        yield result_entry(finding, rule_index, fingerprint, compared)


def sarif_log(report: Report, options: ReportOptions, results_slot: str | None = None) -> dict[str, Any]:
    """The log; its results are `results_slot` if given (for write_sarif to fill in), else all of them."""
    errors = unreported_errors(report)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "lintgoals",
                "version": options.version,
                "language": LANGUAGE_TAGS.get(options.lang, options.lang),
                "rules": [rule_entry(rule) for rule in report.rules],
            }
        },
        "invocations": [
            {
                "executionSuccessful": not errors,
                **({"startTimeUtc": report.run.time} if report.run else {}),
                # What the run applied (as the JSON report's `run`): a log can be matched to its rules.
                "properties": run_properties(report, options),
                "toolExecutionNotifications": [
                    {
                        "level": "error",
                        "message": {"text": result.error},
                        "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(result.path)}}}],
                    }
                    for result in errors
                ],
            }
        ],
        "artifacts": [{"location": {"uri": artifact_uri(result.path)}} for result in report.files],
        "results": list(results(report)) if results_slot is None else results_slot,
        "columnKind": "unicodeCodePoints",
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def run_properties(report: Report, options: ReportOptions) -> dict[str, Any]:
    properties: dict[str, Any] = {"run": run_entry(report, options)}
    if report.suppressed or report.baselined or report.baseline_fixed:
        properties["setAside"] = {
            "suppressed": report.suppressed,
            "baselined": report.baselined,
            "baselineFixed": report.baseline_fixed,
        }
    return properties


def rule_entry(rule: RuleDoc) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary or rule.name},
        "fullDescription": {"text": rule.explanation or rule.summary or rule.name},
        "help": {"text": rule.explanation or rule.summary or rule.name},
        "defaultConfiguration": {"level": LEVELS[Severity(rule.severity)]},
        "properties": {"target": rule.target},
    }


@lru_cache(maxsize=1024)  # every finding of a file has its path: make its URI once
def artifact_uri(path: str) -> str:
    """A URI reference for a path: relative paths stay relative (to where lintgoals
    ran, as the consumer expects), with the characters URIs cannot hold escaped."""
    pure = PurePath(path)
    if pure.is_absolute():
        return "file://" + quote(pure.as_posix())
    return quote(pure.as_posix())


def result_entry(
    finding: Finding, rule_index: dict[str, int], fingerprint: str, compared: bool = False
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "ruleId": finding.code,
        "level": LEVELS[Severity(finding.severity)],
        "message": {"text": finding.message},
        "locations": [location_entry(finding)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    if finding.code in rule_index:
        entry["ruleIndex"] = rule_index[finding.code]
    if finding.suppressed is not None:
        # Accepted by an exception in the config: an external suppression, with its reason.
        entry["suppressions"] = [{"kind": "external", "status": "accepted", "justification": finding.suppressed}]
    if compared:
        entry["baselineState"] = "unchanged" if finding.baselined else "new"
    return entry


def location_entry(finding: Finding) -> dict[str, Any]:
    location = finding.location
    # GitHub code scanning rejects results without a line: a finding about a whole
    # file (LG001, LG002) points at its first line, as the GitLab report does.
    region: dict[str, Any] = {"startLine": location.line or 1}
    if location.line is not None and location.column is not None:
        region["startColumn"] = location.column
    if location.page is not None:
        # A PDF table: its line is the row on this page. SARIF has no page of its
        # own; a region's property bag carries it.
        region["properties"] = {"page": location.page}
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(location.path)}, "region": region}
    entry: dict[str, Any] = {"physicalLocation": physical}
    logical = logical_locations(finding)
    if logical:
        entry["logicalLocations"] = logical
    return entry


def logical_locations(finding: Finding) -> list[dict[str, str]]:
    """Where the finding is in the table's own terms. The kinds are lintgoals' own
    (SARIF allows that when none of its kinds fits): a unit, a project, an
    indicator, a workbook cell."""
    result = []
    unit = unit_label(finding.unit_code, finding.unit_name)
    path: list[str] = []
    for kind, name in (("unit", unit), ("project", finding.project), ("indicator", finding.indicator)):
        if name:
            path.append(name)
            result.append({"name": name, "fullyQualifiedName": " / ".join(path), "kind": kind})
    cell = cell_reference(finding.location)
    if cell:
        result.append({"name": cell, "fullyQualifiedName": cell, "kind": "cell"})
    return result
