"""Score lintgoals against the keys of the real-table corpus.

A table is read right when it is read at all (no LG001/LG002) into the shape
its key gives (units, projects, indicators). Recall is the share of the key's
`must` entries found: a finding of that code at that row (any row, for a null
row). A false alarm is a finding the key says must not be: a code in `never`,
or a [code, row] in `never_at`. Findings the key neither asks for (`must`) nor
accepts (`may`) are counted apart as unexplained: each is a question for a
reviewer, not yet a verdict. On a table whose stored page ends mid-table
(`partial`), what the cut explains is neither: a finding on the last row
transcribed, or a set's missing money, category, indicators or weights.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from build import CORPUS, entries

from lintgoals.api import Linter, make_linter
from lintgoals.config import Config
from lintgoals.model import PROJECT, FileResult, Finding

UNREADABLE = ("LG001", "LG002")
# What a table cut short lacks for that reason alone.
CUT_CODES = frozenset({"LG103", "LG201", "LG202", "LG203", "LG204", "LG501", "LG503"})


@dataclass(slots=True)
class Score:
    name: str
    entry: dict[str, Any]
    shape: dict[str, int]  # what was read: units, projects, indicators
    read: bool  # read at all
    shape_right: bool
    found: list[list[Any]] = field(default_factory=list)  # must entries found
    missed: list[list[Any]] = field(default_factory=list)  # must entries not found
    false_alarms: list[Finding] = field(default_factory=list)
    unexplained: list[Finding] = field(default_factory=list)

    @property
    def read_right(self) -> bool:
        return self.read and self.shape_right


def corpus_linter() -> Linter:
    """lintgoals as a user runs it on a table: no config, so the table's framework chooses the packs."""
    return make_linter(Config())


def read_shape(result: FileResult) -> dict[str, int]:
    document = result.document
    if document is None:
        return {"units": 0, "projects": 0, "indicators": 0}
    projects = [project for unit in document.units for project in unit.projects]
    # A unit counts where it holds target sets: a department's own row above its units does not.
    return {
        "units": sum(1 for unit in document.units if unit.projects and (unit.name or unit.code)),
        "projects": len(
            {
                (project.name, id(unit))
                for unit in document.units
                for project in unit.projects
                if project.scope == PROJECT
            }
        ),
        "indicators": sum(len(project.indicators) for project in projects),
    }


def shape_matches(expected: dict[str, int], shape: dict[str, int]) -> bool:
    if "units" in expected and expected["units"] != shape["units"]:
        return False
    if "projects" in expected and expected["projects"] != shape["projects"]:
        return False
    if "indicators" in expected and expected["indicators"] != shape["indicators"]:
        return False
    return shape["indicators"] >= expected.get("indicators_min", 0)


def at_row(finding: Finding, code: str, row: int | None, standing_in: dict[str, set[str]] | None = None) -> bool:
    """The finding is of `code` at `row` (any row for None), or of a code that
    supersedes it there (the more specific finding, into which the other folds)."""
    codes = {code} | (standing_in or {}).get(code, set())
    return finding.code in codes and (row is None or finding.location.line == row)


def superseders(linter: Linter) -> dict[str, set[str]]:
    """For each code, the codes whose finding on its cell replaces its own."""
    by_code: dict[str, set[str]] = {}
    for rule in linter.ruleset.rules:
        for code in rule.supersedes:
            by_code.setdefault(code, set()).add(rule.code)
    return by_code


def score_table(linter: Linter, path: Path, entry: dict[str, Any]) -> Score:
    result = linter.lint_file(path)
    standing_in = superseders(linter)
    key = entry.get("key") or {}
    findings = result.findings
    read = result.document is not None and not any(f.code in UNREADABLE for f in findings)
    shape = read_shape(result)
    score = Score(path.stem, entry, shape, read, shape_matches(key.get("shape") or {}, shape))
    unmatched = list(findings)
    for must in key.get("must") or []:
        code, row = must[0], must[1] if len(must) > 1 else None
        match = next((f for f in unmatched if at_row(f, code, row)), None)
        # A finding that superseded this one on its cell says it too, even where it
        # answers another entry of the key (one problem, one finding).
        folded = match or next((f for f in findings if at_row(f, code, row, standing_in)), None)
        if folded is None:
            score.missed.append(must)
            continue
        score.found.append(must)
        if match is not None:
            unmatched.remove(match)
        elif folded in unmatched:
            unmatched.remove(folded)
    never = set(key.get("never") or [])
    never_at = {(code, row) for code, row, *_ in key.get("never_at") or []}
    may = [(entry_[0], entry_[1] if len(entry_) > 1 else None) for entry_ in key.get("may") or []]
    last_row = max((len(sheet.get("rows") or []) for sheet in entry.get("sheets") or []), default=0)
    for finding in unmatched:
        if entry.get("partial") and (finding.code in CUT_CODES or finding.location.line == last_row):
            continue
        if finding.code in never or (finding.code, finding.location.line) in never_at:
            score.false_alarms.append(finding)
        elif not any(at_row(finding, code, row) for code, row in may):
            score.unexplained.append(finding)
    return score


def score_corpus(names: Iterable[str] = ()) -> list[Score]:
    wanted = set(names)
    linter = corpus_linter()
    return [
        score_table(linter, CORPUS / entry["file"], entry)
        for path, entry in entries()
        if not wanted or path.stem in wanted
    ]


@dataclass(slots=True)
class Totals:
    tables: int
    read_right: int
    must: int
    found: int
    false_alarms: int
    unexplained: int
    uncovered: int  # defects keyed "?": no rule says them yet

    @classmethod
    def of(cls, scores: list[Score]) -> Totals:
        return cls(
            len(scores),
            sum(s.read_right for s in scores),
            sum(len(s.found) + len(s.missed) for s in scores),
            sum(len(s.found) for s in scores),
            sum(len(s.false_alarms) for s in scores),
            sum(len(s.unexplained) for s in scores),
            sum(1 for s in scores for must in s.missed if must[0] == "?"),
        )
