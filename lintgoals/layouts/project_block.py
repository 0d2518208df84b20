"""The project-block structure (three-level): a block of labelled cells above
each table names the project, its unit and its money (项目名称 …, 主管部门 …,
年度资金总额 …); the table below lists indicators in three levels, the 一级 and
二级 cells merged down or left blank under the row that names them. A table may
instead have 项目名称 / 预算数 columns, one project after another.

What varies between the national template's many provincial variants, and is
read here in general terms:

- labels anywhere in the block, their values beside them (one or more cells to
  the right), below them, or after a colon in the same cell;
- codes with names ([077]淮北市文化旅游体育局, (433001)…);
- a unit-wide table (部门整体/单位整体): the unit itself is the subject;
- 中期 and 年度 target sets: side by side (two groups of indicator columns, two
  funding columns) or one table after the other (长期绩效指标, 年度绩效指标);
- a target value per region (区域目标值: one column per county or village);
- categories by meaning: 一级 holding 二级 names (数量指标), or 二级 holding
  the 一级 (实施效果指标 | 产出指标).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from lintgoals.layouts.building import (
    NOTHING,
    BuildContext,
    IndicatorCells,
    funding_of,
    indicator_issues,
    is_title,
    make_indicator,
    parse_amount,
    read_amount,
    single_text,
    value_text,
)
from lintgoals.layouts.headers import HeaderMatch, HeaderMatcher, header_key, normalize_header
from lintgoals.layouts.profile import LayoutProfile
from lintgoals.model import (
    ANNUAL,
    FUNDING_FIELDS,
    MEDIUM_TERM,
    PROJECT,
    UNIT_WIDE,
    Amount,
    Funding,
    Issue,
    Location,
    Project,
    Unit,
)
from lintgoals.readers.table import Row, Sheet
from lintgoals.values import PERIOD, DatePoint, parse_value

CODE = re.compile(r"\d{3,}")
CODE_DECORATION = re.compile(r"[\[\]()（）【】:：_\-\s]+")
LABEL_WITH_VALUE = re.compile(r"^([^:：]{2,24})[:：](.+)$")
# A title naming its project: (2023年)XX项目(项目)绩效目标(表).
PROJECT_TITLE = re.compile(r"^(?:\d{4}年度?)?(.{2,40}?项目)项目?绩效目标表?$")
UNIT_WIDE_WORDS = re.compile(r"整体")  # 部门整体支出绩效目标表, 单位整体, 资金类别: 部门(单位)整体支出
MEDIUM_WORDS = re.compile(r"中期|长期|实施期|项目期")
LEVEL_FIELDS = ("level1", "level2", "level3")


@dataclass(slots=True, frozen=True)
class Label:
    """A labelled value in the block above a table."""

    field: str
    text: str
    location: Location
    column: int  # the label's column: what a funding part belongs to is decided by it
    label: str = ""  # the label as written (年度资金总额, 中期资金总额 …)


Block = list[Label]


@dataclass(slots=True)
class PendingLevel2:
    """A 二级 row with no 三级 on it: reported (LG508) unless indicators follow under it."""

    name: str
    category: str
    location: Location


@dataclass(slots=True)
class TargetColumns:
    """One target set's columns in a header: the indicator columns of one group
    (中期 and 年度 groups stand side by side in some tables), or of one region."""

    project: Project
    columns: dict[str, int]


# What a project-block profile may name, the one place it is listed (layouts/__init__.py):
# the indicator table's columns, and the labels of the block above it.
COLUMNS = frozenset(
    {
        "level1",
        "level2",
        "level3",
        "value",
        "description",
        "measure_unit",
        "weight",
        "operator",
        "direction",
        "scoring",
        "project_name",
        "total",
        "unit_code",
        "unit_name",
    }
)
BLOCK = frozenset(
    {"department", "implementer", "period", "project_name", "scope", "subtotal", "unit_code", *FUNDING_FIELDS}
)


@dataclass(slots=True)
class ProjectBlockBuilder:
    context: BuildContext
    sheet: Sheet
    profile: LayoutProfile
    columns: dict[str, int] = field(default_factory=dict)  # the fields of the table's header (none outside one)
    in_table: bool = False
    sets: list[TargetColumns] = field(default_factory=list)  # the target sets the rows feed
    block_rows: list[Row] = field(default_factory=list)
    block: Block = field(default_factory=list)  # the labels above the latest table
    unit: Unit | None = None
    project: Project | None = None  # the latest target set (the annual one, where there are two)
    level1: str = ""
    level2: str = ""
    pending: PendingLevel2 | None = None
    parent_code: str | None = None  # the department the block names, where rows name the units

    def feed(self, row: Row) -> None:
        if self.in_table and self.ends_table(row):
            self.end_table()
        if not self.in_table or self.starts_block(row):
            self.end_table()
            self.block_rows.append(row)
            self.context.read_title(row)
        else:
            self.read_row(row)

    def ends_table(self, row: Row) -> bool:
        """A row that closes the form under a table (审核意见, 填表人, 最近年度绩效评价情况):
        what follows it is no indicator."""
        return any(self.profile.table_end.search(cell) for cell in row.cells if cell)

    def finish(self) -> None:
        """A block left at the end that names a project with no table under it (the
        table never filled in, or cut off) still names a target set: an empty one."""
        self.end_table()
        block = parse_block(self.block_rows, self.sheet, self.context, self.profile) if self.block_rows else []
        if self.project is not None and (first(block, "project_name") or first(block, "project_title")):
            header_at = self.context.location(self.sheet, self.block_rows[0], None)
            self.unit = self.block_unit(block, header_at)
            self.project = self.block_project(block, header_at, ANNUAL)

    def cell(self, row: Row, field_name: str) -> str:
        column = self.columns.get(field_name)
        return row.cell(column) if column else ""

    def location(self, row: Row, field_name: str) -> Location:
        return self.context.location(self.sheet, row, self.columns.get(field_name))

    # ── a header starts a table ──────────────────────────────────────────────

    def start_table(self, header: Row, match: HeaderMatch) -> None:
        block_rows, previous, previous_sets = self.block_rows, self.project, self.sets
        self.end_table()
        self.columns, self.in_table = match.columns, True
        # A table right under another (长期绩效指标, then 年度绩效指标) shares its block.
        block = parse_block(block_rows, self.sheet, self.context, self.profile) if block_rows else self.block
        self.context.found_fields(label.field for label in block)
        self.block_rows, self.block = [], block
        header_at = self.context.location(self.sheet, header, None)
        rowwise_units = "unit_code" in self.columns or "unit_name" in self.columns
        # With unit columns the rows name their units; the block's department is their parent.
        self.unit = None
        department = first(block, "department")
        self.parent_code = split_code(department.text)[0] if department else None
        if not block_rows and previous is not None:
            self.unit = self.unit_of_project(previous)
        elif not rowwise_units:
            self.unit = self.block_unit(block, header_at)
        if "project_name" in self.columns or rowwise_units:
            self.sets = []
            return
        period = header_period(header, match, self.matcher)
        if not block_rows and previous is not None and period == previous.period:
            project = previous  # the header repeated on a new page: the same target set goes on
            self.unit = self.unit_of_project(previous)
        else:
            project = self.block_project(block, header_at, period)
        self.project = project
        if self.unit is None:  # a project split into a target set per region (target_sets): its sets go on
            self.unit = self.unit_of_project(previous_sets[0].project) if previous_sets else None
            self.sets = previous_sets
            return
        self.sets = self.target_sets(project, self.unit, match, block)

    @property
    def matcher(self) -> HeaderMatcher:
        return self.profile.matcher

    def unit_of_project(self, project: Project) -> Unit | None:
        return next((unit for unit in self.context.document.units if project in unit.projects), self.unit)

    def target_sets(self, project: Project, unit: Unit, match: HeaderMatch, block: Block) -> list[TargetColumns]:
        """Where each target set of the project (of the unit) reads its rows: a group of
        columns per period (中期 left, 年度 right), a value column per region, or the
        header's columns."""
        if match.second:
            project.period = MEDIUM_TERM
            project.funding = block_funding(block, MEDIUM_TERM, self.context, unit)
            annual = sibling(unit, project, block_funding(block, ANNUAL, self.context, unit))
            self.project = annual
            return [TargetColumns(project, match.columns), TargetColumns(annual, {**match.columns, **match.second})]
        if len(match.regions) > 1:
            value = self.profile.regions or "value"
            unit.projects.remove(project)
            return [
                TargetColumns(sibling(unit, project, project.funding, region), {**match.columns, value: column})
                for region, column in match.regions
            ]
        return [TargetColumns(project, match.columns)]

    def starts_block(self, row: Row) -> bool:
        """A row labelled 项目名称, or a title, after a table begins the next project's block."""
        return is_title(row) or any(
            label_of(cell, self.block_matcher, only="project_name") for cell in row.cells if cell.strip()
        )

    @property
    def block_matcher(self) -> HeaderMatcher:
        return block_matcher(self.profile)

    def end_table(self) -> None:
        self.report_pending()
        self.columns, self.in_table, self.level1, self.level2 = {}, False, "", ""
        self.sets = []

    # ── the block: unit, project, money ──────────────────────────────────────

    def block_unit(self, block: Block, fallback: Location) -> Unit:
        """The unit the block names: 实施单位, else 主管部门; a code in the text is its code."""
        department, implementer = first(block, "department"), first(block, "implementer")
        department_code, department_name = split_code(department.text) if department else ("", "")
        code, name = split_code(implementer.text) if implementer else (department_code, department_name)
        unit_code = first(block, "unit_code")
        if not code and unit_code:
            code = split_code(unit_code.text)[0] or unit_code.text
        parent = department_code if code and implementer and department_code and department_code != code else None
        named = implementer or department
        where = named.location if named else fallback
        return self.unit_of(code, name, where, parent)

    def unit_of(self, code: str, name: str, location: Location, parent: str | None) -> Unit:
        """The document's unit of this code and name, made at its first mention."""
        key = (code, name)
        if key not in self.context.units:
            unit = Unit(code, name, location, parent)
            self.context.units[key] = unit
            self.context.document.units.append(unit)
        return self.context.units[key]

    def block_project(self, block: Block, fallback: Location, period: str) -> Project:
        """The target set the block describes: a project, or the unit itself in a
        unit-wide table; named after the project, or the unit, or the sheet."""
        if self.unit is None:
            self.unit = self.block_unit(block, fallback)
        unit = self.unit
        scope = UNIT_WIDE if self.unit_wide(block) else PROJECT
        project_label = (first(block, "project_name") or first(block, "project_title")) if scope == PROJECT else None
        if project_label is not None:
            name, location = project_label.text, project_label.location
        else:
            name = (
                unit.name
                if scope == UNIT_WIDE and unit.name
                else (self.sheet.name or Path(self.context.table.path).stem)
            )
            location = fallback
        project = Project(
            name,
            location,
            block_funding(block, period, self.context, unit),
            scope=scope,
            period=period,
            span=block_span(block),
        )
        unit.projects.append(project)
        return project

    def unit_wide(self, block: Block) -> bool:
        """部门整体/单位整体: said by the title, or by the block (资金类别: 部门(单位)整体支出)."""
        title = self.context.document.title or ""
        return bool(UNIT_WIDE_WORDS.search(title)) or any(
            UNIT_WIDE_WORDS.search(label.text) for label in block if label.field == "scope"
        )

    # ── the rows ─────────────────────────────────────────────────────────────

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
        if not self.sets:
            if self.project is None and (self.cell(row, "level3") or self.cell(row, "value")):
                self.context.issues.append(
                    Issue(
                        "LG004",
                        self.location(row, "level3"),
                        {"text": self.cell(row, "level3")},
                        "indicator",
                        unit=self.unit,
                    )
                )
            return
        named = False
        for target in self.sets:
            named = self.read_target(row, target) or named
        if not named and level2_cell:
            self.pending = PendingLevel2(level2_cell, self.level1, self.location(row, "level2"))
        elif named:
            self.pending = None

    def read_target(self, row: Row, target: TargetColumns) -> bool:
        """The indicator of one target set on a row, if the row names one for it."""
        columns = target.columns

        def cell(name: str) -> str:
            column = columns.get(name)
            return row.cell(column) if column else ""

        name, value, description = cell("level3"), cell("value"), cell("description")
        if not (name or value or description):
            return False
        level2 = cell("level2") or (self.level2 if columns.get("level2") == self.columns.get("level2") else "")
        indicator = make_indicator(
            IndicatorCells(
                self.level1,
                name,
                value_text(value, name, self.sheet, (row.line, columns.get("value"))),
                description,
                "common",
                self.location(row, "level1"),
                columns.get("level3"),
                columns.get("value"),
                columns.get("description"),
                level2 or None,
                cell("weight"),
                cell("measure_unit"),
                cell("operator"),
                cell("direction"),
                columns.get("measure_unit"),
            )
        )
        target.project.indicators.append(indicator)
        self.context.issues += indicator_issues(indicator, self.unit, target.project)
        return True

    def follow_unit_columns(self, row: Row) -> None:
        """With 单位编码 / 单位名称 columns, a row naming another unit starts its projects.
        A row with the unit's code and another name names a project of the unit
        (单位(专项)名称: the unit on its own row, its projects under it)."""
        code, name = self.cell(row, "unit_code"), self.cell(row, "unit_name")
        if not (code or name):
            return
        if not code:
            code, name = split_code(name)
        if (
            self.unit is not None
            and code
            and code == self.unit.code
            and name != self.unit.name
            and "project_name" not in self.columns
        ):
            self.start_row_project(row, name, "unit_name")
            return
        if self.unit is None or (code, name) != (self.unit.code, self.unit.name):
            field_name = "unit_code" if "unit_code" in self.columns else "unit_name"
            parent = self.unit.parent_code if self.unit is not None else self.parent_code
            self.unit = self.unit_of(code, name, self.location(row, field_name), parent)
            self.project, self.sets = None, []

    def follow_project_column(self, row: Row) -> None:
        """With a 项目名称 column, a new name starts the next project (a merged cell names it once)."""
        name = self.cell(row, "project_name")
        if name and (self.project is None or name != self.project.name):
            self.start_row_project(row, name, "project_name")

    def start_row_project(self, row: Row, name: str, name_field: str) -> None:
        self.report_pending()
        total = self.cell(row, "total")
        funding = (
            Funding(total=read_amount(total, self.location(row, "total"), None, self.context.issues, unit=self.unit))
            if "total" in self.columns
            else Funding()
        )
        self.project = project = Project(name, self.location(row, name_field), funding)
        if self.unit is None:  # rows that name projects but no unit, under a block that names none
            self.unit = self.unit_of("", "", project.location, None)
        self.unit.projects.append(project)
        self.sets = [TargetColumns(project, self.columns)]
        self.level1 = self.level2 = ""

    def report_pending(self) -> None:
        if self.pending is not None:
            self.context.issues.append(
                Issue(
                    "LG508",
                    self.pending.location,
                    {"text": self.pending.name, "category": self.pending.category},
                    unit=self.unit,
                    project=self.project,
                )
            )
            self.pending = None


