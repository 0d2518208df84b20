"""Header recognition: which column holds which field, found by the header's text."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from lintgoals.readers.table import Row

WHITESPACE = re.compile(r"\s+")
# "年度资金总额（万元）", "权重(%)": a unit in brackets at the end does not change what the column is.
TRAILING_UNIT = re.compile(r"\((万元|元|%|分|个|次)\)$")
# 指标值（包含数字及文字描述）: a note in brackets after the header's words.
NOTE = re.compile(r"\([^()]*\)$")
# A header is a few words; a longer cell is data, and need not be normalised to know it.
MAX_HEADER_LENGTH = 30

Aliases = dict[str, tuple[str, ...]]


def normalize_header(text: str) -> str:
    """Full-width brackets and letters to half-width, no spaces, no colon: （个性） == (个性)."""
    return WHITESPACE.sub("", unicodedata.normalize("NFKC", text)).removeprefix("其中:").rstrip(":")


@lru_cache(maxsize=1 << 12)  # cells repeat (产出指标, 0, 指标值 …): normalise each text once
def header_key(text: str) -> str:
    """What a header cell is compared by: normalised, without a unit in brackets at its end."""
    if len(text) > MAX_HEADER_LENGTH:
        return ""
    normalized = normalize_header(text)
    return TRAILING_UNIT.sub("", normalized) if not normalized.startswith("(") else normalized


def normalize_aliases(aliases: dict[str, list[str]]) -> Aliases:
    return {field: tuple(dict.fromkeys(header_key(alias) for alias in names)) for field, names in aliases.items()}


def find_columns(cells: list[str], aliases: Aliases) -> dict[str, int]:
    """Map each field to the 1-based column whose header is one of its aliases.

    An exact header wins; failing that, a header that adds a note in brackets
    to an alias counts too (指标值（包含数字及文字描述）is 指标值). A column serves one field.
    """
    exact: dict[str, int] = {}
    noted: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = header_key(cell)
        if key:
            exact.setdefault(key, index + 1)
            noted.setdefault(NOTE.sub("", key), index + 1)
    columns: dict[str, int] = {}
    for lookup in (exact, noted):
        for field_name, names in aliases.items():
            if field_name in columns:
                continue
            column = next((lookup[name] for name in names if name in lookup), None)
            if column is not None and column not in columns.values():
                columns[field_name] = column
    return columns


def match_header(row: Row, below: Row | None, aliases: Aliases) -> tuple[dict[str, int], int]:
    """The columns a header starting at `row` names, and how many rows it spans.

    A header may be split over two rows (资金安排 over 总计 … 其他资金): the
    second row counts when every filled cell of it is a header this layout knows.
    """
    columns = find_columns(row.cells, aliases)
    if below is not None:
        filled = [cell for cell in below.cells if cell.strip()]
        extra = find_columns(below.cells, {f: names for f, names in aliases.items() if f not in columns})
        known = {name for names in aliases.values() for name in names}
        if extra and all(header_key(cell) in known for cell in filled):
            extra = {f: c for f, c in extra.items() if c not in columns.values()}
            return columns | extra, 2
    return columns, 1
