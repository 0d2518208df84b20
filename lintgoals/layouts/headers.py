"""Header recognition: which column holds which field, found by what its header says.

Real headers are written in many ways: wrapped inside the cell (一级\\n指标),
cut to a fragment (一级), with notes in brackets (指标值(包含数字及文字描述),
权重(%)), with a star on a required field (*部门名称), or in other words
(当年预期实现值, 预期达到目标). So a header cell is first normalised, then
scored against each field of the layout:

    4  it is one of the field's names as written, notes included (明细指标(个性))
    3  without its notes, it is one of the names (指标值(包含…) is 指标值)
    2  it contains one of the field's keywords (当年预期实现值 holds 实现值)
    1  it is the start of a name, cut short (一级 for 一级指标)

and each column gets the field that scores best for it, each field one column.
A field named only by a `weak` header (备注, 绩效标准) is kept when what the
column holds fits it: the builder checks that once the rows are read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from lintgoals.readers.table import Row

WHITESPACE = re.compile(r"\s+")
# Stars on required fields, list markers: *部门名称, ★农村低保, (一)财政拨款, 1、一般公共预算, 其中：
LEADING = re.compile(
    r"^(?:[*★☆※]+|\((?:[一二三四五六七八九十]+|\d+)\)|[一二三四五六七八九十]+、|\d+[、.](?!\d)|其中[:,]?)+"
)
# "年度资金总额（万元）", "权重(%)": a unit in brackets at the end does not change what the column is.
TRAILING_UNIT = re.compile(r"\((?:万元|元|%|分|个|次)\)$")
NOTES = re.compile(r"\([^()]*\)|【[^【】]*】|\[[^\[\]]*\]")
# A header is a few words; a longer cell is data, and need not be normalised to know it.
MAX_HEADER_LENGTH = 30
# Distinct cell texts whose scores are remembered: every row of a table is tested
# for a repeated header, and most of its cells repeat (产出指标, ≥95%, 符合).
MAX_CACHED_CELLS = 1 << 14
# A region's name (新罗区, 西坪镇尧山村): a column headed by a longer text is no region's.
MAX_REGION_LENGTH = 12
# A fragment is a header cut short: only a short one is taken for the start of a name.
FRAGMENT_LENGTHS = range(2, 4)


def normalize_header(text: str) -> str:
    """Full width to half width, no spaces or line breaks, no star, list marker or
    colon at its ends: （个性） == (个性), "一级\\n指标" == 一级指标, "*部门名称：" == 部门名称."""
    normalized = WHITESPACE.sub("", unicodedata.normalize("NFKC", text))
    return LEADING.sub("", normalized).rstrip(":")


@lru_cache(maxsize=1 << 12)  # cells repeat (产出指标, 0, 指标值 …): normalise each text once
def header_key(text: str) -> str:
    """What a header cell is compared by: normalised, without a unit in brackets at its end."""
    if len(text) > MAX_HEADER_LENGTH:
        return ""
    normalized = normalize_header(text)
    return TRAILING_UNIT.sub("", normalized) if not normalized.startswith("(") else normalized


@lru_cache(maxsize=1 << 12)
def bare_key(text: str) -> str:
    """A header without any of its notes in brackets: 指标值(包含数字及文字描述) → 指标值."""
    key = header_key(text)
    return NOTES.sub("", key) or key


@dataclass(slots=True, frozen=True)
class FieldNames:
    """What a header of one field may say."""

    names: tuple[str, ...] = ()  # whole headers, normalised
    keywords: tuple[str, ...] = ()  # words a longer header holds
    weak: tuple[str, ...] = ()  # headers that name it only if the column's content fits


Fields = dict[str, FieldNames]


def field_names(names: list[str], keywords: list[str] | None = None, weak: list[str] | None = None) -> FieldNames:
    def keys(items: list[str] | None) -> tuple[str, ...]:
        return tuple(dict.fromkeys(header_key(item) for item in items or ()))

    return FieldNames(keys(names), keys(keywords), keys(weak))


@dataclass(slots=True, frozen=True)
class HeaderMatch:
    columns: dict[str, int]  # field → 1-based column
    height: int  # rows the header spans
    weak: frozenset[str] = frozenset()  # fields named only by a weak header
    # Columns of a target value per region (区域目标值: 新罗区 | 永定区 …), where
    # the table has them instead of one value column: (region, column).
    regions: tuple[tuple[str, int], ...] = ()
    # The same fields named again further right: a second group of indicator
    # columns (中期 | 年度 side by side), field → column.
    second: dict[str, int] = field(default_factory=dict)


class HeaderMatcher:
    """Scores header cells against a layout's fields; each distinct text is scored once."""

    def __init__(self, fields: Fields) -> None:
        self.fields = fields
        self.cache: dict[str, tuple[tuple[int, str], ...]] = {}
        # Cell texts already judged, and those of them that name a field: every row of
        # a table is asked whether it is a header, and set operations answer at C speed.
        self.seen: set[str] = set()
        self.known: set[str] = set()

    def any_known(self, cells: list[str]) -> bool:
        """Whether any of the cells names a field: what a row must have to be a header."""
        if not self.known.isdisjoint(cells):
            return True
        if self.seen.issuperset(cells):
            return False
        if len(self.seen) >= MAX_CACHED_CELLS:
            self.seen.clear()
            self.known.clear()
        fresh = [cell for cell in cells if cell not in self.seen]
        self.seen.update(fresh)
        self.known.update(cell for cell in fresh if self.is_known(cell))
        return not self.known.isdisjoint(fresh)

    def candidates(self, cell: str) -> tuple[tuple[int, str], ...]:
        """(score, field) for every field the cell may name, best first."""
        found = self.cache.get(cell)
        if found is None:
            if len(cell) > MAX_HEADER_LENGTH:
                return ()  # data, not a header: not worth remembering
            if len(self.cache) >= MAX_CACHED_CELLS:
                self.cache.clear()  # a large table's cells: memory stays bounded
            found = self.cache[cell] = self.score(cell)
        return found

    def score(self, cell: str) -> tuple[tuple[int, str], ...]:
        key = header_key(cell)
        if not key:
            return ()
        bare = bare_key(cell)
        scored = []
        for name, names in self.fields.items():
            if key in names.names or key in names.weak:
                points = 4
            elif bare in names.names or bare in names.weak:
                points = 3
            elif any(word in bare for word in names.keywords):
                points = 2
            elif len(bare) in FRAGMENT_LENGTHS and any(full.startswith(bare) for full in names.names):
                points = 1
            else:
                continue
            scored.append((points, name))
        return tuple(sorted(scored, key=lambda item: -item[0]))

    def is_weak(self, cell: str, name: str) -> bool:
        names = self.fields[name]
        return header_key(cell) in names.weak or bare_key(cell) in names.weak

    def find_columns(self, cells: list[str], taken: dict[str, int] | None = None) -> tuple[dict[str, int], set[str]]:
        """Each field's column: the best-scoring cell for it, a column serving one field.
        Returns the columns and the fields named only by a weak header."""
        columns = dict(taken or {})
        weak: set[str] = set()
        ranked = sorted(
            (
                (points, column, name)
                for column, cell in enumerate(cells, start=1)
                for points, name in self.candidates(cell)
            ),
            key=lambda item: (-item[0], item[1]),
        )
        used = set(columns.values())
        for _, column, name in ranked:
            if name in columns or column in used:
                continue
            columns[name] = column
            used.add(column)
            if self.is_weak(cells[column - 1], name):
                weak.add(name)
        return columns, weak

    def is_known(self, cell: str) -> bool:
        return any(points >= 2 for points, _ in self.candidates(cell))

    def match(self, row: Row, below: Row | None, value_field: str | None = None) -> HeaderMatch:
        """The columns a header starting at `row` names, and how many rows it spans.

        A header may be split over two rows (资金安排 over 总计 … 其他资金; 绩效指标
        over 一级指标 …): the second row counts when every filled cell of it is a
        header this layout knows. Region columns (a target value per county or
        village) stand where a layout's value column would: filled header cells
        right of every known one, in the row itself or under its value header.
        """
        columns, weak = self.find_columns(row.cells)
        height = 1
        if below is not None:
            filled = [cell for cell in below.cells if cell.strip()]
            if filled and all(self.is_known(cell) for cell in filled):
                columns, below_weak = self.find_columns(below.cells, columns)
                weak |= below_weak
                height = 2
        regions: tuple[tuple[str, int], ...] = ()
        if value_field is None:
            pass
        elif value_field not in columns and len(columns) >= 2:
            last_known = max(columns.values(), default=0)
            regions = tuple(
                (text, column)
                for column, text in enumerate(row.cells, start=1)
                if column > last_known and text.strip() and not self.is_known(text)
            )
            if len(regions) < 2 or any(len(text) > MAX_REGION_LENGTH for text, _ in regions):
                regions = ()
        elif value_field in columns and height == 1 and below is not None:
            regions = regions_below(row, below, columns[value_field])
            height += bool(regions)
        if regions and value_field is not None:  # (there are regions only where there is a value field)
            columns[value_field] = regions[0][1]
        return HeaderMatch(
            columns,
            height,
            frozenset(weak),
            regions,
            self.second_group(row, columns, value_field) if value_field and not regions else {},
        )

    def second_group(self, row: Row, columns: dict[str, int], value_field: str) -> dict[str, int]:
        """The value header and another named again right of the first group's value:
        一级|二级|三级|指标值|二级|三级|指标值 holds two target sets."""
        if value_field not in columns:
            return {}
        start = columns[value_field]
        rest = [cell if column > start else "" for column, cell in enumerate(row.cells, start=1)]
        second, _ = self.find_columns(rest)
        return second if value_field in second and len(second) >= 2 else {}


def regions_below(row: Row, below: Row, value_column: int) -> tuple[tuple[str, int], ...]:
    """区域目标值 over 新罗区 | 永定区 …: two or more names under the value header
    (merged across them), and nothing under the other headers."""
    names = [(text, column) for column, text in enumerate(below.cells, start=1) if text.strip()]
    if len(names) < 2 or names[0][1] != value_column or any(row.cell(column) for _, column in names[1:]):
        return ()
    return tuple(names)