def sibling(unit: Unit, project: Project, funding: Funding, region: str | None = None) -> Project:
    """Another target set of the same project, in its unit: the annual one beside a 中期
    one, or one region's (sharing the project's money: a region's share is not given)."""
    twin = Project(
        project.name,
        project.location,
        funding,
        scope=project.scope,
        period=project.period,
        span=project.span,
        region=region,
    )
    if region is None:
        twin.period = ANNUAL
    unit.projects.append(twin)
    return twin


def first(block: Block, field_name: str) -> Label | None:
    return next((label for label in block if label.field == field_name), None)


def header_period(header: Row, match: HeaderMatch, matcher: HeaderMatcher) -> str:
    """A table headed 长期绩效指标 or 中期… (in a cell that names no field) holds medium-term targets."""
    fields_at = set(match.columns.values())
    labels = [
        cell
        for column, cell in enumerate(header.cells, start=1)
        if cell and column not in fields_at and not matcher.is_known(cell)
    ]
    return MEDIUM_TERM if any(MEDIUM_WORDS.search(header_key(label) or label) for label in labels) else ANNUAL


# ── the block ────────────────────────────────────────────────────────────────

_BLOCK_MATCHERS: dict[int, HeaderMatcher] = {}


def block_matcher(profile: LayoutProfile) -> HeaderMatcher:
    """The profile's block labels, scored like headers (one matcher per profile)."""
    matcher = _BLOCK_MATCHERS.get(id(profile))
    if matcher is None:
        matcher = _BLOCK_MATCHERS[id(profile)] = HeaderMatcher(profile.block)
    return matcher


