"""What a bureau's pipeline adds to a run: exceptions on the record, and a baseline.

- **Exceptions** (`exceptions:` in lintgoals.yaml) accept findings of a code about
  a file, unit, project or indicator, with a reason and perhaps an end date. An
  accepted finding is still reported (JSON `suppressed`, SARIF `suppressions`, a
  count in the text and HTML reports) and does not count for the exit code. An
  exception that matches nothing is LG601 (info), one past its date LG602
  (warning): a finding at its line of the config.
- **A baseline** (`--write-baseline FILE`) records the fingerprints of today's
  findings; with `--baseline FILE` those findings are reported as known and only
  new ones count, and the report says how many known ones are gone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from lintgoals.config import AcceptedFinding, Config
from lintgoals.engine import render
from lintgoals.model import DocumentSummary, FileResult, Finding, Location, Report
from lintgoals.reporters.common import fingerprints
from lintgoals.rules import RuleSet

BASELINE_FORMAT = 1
CONFIG_LAYOUT = "config"  # how a report names the config where its own findings are


def matches(accepted: AcceptedFinding, finding: Finding) -> bool:
    """Whether an exception covers a finding: its code, and each thing it names."""
    if finding.code != accepted.code:
        return False
    path = finding.location.path
    if accepted.file is not None and not (
        path == accepted.file or fnmatch(path, accepted.file) or Path(path).name == accepted.file
    ):
        return False
    if accepted.unit is not None and accepted.unit not in (finding.unit_code, finding.unit_name):
        return False
    if accepted.project is not None and accepted.project != finding.project:
        return False
    return accepted.indicator is None or accepted.indicator == finding.indicator


def apply_exceptions(report: Report, config: Config, ruleset: RuleSet, lang: str, today: date | None = None) -> None:
    """Mark the findings the config's exceptions accept; report the exceptions that
    match nothing or have expired, as findings of the config."""
    if not config.exceptions:
        return
    today = today or date.today()
    used: set[int] = set()
    for index, accepted in enumerate(config.exceptions):
        if accepted.until is not None and accepted.until < today:
            continue
        for finding in report.findings:
            if finding.suppressed is None and matches(accepted, finding):
                finding.suppressed = accepted.reason
                used.add(index)
    found = [
        config_finding(ruleset, config, accepted, "LG602" if expired else "LG601", lang)
        for index, accepted in enumerate(config.exceptions)
        if (expired := accepted.until is not None and accepted.until < today) or index not in used
    ]
    notes = [note for note in found if note is not None]
    if notes:
        path = notes[0].location.path
        report.files.append(FileResult(path, None, notes, summary=DocumentSummary(CONFIG_LAYOUT, 0, 0, 0)))


def config_finding(ruleset: RuleSet, config: Config, accepted: AcceptedFinding, code: str, lang: str) -> Finding | None:
    rule = ruleset.by_code(code)
    if rule is None or rule.severity is None:
        return None
    about = " · ".join(part for part in (accepted.file, accepted.unit, accepted.project, accepted.indicator) if part)
    params = {
        "code": accepted.code,
        "about": about or "—",
        "reason": accepted.reason,
        "until": accepted.until.isoformat() if accepted.until else "",
    }
    path = str(config.path) if config.path else "lintgoals.yaml"
    return Finding(rule.code, rule.name, rule.severity, render(rule, params, None, lang), Location(path, accepted.line))


@dataclass(slots=True, frozen=True)
class BaselineEntry:
    fingerprint: str
    code: str
    path: str
    message: str


def unsuppressed(report: Report) -> list[tuple[Finding, str]]:
    """The findings no exception accepts, each with its fingerprint: the one GitLab
    and SARIF get, so a baseline and those reports name a finding alike."""
    findings = report.findings
    return [
        (finding, fingerprint)
        for finding, fingerprint in zip(findings, fingerprints(findings), strict=True)
        if finding.suppressed is None
    ]


def baseline_entries(report: Report) -> list[BaselineEntry]:
    return [
        BaselineEntry(fingerprint, finding.code, finding.location.path, finding.message)
        for finding, fingerprint in unsuppressed(report)
    ]


def baseline_text(report: Report) -> str:
    """The baseline file: plain JSON, one finding a line, sorted: a change shows as a diff of lines."""
    entries = sorted(baseline_entries(report), key=lambda entry: (entry.path, entry.code, entry.fingerprint))
    lines = [
        json.dumps(
            {"fingerprint": entry.fingerprint, "code": entry.code, "path": entry.path, "message": entry.message},
            ensure_ascii=False,
        )
        for entry in entries
    ]
    body = ",\n    ".join(lines)
    return (
        f'{{\n  "lintgoals_baseline": {BASELINE_FORMAT},\n  "findings": [\n    {body}\n  ]\n}}\n'
        if lines
        else f'{{\n  "lintgoals_baseline": {BASELINE_FORMAT},\n  "findings": []\n}}\n'
    )


class BaselineError(ValueError):
    """A baseline file that cannot be used; the message says why."""


def read_baseline(path: Path) -> set[str]:
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise BaselineError(f"cannot read the baseline: {error}") from None
    except json.JSONDecodeError as error:
        raise BaselineError(f"line {error.lineno}: not a baseline (invalid JSON: {error.msg})") from None
    if (
        not isinstance(data, dict)
        or data.get("lintgoals_baseline") != BASELINE_FORMAT
        or not isinstance(data.get("findings"), list)
    ):
        raise BaselineError("not a lintgoals baseline (write one with --write-baseline)")
    return {str(entry.get("fingerprint")) for entry in data["findings"] if isinstance(entry, dict)}


def take_as_baseline(report: Report) -> str:
    """The baseline file's text for this run's findings, which are then all known:
    the run that writes a baseline passes, as the next one will on the same tables."""
    text = baseline_text(report)
    for finding, _ in unsuppressed(report):
        finding.baselined = True
    if report.baseline_fixed is None:
        report.baseline_fixed = 0
    return text


def apply_baseline(report: Report, known: set[str]) -> None:
    """Mark the findings the baseline knows; count the baseline's findings that are gone."""
    seen = set()
    for finding, fingerprint in unsuppressed(report):
        if fingerprint in known:
            finding.baselined = True
            seen.add(fingerprint)
    report.baseline_fixed = len(known - seen)
