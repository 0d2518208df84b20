"""The project-block structure (three-level): a block of labelled cells above
each table names the project, its unit and its money (项目名称 …, 主管部门 …,
年度资金总额 …); the table below lists indicators in three levels, the 一级 and
二级 cells merged down or left blank under the row that names them. A table may
instead have 项目名称 / 预算数 columns, one project after another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lintgoals.layouts.building import BuildContext, IndicatorCells, make_indicator, read_amount, value_text
from lintgoals.layouts.headers import header_key
from lintgoals.layouts.profile import LayoutProfile
from lintgoals.model import FUNDING_FIELDS, Funding, Issue, Location, Project, Unit
from lintgoals.readers.table import Row, Sheet

CODE = re.compile(r"\d{3,}")
CODE_DECORATION = re.compile(r"[\[\]()（）【】:：\s]+")
LABEL_WITH_VALUE = re.compile(r"^([^:：]{2,20})[:：](.+)$")

Block = dict[str, tuple[str, Location]]  # field → (text, where)


@dataclass(slots=True)
class PendingLevel2:
    """A 二级 row with no 三级 on it: reported (LG508) unless indicators follow under it."""

    name: str
    category: str
    location: Location


@dataclass(slots=True)
class ProjectBlockBuilder:
    context: BuildContext
    sheet: Sheet
    profile: LayoutProfile
    columns: dict[str, int] | None = None
    block_rows: list[Row] = field(default_factory=list)
    unit: Unit | None = None
    project: Project | None = None
    level1: str = ""
    level2: str = ""
    pending: PendingLevel2 | None = None

    def feed(self, row: Row) -> None:
        if self.columns is None or self.starts_block(row):
            self.end_table()
            self.block_rows.append(row)
            self.context.read_title(row)
        else:
            self.read_row(row)

    def finish(self) -> None:
        self.end_table()

    def cell(self, row: Row, field_name: str) -> str:
        column = self.columns.get(field_name)
        return row.cell(column) if column else ""

    def location(self, row: Row, field_name: str) -> Location:
        return self.context.location(self.sheet, row, self.columns.get(field_name))

    def start_table(self, header: Row, columns: dict[str, int]) -> None:
        self.end_table()
        self.columns = columns
        block = parse_block(self.block_rows, self.sheet, self.context, self.profile)
        self.context.found_fields(block)
        self.block_rows = []
        header_at = self.context.location(self.sheet, header, None)
        rowwise_units = "unit_code" in columns or "unit_name" in columns
        # With unit columns the rows name their units; a block names one only if it says so.
        self.unit = None
        if not rowwise_units or "department" in block or "implementer" in block:
            self.unit = self.block_unit(block, header_at)
        if "project_name" not in columns:
            self.project = self.block_project(block, header_at)

    def starts_block(self, row: Row) -> bool:
        """A row labelled 项目名称 after a table begins the next project's block."""
        labels = self.profile.block.get("project_name", ())
        return any(label_of(cell, {label: "" for label in labels}) for cell in row.cells if cell.strip())

    def end_table(self) -> None:
        self.report_pending()
        self.columns, self.project, self.level1, self.level2 = None, None, "", ""

    def block_unit(self, block: Block, fallback: Location) -> Unit:
        """The unit the block names: 实施单位, else 主管部门; a code in the text is its code."""
        department, department_at = block.get("department", ("", fallback))
        implementer, implementer_at = block.get("implementer", ("", fallback))
        department_code, department_name = split_code(department)
        code, name = split_code(implementer) if implementer else (department_code, department_name)
        parent = department_code if implementer and department_code and department_code != code else None
        return self.unit_of(code, name, implementer_at if implementer else department_at, parent)

    def unit_of(self, code: str, name: str, location: Location, parent: str | None) -> Unit:
        """The document's unit of this code and name, made at its first mention."""
        key = (code, name)
        if key not in self.context.units:
            unit = Unit(code, name, location, parent)
            self.context.units[key] = unit
            self.context.document.units.append(unit)
        return self.context.units[key]

    def follow_unit_columns(self, row: Row) -> None:
        """With 单位编码 / 单位名称 columns, a row naming another unit starts its projects."""
        code, name = self.cell(row, "unit_code"), self.cell(row, "unit_name")
        if not (code or name):
            return
        if not code:
            code, name = split_code(name)
        if self.unit is None or (code, name) != (self.unit.code, self.unit.name):
            field_name = "unit_code" if "unit_code" in self.columns else "unit_name"
            parent = self.unit.parent_code if self.unit is not None else None
            self.unit = self.unit_of(code, name, self.location(row, field_name), parent)
            self.project = None

    def block_project(self, block: Block, fallback: Location) -> Project:
        if self.unit is None:
            self.unit = self.block_unit(block, fallback)
        name, location = block.get("project_name", (self.sheet.name or Path(self.context.table.path).stem,
                                                     fallback))
        issues = self.context.issues
        project = Project(name, location, Funding(**{
            part: read_amount(text, at, None, issues, unit=self.unit)
            for part, (text, at) in block.items() if part in FUNDING_FIELDS}))
        self.unit.projects.append(project)
        return project

    def read_row(self, row: Row) -> None:
        if "unit_code" in self.columns or "unit_name" in self.columns:
            self.follow_unit_columns(row)
        if "project_name" in self.columns:
            self.follow_project_column(row)
        category_cell, level2_cell = self.cell(row, "level1"), self.cell(row, "level2")
        if category_cell and category_cell != self.level1:
            self.report_pending()
            self.level1, self.level2 = category_cell, ""
        if level2_cell and level2_cell != self.level2:
            self.report_pending()
            self.level2 = level2_cell
        name, value, description = self.cell(row, "level3"), self.cell(row, "value"), self.cell(row, "description")
        if not (name or value or description):
            if level2_cell:
                self.pending = PendingLevel2(level2_cell, self.level1, self.location(row, "level2"))
            return
        self.pending = None
        self.add_indicator(row, name, value, description)

    def add_indicator(self, row: Row, name: str, value: str, description: str) -> None:
        if self.project is None:
            self.context.issues.append(Issue("LG004", self.location(row, "level3"), {"text": name}, "indicator",
                                             unit=self.unit))
            return
        indicator = make_indicator(IndicatorCells(
            self.level1, name, value_text(value, name, self.sheet), description, "common",
            self.location(row, "level1"), self.columns.get("level3"), self.columns.get("value"),
            self.columns.get("description"), self.level2 or None, self.cell(row, "weight"),
            self.cell(row, "measure_unit"), self.cell(row, "operator"), self.cell(row, "direction")))
        self.project.indicators.append(indicator)
        if indicator.category is None:
            self.context.issues.append(Issue("LG006", indicator.location, {"text": indicator.category_raw},
                                             unit=self.unit, project=self.project, indicator=indicator))

    def follow_project_column(self, row: Row) -> None:
        """With a 项目名称 column, a new name starts the next project (a merged cell names it once)."""
        name = self.cell(row, "project_name")
        if not name or (self.project is not None and name == self.project.name):
            return
        self.report_pending()
        total = self.cell(row, "total")
        funding = Funding(total=read_amount(total, self.location(row, "total"), None, self.context.issues,
                                            unit=self.unit)) if "total" in self.columns else Funding()
        self.project = Project(name, self.location(row, "project_name"), funding)
        if self.unit is None:  # rows that name projects but no unit, under a block that names none
            self.unit = self.unit_of("", "", self.project.location, None)
        self.unit.projects.append(self.project)
        self.level1 = self.level2 = ""

    def report_pending(self) -> None:
        if self.pending is not None:
            self.context.issues.append(Issue("LG508", self.pending.location, {
                "text": self.pending.name, "category": self.pending.category},
                unit=self.unit, project=self.project))
            self.pending = None


