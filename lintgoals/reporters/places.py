"""Where in a Document a finding belongs: its unit, its project, and the row of the
table it points at — for the reports that show findings inside the table's own
structure (html) or count checks per project (junit).

A finding names its unit, project and indicator; names can repeat (LG105 and
LG402 report exactly that), so where names alone are ambiguous the finding's
position decides: the namesake whose rows span the finding's line wins.
Places are given as indices into `document.units` and `unit.projects`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from lintgoals.model import FUNDING_FIELDS, Amount, Document, Finding, Indicator, Location, Project, Unit

# The lines a part of the table covers, per sheet (None for text): first and last.
Span = dict[str | None, tuple[int, int]]
UnitKey = tuple[str, str]
ProjectKey = tuple[str, str, str]


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


def span_of(locations: Iterable[Location]) -> Span:
    span: Span = {}
    for location in locations:
        if location.line is not None:
            first, last = span.get(location.sheet, (location.line, location.line))
            span[location.sheet] = (min(first, location.line), max(last, location.line))
    return span


def within(span: Span, location: Location) -> bool:
    bounds = span.get(location.sheet)
    return location.line is not None and bounds is not None and bounds[0] <= location.line <= bounds[1]


RowKey = tuple[str | None, int]


def row_key(location: Location) -> RowKey | None:
    return None if location.line is None else (location.sheet, location.line)


@dataclass(slots=True)
class ProjectRows:
    """A project's rows by (sheet, line), made once: placing each finding is then a
    lookup, not a walk over the project (a project of 4,000 repeated rows with a
    finding on each would otherwise take minutes)."""

    indicators_on: dict[RowKey, list[int]]  # the indicators each row holds, by index
    own_rows: set[RowKey]  # the rows of the project's name and funding cells

    @classmethod
    def of(cls, project: Project) -> ProjectRows:
        indicators_on: dict[RowKey, list[int]] = {}
        for index, indicator in enumerate(project.indicators):
            for key in dict.fromkeys(row_key(location) for location in indicator_locations(indicator)):
                if key is not None:
                    indicators_on.setdefault(key, []).append(index)
        own_rows = {key for key in map(row_key, project_row_locations(project)) if key is not None}
        return cls(indicators_on, own_rows)


@dataclass(slots=True)
class Places:
    """A document's units and projects by name, with the lines each spans, worked
    out once so that placing many findings stays cheap."""

    units: dict[UnitKey, list[tuple[int, Span]]] = field(default_factory=dict)
    projects: dict[ProjectKey, list[tuple[int, int, Span]]] = field(default_factory=dict)
    document: Document | None = None
    rows: dict[tuple[int, int], ProjectRows] = field(default_factory=dict)  # made as findings need them

    @classmethod
    def of(cls, document: Document) -> Places:
        places = cls(document=document)
        for u, unit in enumerate(document.units):
            places.units.setdefault((unit.code, unit.name), []).append((u, span_of(unit_locations(unit))))
            for p, project in enumerate(unit.projects):
                places.projects.setdefault((unit.code, unit.name, project.name), []).append(
                    (u, p, span_of(project_locations(project))))
        return places

    def place(self, finding: Finding) -> tuple[int | None, int | None]:
        """(unit index, project index) of what the finding is about; None where it
        names none, or one the document does not have (an orphan row)."""
        location = finding.location
        if finding.project is not None and finding.unit_code is not None and finding.unit_name is not None:
            projects = self.projects.get((finding.unit_code, finding.unit_name, finding.project), [])
            if projects:
                u, p, _ = next((entry for entry in projects if within(entry[2], location)), projects[0])
                return u, p
        units = self.units.get((finding.unit_code or "", finding.unit_name or ""), [])
        if not units or finding.unit_code is None and finding.unit_name is None:
            return None, None
        return next((u for u, span in units if within(span, location)), units[0][0]), None


    def row_of(self, unit_index: int, project_index: int, finding: Finding) -> int | None:
        """The row of a project's table a finding points at: 0 for the project's own row
        (name and funding), i + 1 for its indicator i, None when it points at neither."""
        assert self.document is not None
        project = self.document.units[unit_index].projects[project_index]
        rows = self.rows.get((unit_index, project_index))
        if rows is None:
            rows = self.rows[(unit_index, project_index)] = ProjectRows.of(project)
        return row_in(project, rows, finding)


def row_in(project: Project, rows: ProjectRows, finding: Finding) -> int | None:
    key = row_key(finding.location)
    indicators = rows.indicators_on.get(key, []) if key is not None else []
    named = [i for i in indicators if project.indicators[i].name == finding.indicator]
    own_row = key in rows.own_rows
    # The first indicator may share the project's row; the finding's indicator
    # name (or its absence) says which of the two it is about.
    if named:
        return named[0] + 1
    if finding.indicator is None and own_row:
        return 0
    if indicators:
        return indicators[0] + 1
    return 0 if own_row else None
