"""The seed-2019 layout: the 市级部门预算项目绩效目标表 as text extracted from PDF.

Fourteen columns: 单位编码 · 单位名称 · 资金安排 (总计 … 其他资金 on a second
header row) · 一级指标 · the common triple 明细指标/指标值/指标描述 · the
personalised triple (个性). Every page repeats the title and both header rows;
a unit row has a code, a project row a name and amounts, an indicator row a
一级指标 or indicator cells, and belongs to the project above it, across pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from lintgoals.layouts.categories import canonical_category, is_satisfaction
from lintgoals.layouts.headers import find_columns, normalize_header
from lintgoals.model import Amount, Document, Funding, Indicator, Issue, Location, Project, Unit
from lintgoals.readers.table import ReadError, Row, Table
from lintgoals.values import parse_value

LAYOUT_NAME = "seed-2019"

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("单位编码", "单位代码"),
    "name": ("单位名称", "单位名称/项目名称", "项目名称"),
    "category": ("一级指标",),
    "common_name": ("明细指标", "二级指标"),
    "common_value": ("指标值",),
    "common_description": ("指标描述",),
    "personal_name": ("明细指标(个性)", "二级指标(个性)"),
    "personal_value": ("指标值(个性)",),
    "personal_description": ("指标描述(个性)",),
}
FUNDING_ALIASES: dict[str, tuple[str, ...]] = {
    "total": ("总计", "合计"),
    "general_budget": ("一般公共预算",),
    "government_fund": ("政府性基金",),
    "special_account": ("专户资金", "财政专户"),
    "other": ("其他资金",),
}
REQUIRED = ("code", "name", "category", "common_name", "common_value", "common_description")
TRIPLE = ("name", "value", "description")
UNIT_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]*")
YEAR = re.compile(r"(20\d{2})\s*年")
AMOUNT = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)")


@dataclass(slots=True)
class Columns:
    fields: dict[str, int]
    funding: dict[str, int]

    def triple(self, kind: str) -> list[int | None]:
        return [self.fields.get(f"{kind}_{part}") for part in TRIPLE]


def is_header(row: Row) -> bool:
    # A cheap look for the one header word every variant has, before normalising cells.
    if not any("指标" in cell for cell in row.cells):
        return False
    found = find_columns(row.cells, {"code": HEADER_ALIASES["code"], "category": HEADER_ALIASES["category"]})
    return len(found) == 2


def is_funding_header(row: Row) -> bool:
    if not any("计" in cell for cell in row.cells):  # 总计 / 合计
        return False
    return "total" in find_columns(row.cells, FUNDING_ALIASES)


def is_title(row: Row) -> bool:
    texts = [cell.strip() for cell in row.cells if cell.strip()]
    return len(texts) == 1 and "绩效目标表" in texts[0]


def parse_amount(raw: str) -> Decimal | None:
    """An amount in yuan; None when the cell is not a plain number."""
    text = normalize_header(raw).replace(",", "")
    if not AMOUNT.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


@dataclass(slots=True)
class SeedBuilder:
    """Walks the rows once, keeping the unit and project that rows belong to."""

    table: Table
    document: Document
    columns: Columns | None = None
    issues: list[Issue] = field(default_factory=list)
    unit: Unit | None = None
    project: Project | None = None
    orphan_project: bool = False
    ancestors: list[str] = field(default_factory=list)  # codes of strictly increasing length
    after_header: bool = False  # the row before was a header row: the funding header may follow

    def location(self, row: Row, column: int | None) -> Location:
        return Location(self.table.path, row.line, column)

    def feed(self, row: Row) -> None:
        if row.is_blank():
            return
        if is_title(row):
            self.read_title(row)
        elif is_header(row):
            self.columns = self.read_columns(row)
            self.after_header = True
            return
        elif self.columns is None:
            return  # text before the first table
        elif self.after_header and is_funding_header(row):
            self.columns.funding = find_columns(row.cells, FUNDING_ALIASES)
        elif UNIT_CODE.fullmatch(row.cell(self.columns.fields["code"])):
            self.read_unit(row)
        elif row.cell(self.columns.fields["code"]):
            pass  # a note under the table (注：…), not a unit
        else:
            self.read_project_or_indicator(row)
        self.after_header = False

    def read_project_or_indicator(self, row: Row) -> None:
        # A table exported from a workbook may start a project's indicators on its own row.
        if row.cell(self.columns.fields["name"]) or self.has_amounts(row):
            self.read_project(row)
        if self.has_indicator_cells(row):
            self.read_indicator(row)

    def read_title(self, row: Row) -> None:
        if self.document.title is None:
            title = next(cell.strip() for cell in row.cells if cell.strip())
            self.document.title = title
            year = YEAR.search(title)
            self.document.year = int(year.group(1)) if year else None

    def read_columns(self, row: Row) -> Columns:
        fields = find_columns(row.cells, HEADER_ALIASES)
        missing = [name for name in REQUIRED if name not in fields]
        if missing:
            raise ReadError("LG002", "incomplete_header", line=row.line,
                            params={"headers": "、".join(c.strip() for c in row.cells if c.strip())})
        # The funding columns usually sit under 资金安排 on the next header row;
        # a one-row header names them itself.
        return Columns(fields, find_columns(row.cells, FUNDING_ALIASES))

    def has_amounts(self, row: Row) -> bool:
        return any(row.cell(column) for column in self.columns.funding.values())

    def has_indicator_cells(self, row: Row) -> bool:
        columns = [self.columns.fields["category"], *self.columns.triple("common"), *self.columns.triple("personal")]
        return any(row.cell(column) for column in columns if column)

    def read_unit(self, row: Row) -> None:
        code = row.cell(self.columns.fields["code"])
        name = row.cell(self.columns.fields["name"])
        # The parent is the latest unit with a shorter code: the department (239) of 239001.
        while self.ancestors and len(self.ancestors[-1]) >= len(code):
            self.ancestors.pop()
        parent = self.ancestors[-1] if self.ancestors else None
        self.ancestors.append(code)
        self.unit = Unit(code, name, self.location(row, self.columns.fields["code"]), parent)
        self.document.units.append(self.unit)
        self.project = None
        self.orphan_project = False

    def read_project(self, row: Row) -> None:
        column = self.columns.fields["name"]
        project = Project(row.cell(column), self.location(row, column))
        project.funding = self.read_funding(row, project)
        if self.unit is None:
            self.issues.append(Issue("LG004", project.location, {"text": project.name}, "project"))
            self.project, self.orphan_project = None, True
            return
        self.unit.projects.append(project)
        self.project, self.orphan_project = project, False

    def read_funding(self, row: Row, project: Project) -> Funding:
        funding = Funding()
        for name, column in self.columns.funding.items():
            raw = row.cell(column)
            amount = Amount(raw, parse_amount(raw) if raw else None, self.location(row, column))
            if raw and amount.value is None:
                self.issues.append(Issue("LG005", amount.location, {"text": raw}, unit=self.unit,
                                         project=project))
            setattr(funding, name, amount)
        return funding

    def read_indicator(self, row: Row) -> None:
        if self.project is None:
            if not self.orphan_project:  # rows of an orphan project were reported with it
                category_column = self.columns.fields["category"]
                self.issues.append(Issue("LG004", self.location(row, category_column),
                                         {"text": row.cell(category_column)}, "indicator", unit=self.unit))
            return
        kind, cells, shifted = self.indicator_cells(row)
        indicator = self.make_indicator(row, kind, cells)
        self.project.indicators.append(indicator)
        if shifted:
            self.issues.append(self.shifted_issue(row, shifted, indicator))
        if indicator.category is None:
            self.issues.append(Issue("LG006", indicator.location, {"text": indicator.category_raw},
                                     unit=self.unit, project=self.project, indicator=indicator))

    def shifted_issue(self, row: Row, shifted: list[int], indicator: Indicator) -> Issue:
        used = {indicator.name_location.column, indicator.value_location.column,
                indicator.description_location.column}
        ignored = "、".join(shorten(row.cell(column)) for column in shifted if column not in used)
        return Issue("LG003", self.location(row, shifted[0]), {
            "columns": "、".join(str(column) for column in shifted), "name": shorten(indicator.name),
            "value": shorten(indicator.value_text), "description": shorten(indicator.description),
            "ignored": ignored}, "extra" if ignored else None,
            unit=self.unit, project=self.project, indicator=indicator)

    def make_indicator(self, row: Row, kind: str, cells: list[tuple[str, int | None]]) -> Indicator:
        category_column = self.columns.fields["category"]
        category_raw = row.cell(category_column)
        if not category_raw and self.project.indicators:
            # A 一级指标 cell merged over several rows survives only on the first.
            category_raw = self.project.indicators[-1].category_raw
        (name, name_at), (value, value_at), (description, description_at) = (
            (text, self.location(row, column)) for text, column in cells)
        category = canonical_category(category_raw)
        return Indicator(
            category=category, category_raw=category_raw, name=name, value_text=value,
            value=parse_value(value), description=description, kind=kind,
            location=self.location(row, category_column), name_location=name_at,
            value_location=value_at, description_location=description_at,
            is_satisfaction=is_satisfaction(category, name))

    def indicator_cells(self, row: Row) -> tuple[str, list[tuple[str, int | None]], list[int]]:
        """The kind, the (text, column) of name, value and description, and the
        filled columns when they were shifted (else []).

        Where every filled cell sits in one column set, positions are trusted, so
        a missing value stays missing. Where the filled cells straddle both sets
        (text extracted from PDF shifts them), they are read in column order.
        """
        common, personal = self.columns.triple("common"), self.columns.triple("personal")
        filled_common = [c for c in common if c and row.cell(c)]
        filled_personal = [c for c in personal if c and row.cell(c)]
        if not (filled_common and filled_personal):
            kind, triple = ("personal", personal) if filled_personal else ("common", common)
            return kind, [(row.cell(c) if c else "", c) for c in triple], []
        filled = sorted(filled_common + filled_personal)
        columns = recover_shifted(filled, common, personal)
        kind = "common" if columns[0] in common else "personal"
        return kind, [(row.cell(c) if c else "", c) for c in columns], filled


def shorten(text: str, limit: int = 20) -> str:
    """Enough of a cell to recognise it in a message."""
    return text if len(text) <= limit else text[:limit] + "…"


def recover_shifted(filled: list[int], common: list[int | None],
                    personal: list[int | None]) -> list[int | None]:
    """Columns to read name, value and description from, for a shifted row.

    Three or more filled cells are name, value, description in column order.
    Fewer keep the part their own column stands for, unless two claim one part.
    """
    if len(filled) >= 3:
        return filled[:3]
    parts = [common.index(c) if c in common else personal.index(c) for c in filled]
    if len(set(parts)) < len(parts):
        parts = list(range(len(filled)))
    columns: list[int | None] = [None, None, None]
    for part, column in zip(parts, filled, strict=True):
        columns[part] = column
    return columns


def build_seed_2019(table: Table) -> tuple[Document, list[Issue]]:
    document = Document(table.path, LAYOUT_NAME, Location(table.path))
    builder = SeedBuilder(table, document)
    for sheet in table.sheets:
        for row in sheet.rows:
            builder.feed(row)
    if builder.columns is None:
        raise ReadError("LG002", "no_header")
    return document, builder.issues
