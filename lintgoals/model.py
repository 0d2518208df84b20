"""The document model: what a table says, and where each piece of it came from.

Every object that a rule can point at carries a `Location`, recorded while the
table is read, so that a finding always names the exact file, line and cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple

from lintgoals.values import DatePoint, Value


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


def a1(row: int, column: int) -> str:
    """The A1 name of a 1-based cell: (9, 3) → C9, (1, 28) → AB1."""
    letters = ""
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return f"{letters}{row}"


def column_number(letters: str) -> int:
    """The 1-based column of A1 letters, a1's inverse: B → 2, AB → 28."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


class Location(NamedTuple):
    """Where a value is. A tuple: millions are made for a large table, and a
    tuple is the cheapest immutable record Python has."""

    path: str
    line: int | None = None
    column: int | None = None
    sheet: str | None = None
    cell: str | None = None
    # The 1-based page of a PDF table; its `line` is then the row on that page
    # (lintgoals.readers.pdf), counted from the top of the page.
    page: int | None = None

    def at_column(self, column: int | None) -> Location:
        """The same row, another column (and cell, in a workbook)."""
        cell = a1(self.line, column) if self.sheet is not None and self.line and column else None
        return Location(self.path, self.line, column, self.sheet, cell, self.page)

    def __str__(self) -> str:
        where = self.path
        if self.sheet:
            where += f"[{self.sheet}]"
        if self.page is not None:
            where += f"[p{self.page}]"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where


@dataclass(slots=True)
class Amount:
    """One funding cell: its raw text, the amount read from it (None when empty
    or unreadable) and where it is."""

    raw: str
    value: Decimal | None
    row: Location  # the row it is on (shared with its project): one Location less per cell
    column: int | None = None  # its column, where that differs from the row's

    @property
    def location(self) -> Location:
        return self.row if self.column is None else self.row.at_column(self.column)


FUNDING_FIELDS = ("total", "general_budget", "government_fund", "special_account", "other")
# The most digits before the decimal point an amount or weight may have (10^20 yuan
# is a million times the world's product): sums of such amounts, to the cent, stay
# within the 28 digits of decimal arithmetic. A longer number is no amount.
MAX_AMOUNT_DIGITS = 20


@dataclass(slots=True)
class Funding:
    total: Amount | None = None
    general_budget: Amount | None = None
    government_fund: Amount | None = None
    special_account: Amount | None = None
    other: Amount | None = None
    unit: str | None = None  # 元 or 万元, where a label or a note says (年度资金总额（万元）, 单位:万元)


CATEGORIES = ("output", "benefit", "satisfaction", "cost")

# What a table may or may not have a column (or a block label) for. A rule that
# needs one of these does not run on a table without it: a template with no
# description column gets no "missing description" findings. Names in the
# languages of the reports.
TABLE_FIELDS: dict[str, dict[str, str]] = {
    "category": {"zh": "一级指标", "en": "level-1 category"},
    "subcategory": {"zh": "二级指标", "en": "level-2 category"},
    "description": {"zh": "指标描述", "en": "description"},
    "weight": {"zh": "权重", "en": "weight"},
    "measure_unit": {"zh": "计量单位", "en": "unit of measure"},
    "operator": {"zh": "指标性质", "en": "declared operator"},
    "direction": {"zh": "指标方向", "en": "direction"},
    "funding.total": {"zh": "资金总额", "en": "funding total"},
    "funding.general_budget": {"zh": "一般公共预算", "en": "general budget"},
    "funding.government_fund": {"zh": "政府性基金", "en": "government fund"},
    "funding.special_account": {"zh": "专户资金", "en": "special account"},
    "funding.other": {"zh": "其他资金", "en": "other funds"},
}


class Declared(NamedTuple):
    """What three-level templates declare beside an indicator; none of it in the
    seed layout, whose indicators all share one empty Declared (memory)."""

    subcategory: str | None = None  # 二级, canonical: 数量指标 for 数量指标(或建筑规模指标)
    subcategory_raw: str | None = None
    weight: Decimal | None = None
    measure_unit: str | None = None  # 计量单位, where the layout has the column
    operator: str | None = None  # declared: >=, >, =, <, <=, qualitative, quantitative
    direction: str | None = None  # declared: positive (正向) or negative (反向)


