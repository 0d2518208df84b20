"""What every structure does the same way: amounts, indicator values, categories,
the title and year, and the indicator itself with its derived facts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from lintgoals.layouts.categories import (
    canonical_direction,
    canonical_operator,
    canonical_subcategory,
    categories_by_meaning,
    is_satisfaction,
)
from lintgoals.layouts.headers import HeaderMatch, normalize_header
from lintgoals.model import (
    FUNDING_FIELDS,
    MAX_AMOUNT_DIGITS,
    NOT_DECLARED,
    Amount,
    Declared,
    Document,
    Funding,
    HeaderRead,
    Indicator,
    Issue,
    Location,
    Project,
    Unit,
)
from lintgoals.readers.table import Row, Sheet, Table
from lintgoals.values import QUANTITY, Value, parse_value

CENT = Decimal("0.01")
# What tables write in an amount cell for "none": an empty cell, not a wrong amount.
NOTHING = frozenset({"-", "—", "–", "－", "/", "／", "——", "无"})
AMOUNT = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)")
# What may stand around an amount in its cell: a word before it (总额10606万元), its
# unit and a note in brackets after it (854万(含上年结转)).
AMOUNT_IN_TEXT = re.compile(r"^[\u4e00-\u9fff:]{0,6}?([-+]?(?:\d+(?:\.\d*)?|\.\d+))(?:万元|元|万)?(?:\(.*\))?$")
TITLE_WORDS = "绩效目标"
YEAR = re.compile(r"(20\d{2})\s*年")
FRACTION = re.compile(r"0?\.\d+|1(\.0+)?")
RATE_NAME = re.compile(r"(率|度)$")


# Which TABLE_FIELDS a layout's column or block field gives the table.
TABLE_FIELD_OF_COLUMN: dict[str, str] = {
    "category": "category",
    "level1": "category",
    "level2": "subcategory",
    "description": "description",
    "common_description": "description",
    "personal_description": "description",
    "weight": "weight",
    "measure_unit": "measure_unit",
    "operator": "operator",
    "direction": "direction",
    **{name: f"funding.{name}" for name in FUNDING_FIELDS},
}


@dataclass(slots=True)
class BuildContext:
    """What the structures of one file share: the document, its issues, its units by code and name."""

    table: Table
    document: Document
    issues: list[Issue] = field(default_factory=list)
    units: dict[tuple[str, str], Unit] = field(default_factory=dict)
    weak_fields: set[str] = field(default_factory=set)  # TABLE_FIELDS named only by a weak header

    def location(self, sheet: Sheet, row: Row, column: int | None) -> Location:
        return self.table.location(sheet, row.line, column)

    def found_fields(self, names: Iterable[str], weak: Iterable[str] = ()) -> None:
        """The layout found columns or labels for these of its fields (`weak`: by a
        header that names a field only if the column's content fits it)."""
        self.document.columns.update(names)
        self.document.fields = (self.document.fields or set()) | {
            TABLE_FIELD_OF_COLUMN[name] for name in self.document.columns if name in TABLE_FIELD_OF_COLUMN
        }
        self.weak_fields.update(TABLE_FIELD_OF_COLUMN[name] for name in weak if name in TABLE_FIELD_OF_COLUMN)

    def read_header(
        self, sheet: Sheet, row: Row, below: Row | None, match: HeaderMatch, region_field: str | None
    ) -> None:
        """Record how a header was understood: once for a header that repeats the one
        above it on the same sheet (pages repeat it), so the nearest header above a
        cell is always its column's (lintgoals.headers)."""
        texts = {
            column: " / ".join(text for text in (row.cell(column), below.cell(column) if below else "") if text)
            for column in range(1, max(len(row.cells), len(below.cells) if below else 0) + 1)
        }
        taken = {column: name for name, column in match.columns.items()}
        taken.update({column: f"{region_field}@{region}" for region, column in match.regions})
        fields = tuple((name, column, texts.get(column, "")) for column, name in sorted(taken.items()))
        unread = tuple((column, text) for column, text in texts.items() if text and column not in taken)
        location = self.location(sheet, row, None)
        same_sheet = [read for read in self.document.headers if read.location.sheet == location.sheet]
        if same_sheet and same_sheet[-1].fields == fields:
            return
        self.document.headers.append(HeaderRead(location, fields, unread))

    def check_weak_fields(self) -> None:
        """A description column is one when its cells read like descriptions. One
        headed 备注 or 绩效标准 must show it (an empty 备注 column, or 计划标准 on
        every row, is none); one left empty on every row is a template's optional
        column. Either way the table is not checked for descriptions, and the
        report says why (TABLE_FIELDS in `document.empty_fields` were empty)."""
        fields = self.document.fields or set()
        if "description" not in fields:
            return
        indicators = [i for unit in self.document.units for p in unit.projects for i in p.indicators]
        texts = [indicator.description for indicator in indicators if indicator.description]
        if "description" in self.weak_fields:
            if len(texts) * 2 > len(indicators) and sum(map(reads_like_description, texts)) * 2 > len(texts):
                return
            for indicator in indicators:
                indicator.description = ""
        elif texts or not indicators:
            return
        else:
            self.document.empty_fields.add("description")
        self.document.fields = fields - {"description"}

    def read_title(self, row: Row) -> None:
        """The first title line names the table; the first year on a line of its own dates it."""
        text = single_text(row)
        if text is None:
            return
        if self.document.title is None and TITLE_WORDS in text:
            self.document.title = text
        year = YEAR.search(text)
        if self.document.year is None and year:
            self.document.year = int(year.group(1))


DESCRIPTION_START = ("反映", "指", "用于", "通过", "按", "根据", "考核", "衡量", "统计")


def reads_like_description(text: str) -> bool:
    """A sentence that explains: long, or begun as descriptions are (反映…)."""
    return len(text) >= 8 or text.startswith(DESCRIPTION_START)


def single_text(row: Row) -> str | None:
    """The text of a row that has exactly one filled cell."""
    if len(row.cells) - row.cells.count("") != 1:
        return None
    return next(cell for cell in row.cells if cell)


def is_title(row: Row) -> bool:
    text = single_text(row)
    return text is not None and TITLE_WORDS in text


@lru_cache(maxsize=1 << 12)  # amounts repeat (0, 0.00 …), and a Decimal is immutable
def parse_amount(raw: str) -> Decimal | None:
    """An amount as written (its digits all kept: sums are compared before rounding);
    None when the cell holds no amount."""
    text = normalize_header(raw).replace(",", "")
    if not AMOUNT.fullmatch(text):
        match = AMOUNT_IN_TEXT.fullmatch(text)
        if match is None:
            return None
        text = match.group(1)
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.adjusted() < MAX_AMOUNT_DIGITS else None  # past it, no amount: an LG005


def read_amount(
    raw: str,
    row: Location,
    column: int | None,
    issues: list[Issue],
    *,
    unit: Unit | None = None,
    project: Project | None = None,
) -> Amount:
    """An Amount on a row, in a column (None: the row's own); a filled cell that is not a number is an LG005
    (of the unit and project given)."""
    filled = bool(raw) and raw not in NOTHING
    amount = Amount(raw, parse_amount(raw) if filled else None, row, column)
    if filled and amount.value is None:
        issues.append(Issue("LG005", amount.location, {"text": raw}, unit=unit, project=project))
    return amount


def funding_of(amounts: Mapping[str, Amount], unit: str | None = None) -> Funding:
    """The Funding of amounts by field (FUNDING_FIELDS), in money of the unit given."""
    return Funding(
        total=amounts.get("total"),
        general_budget=amounts.get("general_budget"),
        government_fund=amounts.get("government_fund"),
        special_account=amounts.get("special_account"),
        other=amounts.get("other"),
        unit=unit,
    )


def parse_number(raw: str) -> Decimal | None:
    """A weight such as 10, 10.5 or 10%."""
    return parse_amount(raw.rstrip("%％"))


def value_text(raw: str, name: str, sheet: Sheet, at: tuple[int, int | None]) -> str:
    """The target value as written. A workbook cell formatted as a percentage holds a
    fraction (0.95 for 95%), shown as the percentage; where the reader cannot see
    formats (.xls, .ods), a rate's or degree's fraction is taken for one."""
    if not (sheet.typed and FRACTION.fullmatch(raw)):
        return raw
    shown = at in sheet.percent_cells if sheet.percent_cells is not None else bool(RATE_NAME.search(name))
    return f"{(Decimal(raw) * 100).normalize():f}%" if shown else raw  # 1 → 100%, 0.955 → 95.5%


@dataclass(slots=True)
class IndicatorCells:
    """The texts and places of one indicator, as a structure found them."""

    category_raw: str
    name: str
    value: str
    description: str
    kind: str
    location: Location  # the row, at the 一级指标 column
    name_column: int | None
    value_column: int | None
    description_column: int | None
    subcategory_raw: str | None = None
    weight: str = ""
    measure_unit: str = ""
    operator: str = ""
    direction: str = ""
    measure_unit_column: int | None = None


def make_indicator(cells: IndicatorCells) -> Indicator:
    """The Indicator, with the facts rules need computed once: category, parsed value …"""
    category, cells.subcategory_raw = categories_by_meaning(cells.category_raw, cells.subcategory_raw)
    declaration = declared(cells)
    return Indicator(
        category=category,
        category_raw=cells.category_raw,
        name=cells.name,
        value_text=cells.value,
        value=whole_value(cells.value, declaration),
        description=cells.description,
        kind=cells.kind,
        location=cells.location,
        columns=shared_columns(
            cells.name_column, cells.value_column, cells.description_column, cells.measure_unit_column
        ),
        is_satisfaction=is_satisfaction(category, cells.name, cells.subcategory_raw),
        declared=declaration,
    )


# A declared operator as it is written before a number.
SYMBOLS = {">=": "≥", ">": ">", "=": "=", "<": "<", "<=": "≤"}


def whole_value(text: str, declaration: Declared) -> Value:
    """The value, with what the table declares beside it: a value split over
    指标性质 | 指标值 | 计量单位 (≥ | 95 | %) is read as the one value ≥95%."""
    value = parse_value(text)
    if value.kind != QUANTITY or declaration is NOT_DECLARED:
        return value
    symbol = SYMBOLS.get(declaration.operator or "") if value.operator is None else ""
    unit = declaration.measure_unit if value.unit is None and declaration.measure_unit else ""
    if not (symbol or unit) or unit in NOTHING:
        return value if not symbol else parse_value(f"{symbol}{text}")
    return parse_value(f"{symbol or ''}{text}{unit}")


# Excel counts days from 1899-12-30: 36526 is 2000-01-01, 54789 is 2049-12-31.
EXCEL_EPOCH = date(1899, 12, 30)
SERIAL_RANGE = range(36526, 54790)
TIME_NAME = re.compile(r"时间|日期|时限|期限|完成时|截止|时效|进度")


def indicator_issues(indicator: Indicator, unit: Unit | None, project: Project | None) -> list[Issue]:
    """What reading an indicator shows wrong with it: a category that is none of
    the framework's (LG006); a date typed into a number cell, which a workbook
    keeps as a day count (LG007: 44561 is 2021-12-31)."""
    issues = []
    if indicator.category is None and indicator.category_raw:  # a table without 一级 says no category at all
        issues.append(
            Issue(
                "LG006",
                indicator.location,
                {"text": indicator.category_raw},
                unit=unit,
                project=project,
                indicator=indicator,
            )
        )
    serial = date_serial(indicator)
    if serial is not None:
        issues.append(
            Issue(
                "LG007",
                indicator.value_location,
                {"text": indicator.value_text, "date": serial},
                unit=unit,
                project=project,
                indicator=indicator,
            )
        )
    return issues


def date_serial(indicator: Indicator) -> str | None:
    """The date a time indicator's bare number stands for, if it is a day count in Excel's range."""
    text = indicator.value_text.replace(",", "")
    # A 计量单位 cell holding a number (the serial again, shown 44,561) is no unit.
    measure_unit = (indicator.measure_unit or "").replace(",", "")
    has_unit = bool(measure_unit) and not measure_unit.isdigit()
    if not (text.isdigit() and int(text) in SERIAL_RANGE) or indicator.value.unit or has_unit:
        return None
    if not (TIME_NAME.search(indicator.name) or "时效" in (indicator.subcategory or "")):
        return None
    return (EXCEL_EPOCH + timedelta(days=int(text))).isoformat()


@lru_cache(maxsize=256)  # a table has a handful of column sets; each indicator keeps a reference to one
def shared_columns(*columns: int | None) -> tuple[int | None, ...]:
    return columns


def declared(cells: IndicatorCells) -> Declared:
    if not (cells.subcategory_raw or cells.weight or cells.measure_unit or cells.operator or cells.direction):
        return NOT_DECLARED  # (most tables declare nothing: one shared, empty Declared)
    return Declared(
        subcategory=canonical_subcategory(cells.subcategory_raw) if cells.subcategory_raw else None,
        subcategory_raw=cells.subcategory_raw or None,
        weight=parse_number(cells.weight) if cells.weight else None,
        measure_unit=cells.measure_unit if cells.measure_unit not in NOTHING else None,
        operator=canonical_operator(cells.operator),
        direction=canonical_direction(cells.direction),
    )


def shorten(text: str, limit: int = 20) -> str:
    """Enough of a cell to recognise it in a message."""
    return text if len(text) <= limit else text[:limit] + "…"
