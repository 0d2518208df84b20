"""Where in a Document a finding belongs: its unit, its project, and the row of the
table it points at — for the reports that show findings inside the table's own
structure (html) or count checks per project (junit).

A finding names its unit, project and indicator; names can repeat (LG105 and
LG402 report exactly that), so where names alone are ambiguous the finding's
position decides: the namesake whose rows hold the finding's line wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

from lintgoals.model import FUNDING_FIELDS, Amount, Document, Finding, Indicator, Location, Project, Unit

# A row of a sheet: (sheet name or None for text, line or row number).
RowKey = tuple[str | None, int]
Item = TypeVar("Item")


def row_key(location: Location) -> RowKey | None:
    return None if location.line is None else (location.sheet, location.line)


def indicator_locations(indicator: Indicator) -> tuple[Location, ...]:
    return (indicator.location, indicator.name_location, indicator.value_location,
            indicator.description_location)


def project_row_locations(project: Project) -> list[Location]:
    """The project's own row: its name cell and its funding cells."""
    amounts: list[Amount | None] = [getattr(project.funding, name) for name in FUNDING_FIELDS]
    return [project.location, *(amount.location for amount in amounts if amount is not None)]


def project_locations(project: Project) -> list[Location]:
    return [*project_row_locations(project),
            *(location for indicator in project.indicators for location in indicator_locations(indicator))]


def unit_locations(unit: Unit) -> list[Location]:
    return [unit.location, *(location for project in unit.projects for location in project_locations(project))]


def rows_of(locations: Iterable[Location]) -> set[RowKey]:
    return {key for key in map(row_key, locations) if key is not None}


def holds(locations: Iterable[Location], finding: Finding) -> bool:
    """Whether the finding's row lies within the span of rows these locations cover."""
    key = row_key(finding.location)
    if key is None:
        return False
    lines = [line for sheet, line in rows_of(locations) if sheet == key[0]]
    return bool(lines) and min(lines) <= key[1] <= max(lines)


def nearest(candidates: Sequence[Item], spans: Sequence[list[Location]], finding: Finding) -> Item:
    """The candidate whose rows hold the finding; the first one when none does."""
    for candidate, span in zip(candidates, spans, strict=True):
        if holds(span, finding):
            return candidate
    return candidates[0]


def index_of(items: Iterable[object], item: object) -> int:
    """The position of this very object (not of an equal one: namesakes are equal)."""
    return next(i for i, candidate in enumerate(items) if candidate is item)


def place_of(document: Document, finding: Finding) -> tuple[Unit | None, Project | None]:
    """The unit and project of the document a finding is about (None where it names
    none, or names one the document does not have, as an orphan row does)."""
    units = [unit for unit in document.units if (unit.code, unit.name) == (finding.unit_code, finding.unit_name)]
    if not units:
        return None, None
    pairs = [(unit, project) for unit in units for project in unit.projects if project.name == finding.project]
    if finding.project is None or not pairs:
        return nearest(units, [unit_locations(unit) for unit in units], finding), None
    return nearest(pairs, [project_locations(project) for _, project in pairs], finding)


def row_of(project: Project, finding: Finding) -> Indicator | Project | None:
    """The row of a project's table a finding points at: one of its indicators, the
    project's own row (name and funding), or None when it points at neither."""
    key = row_key(finding.location)
    if key is None:
        return None
    on_row = [indicator for indicator in project.indicators if key in rows_of(indicator_locations(indicator))]
    named = [indicator for indicator in on_row if indicator.name == finding.indicator]
    # The first indicator may share the project's row; the finding's indicator
    # name (or its absence) says which of the two it is about.
    if named:
        return named[0]
    if finding.indicator is None and key in rows_of(project_row_locations(project)):
        return project
    if on_row:
        return on_row[0]
    return project if key in rows_of(project_row_locations(project)) else None