NOT_DECLARED = Declared()


@dataclass(slots=True)
class Indicator:
    category: str | None  # canonical: output, benefit, satisfaction, cost; None if unknown
    category_raw: str
    name: str
    value_text: str
    value: Value
    description: str
    kind: str  # "common" or "personal": the column set the indicator was read from
    location: Location  # the row (column of the 一级指标 cell)
    # Where name, value, description and 计量单位 are: their columns on the same
    # row (one tuple shared by the rows that use the same columns). Their
    # Locations are made when asked for: a large table has a million of them.
    columns: tuple[int | None, ...]
    is_satisfaction: bool = False
    declared: Declared = NOT_DECLARED

    @property
    def subcategory(self) -> str | None:
        return self.declared.subcategory

    @property
    def subcategory_raw(self) -> str | None:
        return self.declared.subcategory_raw

    @property
    def weight(self) -> Decimal | None:
        return self.declared.weight

    @property
    def measure_unit(self) -> str | None:
        return self.declared.measure_unit

    @property
    def operator(self) -> str | None:
        return self.declared.operator

    @property
    def direction(self) -> str | None:
        return self.declared.direction

    @property
    def name_column(self) -> int | None:
        return self.columns[0]

    @property
    def value_column(self) -> int | None:
        return self.columns[1]

    @property
    def description_column(self) -> int | None:
        return self.columns[2]

    @property
    def name_location(self) -> Location:
        return self.location.at_column(self.columns[0])

    @property
    def value_location(self) -> Location:
        return self.location.at_column(self.columns[1])

    @property
    def description_location(self) -> Location:
        return self.location.at_column(self.columns[2])

    @property
    def measure_unit_column(self) -> int | None:
        return self.columns[3] if len(self.columns) > 3 else None

    @property
    def measure_unit_location(self) -> Location:
        """The 计量单位 cell where the table has the column, else the value's: where a unit is written."""
        column = self.measure_unit_column
        return self.value_location if column is None else self.location.at_column(column)

    @property
    def unit_location(self) -> Location:
        """Where the unit a reader takes is (subjects.effective_unit): the 计量单位 cell when it is
        filled in or the value has no unit either, else the value's."""
        if self.declared.measure_unit or self.value.unit is None:
            return self.measure_unit_location
        return self.value_location


# A target set is a project's, or a whole unit's (部门整体/单位整体绩效目标表),
# for one period: the budget year, or the medium term (中期, several years).
PROJECT, UNIT_WIDE = "project", "unit"
ANNUAL, MEDIUM_TERM = "annual", "medium"


@dataclass(slots=True)
class Project:
    """A target set: a project's (or a unit's, in a unit-wide table) money and
    indicators for one period. A table with 中期 and 年度 targets side by side
    gives one project two target sets of the same name."""

    name: str
    location: Location
    funding: Funding = field(default_factory=Funding)
    indicators: list[Indicator] = field(default_factory=list)
    scope: str = PROJECT  # PROJECT, or UNIT_WIDE: the unit itself is the subject
    period: str = ANNUAL  # ANNUAL, or MEDIUM_TERM
    span: tuple[DatePoint, DatePoint] | None = None  # when it runs (实施期 2023.07-2024.01), where the table says
    region: str | None = None  # the county or village of a target set per region (区域目标值)

    @property
    def label(self) -> str:
        """The target set as messages name it, and what tells the sets of one unit
        apart: the name, with its region and, for a medium-term set, its period."""
        label = self.name if self.region is None else f"{self.name}（{self.region}）"
        return label if self.period == ANNUAL else f"{label}（中期）"