def label_of(cell: str, matcher: HeaderMatcher, only: str | None = None) -> tuple[str, str] | None:
    """The field a label cell names and the value written in it, if any:
    "其中：财政拨款" → (general_budget, ""); "项目名称：道路养护" → (project_name, "道路养护")."""
    # "label: value" first: the whole cell may name the field by a keyword too (主管部门名称:
    # 福建省台湾同胞联谊会 holds 主管部门), and then its value would be lost.
    match = LABEL_WITH_VALUE.match(cell.strip())
    if match:
        name = best_label(match.group(1), matcher)
        if name is not None:
            return (name, match.group(2).strip()) if only in (None, name) else None
    name = best_label(cell, matcher)
    if name is not None:
        return (name, "") if only in (None, name) else None
    return None


def best_label(text: str, matcher: HeaderMatcher) -> str | None:
    """The field a label names: by its whole text (whatever its notes), or by a keyword."""
    found = matcher.candidates(text)
    return found[0][1] if found and found[0][0] >= 2 else None


def split_code(text: str) -> tuple[str, str]:
    """ "[401]市教育局" → ("401", "市教育局"); "505_湘西州教育和体育局" → ("505", …); no code → ("", text)."""
    match = CODE.search(text)
    if match is None:
        return "", text.strip()
    return match.group(0), CODE_DECORATION.sub(" ", text.replace(match.group(0), "", 1)).strip()