def label_of(cell: str, labels: dict[str, str]) -> tuple[str, str] | None:
    """The field a label cell names and the value written in it, if any:
    "其中：财政拨款" → (general_budget, ""); "项目名称：道路养护" → (project_name, "道路养护")."""
    name = labels.get(header_key(cell))
    if name is not None:
        return name, ""
    match = LABEL_WITH_VALUE.match(cell.strip())
    if match and header_key(match.group(1)) in labels:
        return labels[header_key(match.group(1))], match.group(2).strip()
    return None


def split_code(text: str) -> tuple[str, str]:
    """"[401]市教育局" → ("401", "市教育局"); text without a code → ("", text)."""
    match = CODE.search(text)
    if match is None:
        return "", text.strip()
    return match.group(0), CODE_DECORATION.sub(" ", text.replace(match.group(0), "")).strip()


def parse_block(rows: list[Row], sheet: Sheet, context: BuildContext, profile: LayoutProfile) -> Block:
    """Label → value in the rows above a table: the value is the next filled cell to
    the label's right, or the cell below it when the labels stand in a row of their own."""
    fields = {label: name for name, labels in profile.block.items() for label in labels}
    block: Block = {}
    for index, row in enumerate(rows):
        for column, cell in enumerate(row.cells, start=1):
            labelled = label_of(cell, fields) if cell.strip() else None
            if labelled is None or labelled[0] in block:
                continue
            name, inline_value = labelled
            if inline_value:
                found: tuple[str, int | None, Row] | None = (inline_value, column, row)
            else:
                found = value_beside(row, column, fields) or value_below(rows, index, column, fields)
            if found is not None:
                text, at_column, at_row = found
                block[name] = (text, context.location(sheet, at_row, at_column))
    return block


def value_beside(row: Row, column: int, labels: dict[str, str]) -> tuple[str, int, Row] | None:
    for right in range(column + 1, len(row.cells) + 1):
        text = row.cell(right)
        if text:
            return None if header_key(text) in labels else (text, right, row)
    return None


def value_below(rows: list[Row], index: int, column: int, labels: dict[str, str]) -> tuple[str, int, Row] | None:
    if index + 1 < len(rows):
        text = rows[index + 1].cell(column)
        if text and header_key(text) not in labels:
            return text, column, rows[index + 1]
    return None
