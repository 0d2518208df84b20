"""GitHub Actions workflow commands (`--format github`): one annotation per finding,
shown on the pull request's files and in the run's summary.

    ::error file=examples/a.tsv,line=9,col=3,title=LG101 funding-sum::资金总计 …

error → ::error, warning → ::warning, info → ::notice. Escaping follows the
runner's rules: in the message %, CR and LF; in properties also : and ,.
A workbook finding's message starts with its cell (`绩效目标!C9`), since GitHub
cannot show a workbook's cells. Only the standard library: this runs in CI.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TextIO

from lintgoals.model import Finding, Report, Severity
from lintgoals.reporters import ReportOptions
from lintgoals.reporters.common import cell_reference, counted_view, printable, unreported_errors

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return printable(text, keep_line_breaks=True).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: Mapping[str, object], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{name} {props}::{escape_data(message)}" if props else f"::{name}::{escape_data(message)}"


def annotation(finding: Finding) -> str:
    location = finding.location
    cell = cell_reference(location)
    message = f"{cell} {finding.message}" if cell else finding.message
    properties = {
        "file": location.path,
        "line": location.line,
        "col": location.column if location.line is not None else None,
        "title": f"{finding.code} {finding.name}",
    }
    return command(COMMANDS[Severity(finding.severity)], properties, message)


def write_github(report: Report, stream: TextIO, options: ReportOptions) -> None:
    report = counted_view(report)  # accepted and known findings are not for CI to act on
    stream.writelines(annotation(finding) + "\n" for finding in report.findings)
    stream.writelines(
        command("error", {"file": result.path, "title": "lintgoals"}, result.error or "") + "\n"
        for result in unreported_errors(report)
    )
