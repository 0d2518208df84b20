"""The JSON report (`--format json`): the shape pipelines parse.

The shape is described in DESIGN.md and `schemas/report.schema.json`; it may
only grow by adding keys. This module must not import rich: JSON runs in
pipelines, where start-up time counts.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, TextIO

from lintgoals.model import FileResult, Finding, Report, Severity
from lintgoals.reporters import ReportOptions
from lintgoals.reporters.jsontext import indented

TOOL_NAME = "lintgoals"
SCHEMA_VERSION = 1


def write_json(report: Report, stream: TextIO, options: ReportOptions) -> None:
    """The same text as json.dump(report_as_dict(…), indent=2), written finding by
    finding: a large table's report is never held whole in memory."""
    findings = report.findings
    head = {"tool": {"name": TOOL_NAME, "version": options.version}, "schema_version": SCHEMA_VERSION,
            "files": [file_entry(result) for result in report.files]}
    stream.write(dumps(head)[:-2] + ',\n  "findings": [')
    for index, finding in enumerate(findings):
        stream.write(("," if index else "") + "\n    " + dumps(finding_entry(finding), indent="    "))
    stream.write("\n  ],\n" if findings else "],\n")
    stream.write('  "summary": ' + dumps(summary_entry(report.files, findings), indent="  ") + "\n}\n")


def dumps(value: Any, indent: str = "") -> str:
    """Indented JSON, its lines shifted right by `indent` to sit inside the report."""
    return indented(value, len(indent) // 2)


def report_as_dict(report: Report, options: ReportOptions) -> dict[str, Any]:
    """The report as plain JSON-ready data, findings in the order given."""
    findings = report.findings
    return {
        "tool": {"name": TOOL_NAME, "version": options.version},
        "schema_version": SCHEMA_VERSION,
        "files": [file_entry(result) for result in report.files],
        "findings": [finding_entry(finding) for finding in findings],
        "summary": summary_entry(report.files, findings),
    }


def file_entry(result: FileResult) -> dict[str, Any]:
    document = result.document
    if document is None:
        # Nothing was read: no layout, nothing counted, and the reason instead.
        return {"path": result.path, "layout": None, "units": 0, "projects": 0,
                "indicators": 0, "error": result.error or "unreadable"}
    return {
        "path": result.path,
        "layout": document.layout,
        "units": len(document.units),
        "projects": document.project_count,
        "indicators": document.indicator_count,
        "error": result.error,
    }


def finding_entry(finding: Finding) -> dict[str, Any]:
    location = finding.location
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": Severity(finding.severity).value,
        "message": finding.message,
        "path": location.path,
        "line": location.line,
        "column": location.column,
        "sheet": location.sheet,
        "cell": location.cell,
        "unit": unit_entry(finding),
        "project": finding.project,
        "indicator": finding.indicator,
    }


def unit_entry(finding: Finding) -> dict[str, str | None] | None:
    if finding.unit_code is None and finding.unit_name is None:
        return None
    return {"code": finding.unit_code, "name": finding.unit_name}


def summary_entry(files: list[FileResult], findings: list[Finding]) -> dict[str, Any]:
    by_severity = Counter(Severity(finding.severity).value for finding in findings)
    by_code = Counter(finding.code for finding in findings)
    return {
        "files": len(files),
        "error": by_severity[Severity.ERROR.value],
        "warning": by_severity[Severity.WARNING.value],
        "info": by_severity[Severity.INFO.value],
        # Added key: lets a pipeline gate on one rule without walking the findings.
        "by_code": {code: by_code[code] for code in sorted(by_code)},
    }
