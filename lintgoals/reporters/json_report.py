"""The JSON report (`--format json`): the shape pipelines parse.

The shape is described in `schemas/report.schema.json` (see ARCHITECTURE.md); it may
only grow by adding keys. This module must not import rich: JSON runs in
pipelines, where start-up time counts.
"""

from __future__ import annotations

from collections import Counter
from json.encoder import encode_basestring
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
    head = {
        "tool": {"name": TOOL_NAME, "version": options.version},
        "schema_version": SCHEMA_VERSION,
        "run": run_entry(report, options),
        "files": [file_entry(result) for result in report.files],
    }
    stream.write(dumps(head)[:-2] + ',\n  "findings": [')
    stream.writelines(
        ("," if index else "") + "\n    " + finding_text(finding) for index, finding in enumerate(findings)
    )
    stream.write("\n  ],\n" if findings else "],\n")
    stream.write('  "summary": ' + dumps(summary_entry(report), indent="  ") + "\n}\n")


def dumps(value: Any, indent: str = "") -> str:
    """Indented JSON, its lines shifted right by `indent` to sit inside the report."""
    return indented(value, len(indent) // 2)


def report_as_dict(report: Report, options: ReportOptions) -> dict[str, Any]:
    """The report as plain JSON-ready data, findings in the order given."""
    findings = report.findings
    return {
        "tool": {"name": TOOL_NAME, "version": options.version},
        "schema_version": SCHEMA_VERSION,
        "run": run_entry(report, options),
        "files": [file_entry(result) for result in report.files],
        "findings": [finding_entry(finding) for finding in findings],
        "summary": summary_entry(report),
    }


def file_entry(result: FileResult) -> dict[str, Any]:
    summary = result.summary
    # Added keys: which version of the file was checked.
    stamp = {"size": result.stamp.size, "sha256": result.stamp.sha256} if result.stamp else {}
    if summary is None:
        # Nothing was read: no layout, nothing counted, and the reason instead.
        return {
            "path": result.path,
            "layout": None,
            "units": 0,
            "projects": 0,
            "indicators": 0,
            "error": result.error or "unreadable",
            **stamp,
        }
    return {
        "path": result.path,
        "layout": summary.layout,
        "units": summary.units,
        "projects": summary.projects,
        "indicators": summary.indicators,
        "error": result.error,
        # Added keys: the framework the table follows and the packs it was checked
        # with, and the rules that did not run for want of a column (or of anything in it).
        "framework": summary.framework or None,
        "packs": list(summary.packs),
        "skipped": [
            {
                "code": code,
                "field": field_name,
                "reason": "empty_column" if field_name in summary.empty_fields else "no_column",
            }
            for code, field_name in summary.skipped
        ],
        **stamp,
    }


def run_entry(report: Report, options: ReportOptions) -> dict[str, Any] | None:
    """What the run applied: the record a printout or a pipeline's log is matched by."""
    run = report.run
    if run is None:
        return None
    return {
        "lintgoals": options.version,
        "time": run.time,
        "config": None if run.config is None else {"path": run.config, "sha256": run.config_sha256},
        "packs": [{"name": pack.name, "path": pack.path, "sha256": pack.sha256} for pack in run.packs],
        "select": list(run.select),
        "ignore": list(run.ignore),
        "baseline": run.baseline,
        "fail_on": options.fail_on,
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
        "unit": None
        if finding.unit_code is None and finding.unit_name is None
        else {"code": finding.unit_code, "name": finding.unit_name},
        "project": finding.project,
        "indicator": finding.indicator,
        # Added key: what the cell holds, as the table wrote it (None where the
        # finding is about no single cell of an indicator or amount).
        "text": finding.text,
        # Added keys: a finding an exception of the config accepts (with its reason),
        # and one the --baseline knows. Neither counts for the exit code or the summary.
        "suppressed": None if finding.suppressed is None else {"reason": finding.suppressed},
        "baselined": finding.baselined,
        # Added key: the header of the column the finding points at, as the table wrote it.
        "header": finding.header,
        # Added key: the 1-based page of a PDF table (its "line" is then the row on that page).
        "page": location.page,
    }


# finding_entry as it sits, indented, in the report's list: laid out once, so that
# each of a large table's tens of thousands of findings only encodes its values
# (the test suite holds it to json.dumps of finding_entry).
FINDING_TEXT = """{{
      "code": {},
      "name": {},
      "severity": {},
      "message": {},
      "path": {},
      "line": {},
      "column": {},
      "sheet": {},
      "cell": {},
      "unit": {},
      "project": {},
      "indicator": {},
      "text": {},
      "suppressed": {},
      "baselined": {},
      "header": {},
      "page": {}
    }}""".format
UNIT_TEXT = """{{
        "code": {},
        "name": {}
      }}""".format
SUPPRESSED_TEXT = """{{
        "reason": {}
      }}""".format


def finding_text(finding: Finding) -> str:
    text, location = optional_text, finding.location
    unit = (
        "null"
        if finding.unit_code is None and finding.unit_name is None
        else UNIT_TEXT(text(finding.unit_code), text(finding.unit_name))
    )
    return FINDING_TEXT(
        encode_basestring(finding.code),
        encode_basestring(finding.name),
        encode_basestring(Severity(finding.severity).value),
        encode_basestring(finding.message),
        encode_basestring(location.path),
        optional_number(location.line),
        optional_number(location.column),
        text(location.sheet),
        text(location.cell),
        unit,
        text(finding.project),
        text(finding.indicator),
        text(finding.text),
        "null" if finding.suppressed is None else SUPPRESSED_TEXT(encode_basestring(finding.suppressed)),
        "true" if finding.baselined else "false",
        text(finding.header),
        optional_number(location.page),
    )


def optional_text(value: str | None) -> str:
    return "null" if value is None else encode_basestring(value)


def optional_number(value: int | None) -> str:
    return "null" if value is None else str(value)


def summary_entry(report: Report) -> dict[str, Any]:
    """The counts a pipeline gates on: of the findings that count, as the exit code does."""
    counted = [finding for finding in report.findings if finding.counts]
    by_severity = Counter(Severity(finding.severity).value for finding in counted)
    by_code = Counter(finding.code for finding in counted)
    return {
        "files": len(report.files),
        "error": by_severity[Severity.ERROR.value],
        "warning": by_severity[Severity.WARNING.value],
        "info": by_severity[Severity.INFO.value],
        # Added key: lets a pipeline gate on one rule without walking the findings.
        "by_code": {code: by_code[code] for code in sorted(by_code)},
        # Added keys: findings set aside by exceptions and by the baseline, and the
        # baseline's findings that are gone.
        "suppressed": report.suppressed,
        "baselined": report.baselined,
        "baseline_fixed": report.baseline_fixed,
    }
