"""The model as JSON (`lintgoals parse`), shaped by schemas/document.schema.json,
and read back: a budget system can send what it has as such a document (JSON or
YAML), and a parsed table read back gives the same findings as the table.

Locations in a document refer to the table it describes (its `path`), so
findings on a document point at the original cells.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from lintgoals.layouts.building import IndicatorCells, make_indicator
from lintgoals.model import (
    ANNUAL,
    FUNDING_FIELDS,
    MAX_AMOUNT_DIGITS,
    PROJECT,
    Amount,
    Document,
    Funding,
    HeaderRead,
    Indicator,
    Issue,
    Location,
    Project,
    Unit,
)
from lintgoals.package_data import load_schema
from lintgoals.readers.table import ReadError, megabytes
from lintgoals.readers.text import read_bounded
from lintgoals.values import DatePoint, Value
from lintgoals.yamlfile import MAX_YAML_BYTES, SAFE_LOADER, JsonPath, describe, safe_load

SCHEMA_VERSION = 1
CENT = Decimal("0.01")
DOCUMENT_SUFFIXES = (".json", ".yaml", ".yml")
# A model document names its schema ("$schema"); in a folder, other JSON and
# YAML (reports, configs, rule packs) is skipped. A file named on the command
# line is read as a document whatever it says.
SCHEMA_ID = "https://lintgoals.invalid/schemas/document.schema.json"
PEEK_BYTES = 4096
# What a document's values may be, each past it an LG001 at its line: an integer
# (a year, a line, a column) of at most 18 digits, and an amount or weight of at
# most 20 digits before its decimal point (10^20 yuan is a million times the
# world's product): sums of such amounts, to the cent, stay within the 28 digits
# of decimal arithmetic. No NaN or infinity, no lone surrogate in a string.
MAX_INTEGER_DIGITS = 18
SURROGATE = re.compile("[\ud800-\udfff]")


def location_json(location: Location) -> dict[str, Any]:
    entry = {"line": location.line, "column": location.column, "sheet": location.sheet, "cell": location.cell}
    if location.page is not None:  # a PDF table's (written only there: other documents stay as they were)
        entry["page"] = location.page
    return entry


def number_json(number: Decimal | None) -> str | None:
    # Amounts stay exact: a string, never a float.
    return None if number is None else format(number, "f")


def amount_json(amount: Amount | None) -> dict[str, Any] | None:
    if amount is None:
        return None
    value = amount.value
    # To the cent at least, as money is written; more places where the table gives them (万元 to 4 places).
    shown = value.quantize(CENT) if value is not None and decimal_places(value) < 2 else value
    return {"raw": amount.raw, "value": number_json(shown), "location": location_json(amount.location)}


def decimal_places(number: Decimal) -> int:
    """The places after the point a number is written to (none for NaN or infinity)."""
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) else 0


def value_json(value: Value) -> dict[str, Any]:
    return {
        "operator": value.operator,
        "numbers": [number_json(n) for n in value.numbers],
        "unit": value.unit,
        "approximate": value.approximate,
        "range": value.is_range,
        "qualitative": value.qualitative,
        "kind": value.kind,
        "dates": [list(date) for date in value.dates],
        "deadline": value.deadline,
        "per": value.per,
    }


def indicator_json(indicator: Indicator) -> dict[str, Any]:
    return {
        "category": indicator.category,
        "category_raw": indicator.category_raw,
        "subcategory": indicator.subcategory,
        "subcategory_raw": indicator.subcategory_raw,
        "name": indicator.name,
        "value": indicator.value_text,
        "parsed_value": value_json(indicator.value),
        "description": indicator.description,
        "kind": indicator.kind,
        "is_satisfaction": indicator.is_satisfaction,
        "weight": number_json(indicator.weight),
        "measure_unit": indicator.measure_unit,
        "operator": indicator.operator,
        "direction": indicator.direction,
        "location": location_json(indicator.location),
        "name_location": location_json(indicator.name_location),
        "value_location": location_json(indicator.value_location),
        "description_location": location_json(indicator.description_location),
        "measure_unit_location": None
        if indicator.measure_unit_column is None
        else location_json(indicator.measure_unit_location),
    }


def project_json(project: Project) -> dict[str, Any]:
    return {
        "name": project.name,
        "scope": project.scope,
        "period": project.period,
        "span": [list(point) for point in project.span] if project.span else None,
        "location": location_json(project.location),
        "funding": {name: amount_json(getattr(project.funding, name)) for name in FUNDING_FIELDS},
        "money_unit": project.funding.unit,
        "indicators": [indicator_json(i) for i in project.indicators],
    }


def unit_json(unit: Unit) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "parent_code": unit.parent_code,
        "location": location_json(unit.location),
        "projects": [project_json(p) for p in unit.projects],
    }


def document_json(document: Document, issues: Sequence[Issue] = ()) -> dict[str, Any]:
    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "path": document.path,
        "layout": document.layout,
        "title": document.title,
        "year": document.year,
        "columns": sorted(document.columns),
        "fields": None if document.fields is None else sorted(document.fields),
        "framework": document.framework,
        "headers": [
            {
                "location": location_json(read.location),
                "fields": {name: {"column": column, "header": text} for name, column, text in read.fields},
                "unread": [{"column": column, "header": text} for column, text in read.unread],
            }
            for read in document.headers
        ],
        "units": [unit_json(u) for u in document.units],
        "issues": [issue_json(issue, document) for issue in issues],
    }


def issue_json(issue: Issue, document: Document) -> dict[str, Any]:
    """What the layout noticed (LG0xx), pointing at its unit, project and indicator by position."""
    unit_index = index_of(document.units, issue.unit)
    projects = document.units[unit_index].projects if unit_index is not None else []
    project_index = index_of(projects, issue.project)
    indicators = projects[project_index].indicators if project_index is not None else []
    return {
        "code": issue.code,
        "variant": issue.variant,
        "params": issue.params,
        "location": location_json(issue.location),
        "unit": unit_index,
        "project": project_index,
        "indicator": index_of(indicators, issue.indicator),
    }


def index_of(items: list[Any], item: Any) -> int | None:
    return next((index for index, candidate in enumerate(items) if candidate is item), None)


# ── reading a document back ──────────────────────────────────────────────────


def looks_like_document(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            head = stream.read(PEEK_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return False
    return SCHEMA_ID in head


def document_schema() -> dict[str, Any]:
    return load_schema("document.schema.json")


def read_document(path: Path) -> tuple[Document, list[Issue]]:
    """A model document; ReadError when it is not one (LG001 unreadable, LG002 not a document)."""
    data = load_data(path)
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    try:
        error = best_match(Draft202012Validator(document_schema()).iter_errors(data))
    except RecursionError:  # JSON nested deeper than a document ever is
        raise ReadError("LG002", "not_document", params={"reason": "nested too deeply"}) from None
    if error is not None:
        at = tuple(error.absolute_path)
        raise ReadError(
            "LG002",
            "not_document",
            line=line_at(path, at),
            params={"reason": f"{describe(at, 'document')}: {error.message}"},
        )
    odd = odd_field(data)
    if odd is not None:
        code, at, reason = odd
        raise ReadError(
            code,
            "malformed" if code == "LG001" else "not_document",
            line=line_at(path, at),
            params={"reason": f"{describe(at, 'document')}: {reason}"},
        )
    return document_from_json(data)


def load_data(path: Path) -> Any:
    is_json = path.suffix.lower() == ".json"
    data = read_bounded(path)
    if not is_json and len(data) > MAX_YAML_BYTES:  # parsing YAML costs fifty times its size
        raise ReadError(
            "LG001", "yaml_too_large", params={"size": megabytes(len(data)), "limit": megabytes(MAX_YAML_BYTES)}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReadError("LG001", "unreadable", params={"reason": str(error)}) from None
    del data
    try:
        loaded, suspect = load_json(text) if is_json else (safe_load(text), True)
    except json.JSONDecodeError as error:
        raise ReadError("LG001", "malformed", line=error.lineno, params={"reason": error.msg}) from None
    except RecursionError:
        raise ReadError("LG001", "malformed", params={"reason": "nested too deeply"}) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ReadError(
            "LG001",
            "malformed",
            line=mark.line + 1 if mark else None,
            params={"reason": getattr(error, "problem", None) or str(error)},
        ) from None
    del text
    odd = odd_value(loaded) if suspect else None
    if odd is not None:
        at, reason = odd
        where = f"{describe(at, 'document')}: " if at else ""
        # The path may hold the key at fault: its surrogate is shown as an escape, as in the reason.
        where = where.encode("utf-8", "backslashreplace").decode("utf-8")
        raise ReadError("LG001", "malformed", line=line_at(path, at), params={"reason": where + reason})
    return loaded


# ── values no document holds ─────────────────────────────────────────────────


class OddNumber(str):
    """A number of a JSON text that no document holds, as written: NaN, Infinity,
    1e999999 (past what a float holds), an integer of thousands of digits (which
    Python refuses to read). Kept as text, then refused where it stands."""

    @property
    def reason(self) -> str:
        if self in ("NaN", "Infinity", "-Infinity"):
            return f"{self} is not a number"
        if self.lstrip("-").isdigit():
            return f"an integer of {len(self.lstrip('-')):,} digits (at most {MAX_INTEGER_DIGITS})"
        return f"{shortened(self)} is too large a number (at most {MAX_INTEGER_DIGITS} digits)"


# A \\u escape of a surrogate: the only way a JSON text (UTF-8, decoded strictly) brings one in.
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def load_json(text: str) -> tuple[Any, bool]:
    """The data of a JSON text, and whether it may hold a value no document holds
    (an OddNumber, a lone surrogate): only then need it be searched for one."""
    odd: list[OddNumber] = []

    def refused(number: str) -> OddNumber:
        odd.append(OddNumber(number))
        return odd[-1]

    def parse_float(number: str) -> float | OddNumber:
        value = float(number)
        return value if math.isfinite(value) and abs(value) < 10**MAX_INTEGER_DIGITS else refused(number)

    def parse_int(number: str) -> int | OddNumber:
        return int(number) if len(number.lstrip("-")) <= MAX_INTEGER_DIGITS else refused(number)

    data = json.loads(text, parse_constant=refused, parse_float=parse_float, parse_int=parse_int)
    return data, bool(odd) or SURROGATE_ESCAPE.search(text) is not None


def odd_value(data: Any) -> tuple[JsonPath, str] | None:
    """The first value, in document order, that no document holds (see OddNumber,
    MAX_INTEGER_DIGITS, SURROGATE), where it is and why; None when there is none."""
    pending: list[tuple[JsonPath, Any]] = [((), data)]
    while pending:
        at, value = pending.pop()
        if isinstance(value, dict):
            for key in value:
                if isinstance(key, str) and not key.isascii() and SURROGATE.search(key):
                    return (*at, key), f"the key {surrogates_shown(key)} holds {lone_surrogate(key)}"
            pending.extend(((*at, key), item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            pending.extend(((*at, index), value[index]) for index in range(len(value) - 1, -1, -1))
        else:
            reason = odd_scalar(value)
            if reason is not None:
                return at, reason
    return None


def odd_scalar(value: Any) -> str | None:
    if isinstance(value, OddNumber):
        return value.reason
    if isinstance(value, str):
        if not value.isascii() and SURROGATE.search(value):
            return f"the text {surrogates_shown(value)} holds {lone_surrogate(value)}"
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value} is not a number" if math.isnan(value) else f"{value} is not a number (infinite)"
    if isinstance(value, int | float) and abs(value) >= 10**MAX_INTEGER_DIGITS:
        return f"{shortened(str(value))} is too large a number (at most {MAX_INTEGER_DIGITS} digits)"
    return None


def lone_surrogate(text: str) -> str:
    """The first lone surrogate of a text that holds one."""
    found = SURROGATE.search(text)
    assert found is not None, "a text without a lone surrogate"
    code = ord(found.group())
    return f"a lone surrogate (\\u{code:04x}), which is not a character"


def surrogates_shown(text: str) -> str:
    """Text as a message may show it: at most 40 characters, a surrogate as its escape."""
    return "“" + shortened(text, 40).encode("utf-8", "backslashreplace").decode("utf-8") + "”"


def shortened(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def odd_field(data: dict[str, Any]) -> tuple[str, JsonPath, str] | None:
    """A field of a valid document whose value the model cannot take, its rule, where
    and why: an amount or weight past MAX_AMOUNT_DIGITS (LG001), a span that is not
    two points in time (LG002, as the schema's own errors)."""
    for u, unit in enumerate(data["units"]):
        for p, project in enumerate(unit["projects"]):
            at: JsonPath = ("units", u, "projects", p)
            for name, amount in (project.get("funding") or {}).items():
                if amount is not None and (why := too_long(amount.get("value"))):
                    return "LG001", (*at, "funding", name, "value"), why
            span = project.get("span")
            if span and (len(span) != 2 or any(not 2 <= len(point) <= 3 for point in span)):
                return "LG002", (*at, "span"), "a span is two points in time, each [year, month] or [year, month, day]"
            for i, indicator in enumerate(project["indicators"]):
                if why := too_long(indicator.get("weight")):
                    return "LG001", (*at, "indicators", i, "weight"), why
    return None


def too_long(number: str | None) -> str | None:
    """Why a decimal (as the schema writes it) is past MAX_AMOUNT_DIGITS, or None."""
    digits = len((number or "").lstrip("-").split(".")[0].lstrip("0"))
    if digits <= MAX_AMOUNT_DIGITS:
        return None
    return f"{shortened(number or '')} has {digits:,} digits before its decimal point (at most {MAX_AMOUNT_DIGITS})"


# ── where a value is ─────────────────────────────────────────────────────────

# The tokens of a JSON text: a string, a punctuation mark, anything else (a number, true, NaN …).
JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


def line_at(path: Path, at: JsonPath) -> int | None:
    """The line of the value at `at` in a document, or of its nearest ancestor; None
    when it cannot be told. Only for a message: the file is read again to find it."""
    try:
        text = read_bounded(path).decode("utf-8-sig")
        return json_line(text, at) if path.suffix.lower() == ".json" else yaml_line(text, at)
    except Exception:  # noqa: BLE001 - the message then names the value without its line
        return None


def json_line(text: str, at: JsonPath) -> int | None:
    """Where the value at `at` starts in a JSON text json.loads has read."""
    # Each open object or array: the key or index of the value being read, and
    # whether the next string is a key.
    frames: list[list[Any]] = []
    for match in JSON_TOKEN.finditer(text):
        token = match.group()
        if token == ",":
            if frames and isinstance(frames[-1][0], int):
                frames[-1][0] += 1
            elif frames:
                frames[-1][1] = True
        elif token in "}]":
            frames.pop()
        elif token != ":":
            if frames and frames[-1][1]:
                frames[-1][0], frames[-1][1] = json.loads(token), False
                continue
            if len(frames) == len(at) and all(frame[0] == part for frame, part in zip(frames, at, strict=True)):
                return text.count("\n", 0, match.start()) + 1
            if token == "{":
                frames.append([None, True])
            elif token == "[":
                frames.append([0, False])
    return None


def yaml_line(text: str, at: JsonPath) -> int | None:
    """Where the value at `at` starts in a YAML text, or its nearest ancestor."""
    node = yaml.compose(text, Loader=SAFE_LOADER)
    line = None
    for part in (*at, None):
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            node = next((value for key, value in node.value if key.value in (part, str(part))), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            node = None
    return line


def document_from_json(data: dict[str, Any]) -> tuple[Document, list[Issue]]:
    path = data["path"]
    document = Document(
        path,
        data["layout"],
        Location(path),
        data.get("title"),
        data.get("year"),
        columns=set(data.get("columns") or []),
        fields=None if data.get("fields") is None else set(data["fields"]),
        framework=data.get("framework") or "",
    )
    document.units = [unit_from_json(unit, path) for unit in data["units"]]
    document.headers = [header_from_json(read, path) for read in data.get("headers") or []]
    return document, [issue_from_json(issue, document, path) for issue in data.get("issues") or []]


def header_from_json(data: dict[str, Any], path: str) -> HeaderRead:
    fields = tuple(
        (name, entry["column"], entry.get("header") or "") for name, entry in (data.get("fields") or {}).items()
    )
    unread = tuple((entry["column"], entry.get("header") or "") for entry in data.get("unread") or [])
    return HeaderRead(location_from_json(data.get("location"), path), fields, unread)


def location_from_json(where: dict[str, Any] | None, path: str) -> Location:
    where = where or {}
    return Location(
        path, where.get("line"), where.get("column"), where.get("sheet"), where.get("cell"), where.get("page")
    )


def unit_from_json(data: dict[str, Any], path: str) -> Unit:
    return Unit(
        data["code"],
        data["name"],
        location_from_json(data["location"], path),
        data.get("parent_code"),
        [project_from_json(project, path) for project in data["projects"]],
    )


def project_from_json(data: dict[str, Any], path: str) -> Project:
    funding = Funding(
        **{
            name: amount_from_json(amount, path)
            for name, amount in (data.get("funding") or {}).items()
            if amount is not None
        },
        unit=data.get("money_unit"),
    )
    span = data.get("span")
    return Project(
        data["name"],
        location_from_json(data["location"], path),
        funding,
        [indicator_from_json(indicator, path) for indicator in data["indicators"]],
        data.get("scope") or PROJECT,
        data.get("period") or ANNUAL,
        (DatePoint(*span[0]), DatePoint(*span[1])) if span else None,
    )


def amount_from_json(data: dict[str, Any], path: str) -> Amount:
    value = data.get("value")
    return Amount(
        data.get("raw") or "",
        Decimal(value) if value is not None else None,
        location_from_json(data.get("location"), path),
    )


def indicator_from_json(data: dict[str, Any], path: str) -> Indicator:
    """Derived facts (parsed value, category, satisfaction) are computed again, as for a table."""
    row = location_from_json(data["location"], path)
    weight = data.get("weight")
    return make_indicator(
        IndicatorCells(
            data.get("category_raw") or data.get("category") or "",
            data["name"],
            data["value"],
            data["description"],
            data.get("kind", "common"),
            row,
            column_of(data, "name_location"),
            column_of(data, "value_location"),
            column_of(data, "description_location"),
            data.get("subcategory_raw") or data.get("subcategory"),
            weight or "",
            data.get("measure_unit") or "",
            data.get("operator") or "",
            data.get("direction") or "",
            (data.get("measure_unit_location") or {}).get("column"),
        )
    )


def column_of(data: dict[str, Any], key: str) -> int | None:
    column: int | None = (data.get(key) or {}).get("column") or data["location"].get("column")
    return column


def issue_from_json(data: dict[str, Any], document: Document, path: str) -> Issue:
    unit = item_at(document.units, data.get("unit"))
    project = item_at(unit.projects, data.get("project")) if unit else None
    indicator = item_at(project.indicators, data.get("indicator")) if project else None
    return Issue(
        data["code"],
        location_from_json(data["location"], path),
        data.get("params") or {},
        data.get("variant"),
        unit,
        project,
        indicator,
    )


def item_at(items: list[Any], index: int | None) -> Any:
    return items[index] if index is not None and 0 <= index < len(items) else None
