"""One check, as a worker of the service does it: the uploaded tables (already in a
private folder of their own) linted with the service's config, the report made in
the format asked for, and the exit code the command line would give.

A report names each file by the name it was uploaded under: the folder is the
worker's working directory while it checks, and the files lie there under those
names, so that every report (the annotated workbook reads them again) sees them so.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, replace
from pathlib import Path

from lintgoals import __version__
from lintgoals.api import EXIT_ERROR, Linter, exit_code, make_linter
from lintgoals.config import Config
from lintgoals.model import FileResult, Report
from lintgoals.reporters import ReportOptions, get_format

# What a report is sent as, by format.
MEDIA_TYPES = {
    "json": "application/json",
    "sarif": "application/sarif+json",
    "junit": "application/xml",
    "html": "text/html; charset=utf-8",
    "text": "text/plain; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SUFFIXES = {"json": "json", "sarif": "sarif", "junit": "xml", "html": "html", "text": "txt", "xlsx": "xlsx"}


@dataclass(slots=True, frozen=True)
class Job:
    folder: str  # the request's private folder, holding the uploads
    names: tuple[str, ...]  # the uploaded files' names there, in the order sent
    format: str
    lang: str
    packs: tuple[str, ...]  # shipped pack names; () for the service's own choice


@dataclass(slots=True, frozen=True)
class Outcome:
    body: bytes
    media_type: str
    exit_code: int


class Checker:
    """A worker's linters, one per choice of packs and language, each made once."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.linters: dict[tuple[tuple[str, ...], str], Linter] = {}

    def linter(self, packs: tuple[str, ...], lang: str) -> Linter:
        key = (packs, lang)
        if key not in self.linters:
            config = replace(
                self.config,
                lang=lang,
                extends=list(packs) if packs else self.config.extends,
                base=self.config.base if not packs else None,
            )
            self.linters[key] = make_linter(config)
        return self.linters[key]

    def check(self, job: Job) -> Outcome:
        linter = self.linter(job.packs, job.lang)
        previous = os.getcwd()
        os.chdir(job.folder)
        try:
            spec = get_format(job.format)
            report = linter.lint_files([Path(name) for name in job.names], jobs=1, keep_documents=spec.needs_documents)
            return render(report, job.format, job.lang, self.config.fail_on)
        finally:
            os.chdir(previous)


def render(report: Report, format_name: str, lang: str, fail_on: str) -> Outcome:
    """The report in a format, as bytes, with the exit code the command line would give."""
    spec = get_format(format_name)
    options = ReportOptions(
        lang=lang, version=__version__, fail_on=fail_on, color=False, destination=f"report.{SUFFIXES[format_name]}"
    )
    if spec.binary:
        stream = io.BytesIO()
        spec.load()(report, stream, options)
        body = stream.getvalue()
    else:
        text = io.StringIO()
        spec.load()(report, text, options)
        body = text.getvalue().encode("utf-8")
    return Outcome(body, MEDIA_TYPES[format_name], exit_code(report, fail_on))


def failed(names: tuple[str, ...], reason: str, format_name: str, lang: str, fail_on: str) -> Outcome:
    """The report of a check that did not finish (past its time or memory): every
    file an error that says why, exit code 2, as the command line reports a file it
    could not read."""
    results = [FileResult(name, None, [], f"{name}: {reason}") for name in names]
    outcome = render(Report(results), format_name, lang, fail_on)
    return Outcome(outcome.body, outcome.media_type, EXIT_ERROR)