@dataclass(slots=True)
class Unit:
    code: str
    name: str
    location: Location
    parent_code: str | None = None  # the department this unit belongs to, if any
    projects: list[Project] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class HeaderRead:
    """A header row as the layout understood it: which cell became which field, and
    which cells it did not understand. `lintgoals parse` shows them, so that a user
    can see why a column was or was not read."""

    location: Location  # the header's first row
    fields: tuple[tuple[str, int, str], ...]  # (field, column, header text)
    unread: tuple[tuple[int, str], ...]  # (column, header text) of cells no field took


@dataclass(slots=True)
class Document:
    path: str
    layout: str
    location: Location
    title: str | None = None
    year: int | None = None
    units: list[Unit] = field(default_factory=list)
    columns: set[str] = field(default_factory=set)  # the layout's fields the table's headers name
    # The TABLE_FIELDS it has a column or a label for; None: not known (a model
    # document that does not say), and every rule runs.
    fields: set[str] | None = None
    empty_fields: set[str] = field(default_factory=set)  # TABLE_FIELDS whose column is empty on every row
    framework: str = ""  # the indicator framework it follows: "2019" or "2021" (see lintgoals.framework)
    headers: list[HeaderRead] = field(default_factory=list)  # how each header row was understood
    layout_title: tuple[str, str] = ("", "")  # the layout profile's title in zh and en, for reports

    @property
    def project_count(self) -> int:
        return sum(len(unit.projects) for unit in self.units)

    @property
    def indicator_count(self) -> int:
        return sum(len(p.indicators) for unit in self.units for p in unit.projects)


@dataclass(slots=True)
class Issue:
    """Something a reader or layout noticed (LG0xx), before it is rendered into a
    finding by the rule of the same code."""

    code: str
    location: Location
    params: dict[str, Any] = field(default_factory=dict)
    variant: str | None = None  # which of the rule's messages fits
    unit: Unit | None = None
    project: Project | None = None
    indicator: Indicator | None = None


class SubjectRef(NamedTuple):
    """A unit, project or indicator of a document by position: document.units[unit],
    .projects[project], .indicators[indicator] (None below the level it is about)."""

    unit: int
    project: int | None = None
    indicator: int | None = None


@dataclass(slots=True)
class Finding:
    code: str
    name: str
    severity: Severity
    message: str
    location: Location
    unit_code: str | None = None
    unit_name: str | None = None
    project: str | None = None
    indicator: str | None = None
    text: str | None = None  # what the cell it points at holds, where that is an indicator's or a project's cell
    # Accepted by an exception of the config (its reason), or known from the baseline:
    # either way reported, and not counted for the exit code.
    suppressed: str | None = None
    baselined: bool = False
    header: str | None = None  # the header of the column it points at, as the table wrote it (lintgoals.headers)
    # What it is about, as indices into its document: reports that show findings in
    # the table's own structure place them by it (None: about the file, or a row
    # that belongs to no unit).
    subject: SubjectRef | None = None

    @property
    def counts(self) -> bool:
        """Whether it counts for the verdict and the exit code."""
        return self.suppressed is None and not self.baselined

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Worker processes (--jobs) send findings back by the thousand: as plain
        # values they pickle several times faster than a slotted dataclass and an enum.
        return finding_from_values, (
            self.code,
            self.name,
            self.severity.value,
            self.message,
            *self.location,
            self.unit_code,
            self.unit_name,
            self.project,
            self.indicator,
            self.text,
            self.suppressed,
            self.baselined,
            self.header,
            self.subject,
        )


def finding_from_values(
    code: str,
    name: str,
    severity: str,
    message: str,
    path: str,
    line: int | None,
    column: int | None,
    sheet: str | None,
    cell: str | None,
    page: int | None,
    *rest: Any,
) -> Finding:
    return Finding(code, name, SEVERITIES[severity], message, Location(path, line, column, sheet, cell, page), *rest)


SEVERITIES = {severity.value: severity for severity in Severity}


