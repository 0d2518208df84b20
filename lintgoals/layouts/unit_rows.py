"""The unit-rows structure (seed-2019): units, projects and indicators are rows of one table.

A unit row has a code, a project row a name and amounts, an indicator row a
一级指标 or indicator cells, and belongs to the project above it, across page
breaks, where the title and the header rows repeat. Indicators have a common
column triple (明细指标, 指标值, 指标描述) and a personalised one (…（个性）);
text extracted from PDF sometimes shifts cells across the two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lintgoals.layouts.building import (
    BuildContext,
    IndicatorCells,
    funding_of,
    indicator_issues,
    is_title,
    make_indicator,
    read_amount,
    shorten,
    value_text,
)
from lintgoals.layouts.headers import HeaderMatch
from lintgoals.layouts.profile import LayoutProfile
from lintgoals.model import FUNDING_FIELDS, Indicator, Issue, Location, Project, Unit
from lintgoals.readers.table import Row, Sheet

TRIPLE = ("name", "value", "description")
# What a unit-rows profile may name, the one place it is listed (layouts/__init__.py):
# its columns (unit code and name, project name, funding, 一级 and the common and
# personal name/value/description triples); it has no block above the table.
COLUMNS = frozenset(
    {
        "code",
        "name",
        "project_name",
        "category",
        *FUNDING_FIELDS,
        *(f"{kind}_{part}" for kind in ("common", "personal") for part in TRIPLE),
    }
)
BLOCK: frozenset[str] = frozenset()
UNIT_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]*")


@dataclass(slots=True)
class UnitRowsBuilder:
    """Walks a sheet's rows once, keeping the unit and project that rows belong to."""

    context: BuildContext
    sheet: Sheet
    profile: LayoutProfile
    columns: dict[str, int] = field(default_factory=dict)  # the fields of the header (none above it)
    in_table: bool = False
    unit: Unit | None = None
    project: Project | None = None
    orphan_project: bool = False
    ancestors: list[str] = field(default_factory=list)  # unit codes of strictly increasing length
    # Column numbers derived from the header, kept for the rows under it.
    triples: dict[str, list[int | None]] = field(default_factory=dict)
    funding_columns: list[int] = field(default_factory=list)
    indicator_columns: list[int] = field(default_factory=list)

    def feed(self, row: Row) -> None:
        if not self.in_table:
            self.context.read_title(row)  # text above the first table
            return
        code = self.cell(row, "code")
        if is_title(row):
            return  # repeated on every page
        if UNIT_CODE.fullmatch(code):
            self.read_unit(row)
        elif not code:
            self.read_project_or_indicator(row)
        # else: a note under the table (注：…), not a unit

    def finish(self) -> None:
        """Nothing is pending at the end of a sheet: every row was read as it came."""

    def start_table(self, header: Row, match: HeaderMatch) -> None:
        self.columns = columns = match.columns
        self.in_table = True
        self.triples = {kind: [columns.get(f"{kind}_{part}") for part in TRIPLE] for kind in ("common", "personal")}
        self.funding_columns = [columns[name] for name in FUNDING_FIELDS if name in columns]
        self.indicator_columns = [
            column for column in (columns.get("category"), *self.triples["common"], *self.triples["personal"]) if column
        ]

    def cell(self, row: Row, field_name: str) -> str:
        # Rows under a header are as wide as it (feed_rows): a column of the header is an index.
        column = self.columns.get(field_name)
        return row.cells[column - 1] if column else ""

    def location(self, row: Row, field_name: str | None = None, column: int | None = None) -> Location:
        return self.context.location(self.sheet, row, column or (self.columns.get(field_name) if field_name else None))

    @property
    def project_field(self) -> str:
        """Where a project's name is: its own column, if the table has one, else 单位名称's."""
        return "project_name" if "project_name" in self.columns else "name"

    def has_amounts(self, row: Row) -> bool:
        cells = row.cells
        return any(cells[column - 1] for column in self.funding_columns)

    def has_indicator_cells(self, row: Row) -> bool:
        cells = row.cells
        return any(cells[column - 1] for column in self.indicator_columns)

    def read_unit(self, row: Row) -> None:
        code, name = self.cell(row, "code"), self.cell(row, "name")
        # The parent is the latest unit with a shorter code: the department (239) of 239001.
        while self.ancestors and len(self.ancestors[-1]) >= len(code):
            self.ancestors.pop()
        parent = self.ancestors[-1] if self.ancestors else None
        self.ancestors.append(code)
        self.unit = Unit(code, name, self.location(row, "code"), parent)
        self.context.document.units.append(self.unit)
        self.project, self.orphan_project = None, False

    def read_project_or_indicator(self, row: Row) -> None:
        # A table exported from a workbook may start a project's indicators on its own row.
        if self.cell(row, self.project_field) or self.has_amounts(row):
            self.read_project(row)
        if self.has_indicator_cells(row):
            self.read_indicator(row)

    def read_project(self, row: Row) -> None:
        project = Project(self.cell(row, self.project_field), self.location(row, self.project_field))
        amounts = {
            name: read_amount(
                self.cell(row, name),
                project.location,
                self.columns[name],
                self.context.issues,
                unit=self.unit,
                project=project,
            )
            for name in FUNDING_FIELDS
            if name in self.columns
        }
        project.funding = funding_of(amounts)
        if self.unit is None:
            self.context.issues.append(Issue("LG004", project.location, {"text": project.name}, "project"))
            self.project, self.orphan_project = None, True
            return
        self.unit.projects.append(project)
        self.project, self.orphan_project = project, False

    def read_indicator(self, row: Row) -> None:
        project = self.project
        if project is None:
            if not self.orphan_project:  # rows of an orphan project were reported with it
                self.context.issues.append(
                    Issue(
                        "LG004",
                        self.location(row, "category"),
                        {"text": self.cell(row, "category")},
                        "indicator",
                        unit=self.unit,
                    )
                )
            return
        kind, cells, shifted = self.indicator_cells(row)
        indicator = make_indicator(self.indicator_texts(row, project, kind, cells))
        project.indicators.append(indicator)
        if shifted:
            self.context.issues.append(self.shifted_issue(row, shifted, indicator))
        self.context.issues += indicator_issues(indicator, self.unit, self.project)

    def indicator_texts(
        self, row: Row, project: Project, kind: str, cells: list[tuple[str, int | None]]
    ) -> IndicatorCells:
        category_raw = self.cell(row, "category")
        if not category_raw and project.indicators:
            # A 一级指标 cell merged over several rows survives only on the first.
            category_raw = project.indicators[-1].category_raw
        (name, name_at), (value, value_at), (description, description_at) = cells
        return IndicatorCells(
            category_raw,
            name,
            value_text(value, name, self.sheet, (row.line, value_at)),
            description,
            kind,
            self.location(row, "category"),
            name_at,
            value_at,
            description_at,
        )

    def indicator_cells(self, row: Row) -> tuple[str, list[tuple[str, int | None]], list[int]]:
        """The kind, the (text, column) of name, value and description, and the
        filled columns when they were shifted (else []).

        Where every filled cell sits in one column set, positions are trusted, so
        a missing value stays missing. Where the filled cells straddle both sets
        (text extracted from PDF shifts them), they are read in column order.
        """
        common, personal = self.triples["common"], self.triples["personal"]
        cells = row.cells
        filled_common = [c for c in common if c and cells[c - 1]]
        filled_personal = [c for c in personal if c and cells[c - 1]]
        if not (filled_common and filled_personal):
            kind, triple = ("personal", personal) if filled_personal else ("common", common)
            return kind, [(cells[c - 1] if c else "", c) for c in triple], []
        filled = sorted(filled_common + filled_personal)
        columns = recover_shifted(filled, common, personal)
        kind = "common" if columns[0] in common else "personal"
        return kind, [(cells[c - 1] if c else "", c) for c in columns], filled

    def shifted_issue(self, row: Row, shifted: list[int], indicator: Indicator) -> Issue:
        used = {indicator.name_column, indicator.value_column, indicator.description_column}
        ignored = "、".join(shorten(row.cell(column)) for column in shifted if column not in used)
        return Issue(
            "LG003",
            self.location(row, column=shifted[0]),
            {
                "columns": "、".join(str(column) for column in shifted),
                "name": shorten(indicator.name),
                "value": shorten(indicator.value_text),
                "description": shorten(indicator.description),
                "ignored": ignored,
            },
            "extra" if ignored else None,
            unit=self.unit,
            project=self.project,
            indicator=indicator,
        )


def recover_shifted(filled: list[int], common: list[int | None], personal: list[int | None]) -> list[int | None]:
    """Columns to read name, value and description from, for a shifted row.

    Three or more filled cells are name, value, description in column order.
    Fewer keep the part their own column stands for, unless two claim one part.
    """
    if len(filled) >= 3:
        return [*filled[:3]]
    parts = [common.index(c) if c in common else personal.index(c) for c in filled]
    if len(set(parts)) < len(parts):
        parts = list(range(len(filled)))
    columns: list[int | None] = [None, None, None]
    for part, column in zip(parts, filled, strict=True):
        columns[part] = column
    return columns