def parse_block(rows: list[Row], sheet: Sheet, context: BuildContext, profile: LayoutProfile) -> Block:
    """Every labelled value in the rows above a table: the value is the next filled
    cell to the label's right, or the cell below it when the labels stand in a
    row of their own, or what follows a colon in the label's own cell."""
    matcher = block_matcher(profile)
    block: Block = []
    for index, row in enumerate(rows):
        for column, cell in enumerate(row.cells, start=1):
            note = MONEY_NOTE.search(cell) if "元" in cell else None
            if note:  # 单位:万元, 资金情况（万元）: the unit the block's amounts are in
                block.append(Label("money_unit", note.group(1), context.location(sheet, row, column), column, cell))
        title = single_text(row)
        named = PROJECT_TITLE.match(normalize_header(title)) if title else None
        if title and named:  # "3岁以下婴幼儿照护服务项目项目绩效目标": a title that names its project
            block.append(Label("project_title", named.group(1), context.location(sheet, row, None), 1, title))
        for column, cell in enumerate(row.cells, start=1):
            labelled = label_of(cell, matcher) if cell.strip() else None
            if labelled is None:
                continue
            name, inline_value = labelled
            if inline_value:
                found: tuple[str, int | None, Row] | None = (inline_value, column, row)
            else:
                found = value_beside(row, column, matcher) or value_below(rows, index, column, matcher)
            if found is not None and (name not in AMOUNT_FIELDS or looks_like_amount(found[0])):
                text, at_column, at_row = found
                block.append(Label(name, text, context.location(sheet, at_row, at_column), column, cell))
    return block