@dataclass(slots=True, frozen=True)
class DocumentSummary:
    """What every report says of a file it read: its layout and how much it holds."""

    layout: str
    units: int
    projects: int
    indicators: int
    framework: str = ""
    packs: tuple[str, ...] = ()  # the rule packs applied to it
    # Rules that did not run because the table has no column for what they
    # check: (code, TABLE_FIELDS name), e.g. ("LG207", "description").
    skipped: tuple[tuple[str, str], ...] = ()
    empty_fields: tuple[str, ...] = ()  # of those fields, the ones whose column is there but empty throughout
    layout_title: tuple[str, str] = ("", "")  # zh, en

    @classmethod
    def of(
        cls, document: Document, packs: tuple[str, ...] = (), skipped: tuple[tuple[str, str], ...] = ()
    ) -> DocumentSummary:
        return cls(
            document.layout,
            len(document.units),
            document.project_count,
            document.indicator_count,
            document.framework,
            packs,
            skipped,
            tuple(sorted(document.empty_fields)),
            document.layout_title,
        )


@dataclass(slots=True, frozen=True)
class FileStamp:
    """A file's size and the SHA-256 of its bytes: what a printed or forwarded report
    is matched to a version of the table by."""

    size: int
    sha256: str

    @property
    def short(self) -> str:
        return self.sha256[:8]


@dataclass(slots=True)
class FileResult:
    """What linting one file produced: its model (None when it could not be
    read, or once it is no longer needed), its findings, and the one-line error
    when it could not be read."""

    path: str
    document: Document | None
    findings: list[Finding]
    error: str | None = None
    details: str | None = None  # the traceback behind an internal error, shown with --debug
    summary: DocumentSummary | None = None  # None: the file could not be read
    stamp: FileStamp | None = None  # which version of the file was checked
    # The file as it is opened, where that differs from `path` (a name that is not
    # UTF-8 is shown with escapes): the annotated workbook copies its sheets from it.
    source: Path | None = None

    def __post_init__(self) -> None:
        if self.summary is None and self.document is not None:
            self.summary = DocumentSummary.of(self.document)

    def without_document(self) -> FileResult:
        """The result as the reports that need no model take it: light to keep and
        to send between processes (a file's model is about ten times its findings)."""
        return FileResult(
            self.path, None, self.findings, self.error, self.details, self.summary, self.stamp, self.source
        )


@dataclass(slots=True, frozen=True)
class RuleDoc:
    """What a report says about a rule that ran: for SARIF rule entries, the HTML
    explanations, JUnit test cases. Texts are in the report's language."""

    code: str
    name: str
    severity: Severity
    target: str  # document | unit | project | indicator
    summary: str  # one sentence
    explanation: str
    title: str = ""  # for people (满意度目标偏低); reports fall back to the name


@dataclass(slots=True, frozen=True)
class PackRecord:
    """A rule pack as a run's record names it: by name, and by the hash of its text."""

    name: str
    path: str | None  # None for a pack shipped with lintgoals
    sha256: str


@dataclass(slots=True, frozen=True)
class RunRecord:
    """What a run applied, so that a report can be matched to its rules: the packs
    and config (with hashes of their text), select and ignore, and when it ran."""

    time: str  # ISO 8601, UTC
    packs: tuple[PackRecord, ...] = ()  # every pack any file could be checked with
    config: str | None = None  # the lintgoals.yaml used, if any
    config_sha256: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    baseline: str | None = None  # the --baseline file, if any


@dataclass(slots=True)
class Report:
    files: list[FileResult]
    rules: list[RuleDoc] = field(default_factory=list)  # the active rules, by code
    run: RunRecord | None = None
    baseline_fixed: int | None = None  # findings of the baseline no longer found (None: no baseline)

    @property
    def findings(self) -> list[Finding]:
        return [f for result in self.files for f in result.findings]

    def count(self, severity: Severity) -> int:
        """Findings of a severity that count (not excepted, not in the baseline)."""
        return sum(1 for f in self.findings if f.severity is severity and f.counts)

    @property
    def suppressed(self) -> int:
        return sum(1 for f in self.findings if f.suppressed is not None)

    @property
    def baselined(self) -> int:
        return sum(1 for f in self.findings if f.baselined)