AMOUNT_FIELDS = frozenset({"total", *FUNDING_FIELDS})


def looks_like_amount(text: str) -> bool:
    """What may stand for a label's amount: an amount, a short cell that starts like one, or a
    dash for none. Anything else beside or below a funding label is another label or
    a sentence, not its amount (and not a wrong amount either)."""
    return parse_amount(text) is not None or text in NOTHING or text[:1] in "0123456789-+."


def value_beside(row: Row, column: int, matcher: HeaderMatcher) -> tuple[str, int, Row] | None:
    for right in range(column + 1, len(row.cells) + 1):
        text = row.cell(right)
        if text:
            return None if best_label(text, matcher) is not None else (text, right, row)
    return None


def value_below(rows: list[Row], index: int, column: int, matcher: HeaderMatcher) -> tuple[str, int, Row] | None:
    if index + 1 < len(rows):
        text = rows[index + 1].cell(column)
        if text and best_label(text, matcher) is None:
            return text, column, rows[index + 1]
    return None


ANNUAL_WORDS = re.compile(r"年度|当年|本年")


def block_funding(block: Block, period: str, context: BuildContext, unit: Unit | None) -> Funding:
    """The money of one period. Where the block gives two totals side by side
    (中期资金总额 | 年度资金总额, 资金总额 | 当年资金总额), the one that says 年度,
    当年 or 本年 is the year's and the other the medium term's; each source belongs
    to the total in its column or the nearest one to its left."""
    totals = [label for label in block if label.field == "total"]
    annual = [label for label in totals if ANNUAL_WORDS.search(label.label)] if len(totals) > 1 else totals
    medium = [label for label in totals if label not in annual]
    wanted = medium if period == MEDIUM_TERM else annual or totals
    amounts: dict[str, list[Label]] = {}
    for label in block:
        if label.field == "total":
            owner: Label | None = label
        elif label.field in FUNDING_FIELDS or label.field == "subtotal":
            owner = max(
                (total for total in totals if total.column <= label.column),
                key=lambda total: total.column,
                default=None,
            )
        else:
            continue
        if owner in wanted or (owner is None and period == ANNUAL):
            amounts.setdefault(label.field, []).append(label)
    if "total" in amounts:  # one total, the first the block gives (a text above may repeat it)
        amounts["total"] = amounts["total"][:1]
    # A 财政拨款小计 is the fiscal sources together: a source of its own only where
    # the block does not break it down into 一般公共预算 and 政府性基金.
    subtotal = amounts.pop("subtotal", None)
    if subtotal and not ({"general_budget", "government_fund"} & amounts.keys()):
        amounts["general_budget"] = subtotal
    funding = {name: amount_of(labels, context, unit) for name, labels in amounts.items()}
    if "total" not in funding and funding:
        funding["total"] = total_of_parts(list(funding.values()))
    return funding_of(funding, unit=money_unit(block, [label for labels in amounts.values() for label in labels]))


# A note of the unit amounts are in: 单位:万元, 金额单位：元, 资金情况（万元）, 预算数(万元).
MONEY_NOTE = re.compile(r"(?:单位\s*[:：]\s*|[(（]\s*)(万元|元)")


def money_unit(block: Block, labels: list[Label]) -> str | None:
    """元 or 万元: what the money's own labels say (年度资金总额（万元）), else a note in the block."""
    for text in [label.label for label in labels] + [label.label for label in block if label.field == "money_unit"]:
        found = MONEY_NOTE.search(text)
        if found:
            return found.group(1)
    return None


def total_of_parts(parts: list[Amount]) -> Amount:
    """A funding tree without a grand total (财政拨款小计, 其他资金 …): its total is
    the sum of its sources, at the first of them, with no text of its own."""
    values = [part.value for part in parts if part.value is not None]
    return Amount("", sum(values, Decimal(0)) if values else None, parts[0].row, parts[0].column)


def amount_of(labels: list[Label], context: BuildContext, unit: Unit | None) -> Amount:
    """The amount of one funding source: where two labels give it (二、自有资金 and
    三、其他 are both 其他资金), their sum, at the first of them."""
    amounts = [read_amount(label.text, label.location, None, context.issues, unit=unit) for label in labels]
    if len(amounts) == 1:
        return amounts[0]
    values = [amount.value for amount in amounts if amount.value is not None]
    return Amount(
        " + ".join(amount.raw for amount in amounts),
        sum(values, Decimal(0)) if values else None,
        amounts[0].row,
        amounts[0].column,
    )


def block_span(block: Block) -> tuple[DatePoint, DatePoint] | None:
    """When a project runs, where the block says (实施期 2023.07-2024.01, 2022年3月-2023年11月)."""
    period = first(block, "period")
    value = parse_value(period.text) if period else None
    if value is None or value.kind != PERIOD or value.dates[0].year is None:
        return None
    start, end = value.dates
    return start, end if end.year is not None else end._replace(year=start.year)
