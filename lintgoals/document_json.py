"""The model as JSON (`lintgoals parse`), shaped by schemas/document.schema.json,
and read back: a budget system can send what it has as such a document (JSON or
YAML), and a parsed table read back gives the same findings as the table.

Locations in a document refer to the table it describes (its `path`), so
findings on a document point at the original cells.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from lintgoals.layouts.building import IndicatorCells, make_indicator
from lintgoals.model import (
    ANNUAL,
    FUNDING_FIELDS,
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
from lintgoals.readers.table import ReadError
from lintgoals.readers.text import read_bounded
from lintgoals.values import DatePoint, Value
from lintgoals.yamlfile import safe_load

SCHEMA_VERSION = 1
CENT = Decimal("0.01")
DOCUMENT_SUFFIXES = (".json", ".yaml", ".yml")
# A model document names its schema ("$schema"); in a folder, other JSON and
# YAML (reports, configs, rule packs) is skipped. A file named on the command
# line is read as a document whatever it says.
SCHEMA_ID = "https://lintgoals.invalid/schemas/document.schema.json"
PEEK_BYTES = 4096


def location_json(location: Location) -> dict[str, Any]:
    return {"line": location.line, "column": location.column, "sheet": location.sheet, "cell": location.cell}


def number_json(number: Decimal | None) -> str | None:
    # Amounts stay exact: a string, never a float.
    return None if number is None else format(number, "f")


def amount_json(amount: Amount | None) -> dict[str, Any] | None:
    if amount is None:
        return None
    value = amount.value
    # To the cent at least, as money is written; more places where the table gives them (万元 to 4 places).
    shown = value.quantize(CENT) if value is not None and value.as_tuple().exponent > -2 else value
    return {"raw": amount.raw, "value": number_json(shown), "location": location_json(amount.location)}


def value_json(value: Value) -> dict[str, Any]:
    return {"operator": value.operator, "numbers": [number_json(n) for n in value.numbers], "unit": value.unit,
            "approximate": value.approximate, "range": value.is_range, "qualitative": value.qualitative,
            "kind": value.kind, "dates": [list(date) for date in value.dates], "deadline": value.deadline,
            "per": value.per}


def indicator_json(indicator: Indicator) -> dict[str, Any]:
    return {
        "category": indicator.category, "category_raw": indicator.category_raw,
        "subcategory": indicator.subcategory, "subcategory_raw": indicator.subcategory_raw, "name": indicator.name,
        "value": indicator.value_text, "parsed_value": value_json(indicator.value),
        "description": indicator.description, "kind": indicator.kind,
        "is_satisfaction": indicator.is_satisfaction, "weight": number_json(indicator.weight),
        "measure_unit": indicator.measure_unit, "operator": indicator.operator, "direction": indicator.direction,
        "location": location_json(indicator.location),
        "name_location": location_json(indicator.name_location),
        "value_location": location_json(indicator.value_location),
        "description_location": location_json(indicator.description_location),
        "measure_unit_location": None if indicator.measure_unit_column is None
        else location_json(indicator.measure_unit_location),
    }


def project_json(project: Project) -> dict[str, Any]:
    return {"name": project.name, "scope": project.scope, "period": project.period,
            "span": [list(point) for point in project.span] if project.span else None, "location": location_json(project.location),
            "funding": {name: amount_json(getattr(project.funding, name)) for name in FUNDING_FIELDS},
            "money_unit": project.funding.unit,
            "indicators": [indicator_json(i) for i in project.indicators]}


def unit_json(unit: Unit) -> dict[str, Any]:
    return {"code": unit.code, "name": unit.name, "parent_code": unit.parent_code,
            "location": location_json(unit.location), "projects": [project_json(p) for p in unit.projects]}


def document_json(document: Document, issues: list[Issue] = ()) -> dict[str, Any]:
    return {"$schema": SCHEMA_ID, "schema_version": SCHEMA_VERSION, "path": document.path, "layout": document.layout,
            "title": document.title, "year": document.year, "columns": sorted(document.columns),
            "fields": None if document.fields is None else sorted(document.fields), "framework": document.framework,
            "headers": [{"location": location_json(read.location),
                         "fields": {name: {"column": column, "header": text} for name, column, text in read.fields},
                         "unread": [{"column": column, "header": text} for column, text in read.unread]}
                        for read in document.headers],
            "units": [unit_json(u) for u in document.units],
            "issues": [issue_json(issue, document) for issue in issues]}


def issue_json(issue: Issue, document: Document) -> dict[str, Any]:
    """What the layout noticed (LG0xx), pointing at its unit, project and indicator by position."""
    unit_index = index_of(document.units, issue.unit)
    projects = document.units[unit_index].projects if unit_index is not None else []
    project_index = index_of(projects, issue.project)
    indicators = projects[project_index].indicators if project_index is not None else []
    return {"code": issue.code, "variant": issue.variant, "params": issue.params,
            "location": location_json(issue.location), "unit": unit_index, "project": project_index,
            "indicator": index_of(indicators, issue.indicator)}


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
        where = "/".join(str(part) for part in error.absolute_path) or "document"
        raise ReadError("LG002", "not_document", params={"reason": f"{where}: {error.message}"})
    return document_from_json(data)


def load_data(path: Path) -> Any:
    try:
        text = read_bounded(path).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReadError("LG001", "unreadable", params={"reason": str(error)}) from None
    try:
        return json.loads(text) if path.suffix.lower() == ".json" else safe_load(text)
    except json.JSONDecodeError as error:
        raise ReadError("LG001", "malformed", line=error.lineno, params={"reason": error.msg}) from None
    except RecursionError:
        raise ReadError("LG001", "malformed", params={"reason": "nested too deeply"}) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ReadError("LG001", "malformed", line=mark.line + 1 if mark else None,
                        params={"reason": getattr(error, "problem", None) or str(error)}) from None


def document_from_json(data: dict[str, Any]) -> tuple[Document, list[Issue]]:
    path = data["path"]
    document = Document(path, data["layout"], Location(path), data.get("title"), data.get("year"),
                        columns=set(data.get("columns") or []),
                        fields=None if data.get("fields") is None else set(data["fields"]),
                        framework=data.get("framework") or "")
    document.units = [unit_from_json(unit, path) for unit in data["units"]]
    document.headers = [header_from_json(read, path) for read in data.get("headers") or []]
    return document, [issue_from_json(issue, document, path) for issue in data.get("issues") or []]


def header_from_json(data: dict[str, Any], path: str) -> HeaderRead:
    fields = tuple((name, entry["column"], entry.get("header") or "") for name, entry in (data.get("fields") or {}).items())
    unread = tuple((entry["column"], entry.get("header") or "") for entry in data.get("unread") or [])
    return HeaderRead(location_from_json(data.get("location"), path), fields, unread)


def location_from_json(where: dict[str, Any] | None, path: str) -> Location:
    where = where or {}
    return Location(path, where.get("line"), where.get("column"), where.get("sheet"), where.get("cell"))


def unit_from_json(data: dict[str, Any], path: str) -> Unit:
    return Unit(data["code"], data["name"], location_from_json(data["location"], path), data.get("parent_code"),
                [project_from_json(project, path) for project in data["projects"]])


def project_from_json(data: dict[str, Any], path: str) -> Project:
    funding = Funding(**{name: amount_from_json(amount, path)
                         for name, amount in (data.get("funding") or {}).items() if amount is not None},
                      unit=data.get("money_unit"))
    span = data.get("span")
    return Project(data["name"], location_from_json(data["location"], path), funding,
                   [indicator_from_json(indicator, path) for indicator in data["indicators"]],
                   data.get("scope") or PROJECT, data.get("period") or ANNUAL,
                   (DatePoint(*span[0]), DatePoint(*span[1])) if span else None)


def amount_from_json(data: dict[str, Any], path: str) -> Amount:
    value = data.get("value")
    return Amount(data.get("raw") or "", Decimal(value) if value is not None else None,
                  location_from_json(data.get("location"), path))


def indicator_from_json(data: dict[str, Any], path: str) -> Indicator:
    """Derived facts (parsed value, category, satisfaction) are computed again, as for a table."""
    row = location_from_json(data["location"], path)
    weight = data.get("weight")
    return make_indicator(IndicatorCells(
        data.get("category_raw") or data.get("category") or "", data["name"], data["value"], data["description"],
        data.get("kind", "common"), row,
        column_of(data, "name_location"), column_of(data, "value_location"), column_of(data, "description_location"),
        data.get("subcategory_raw") or data.get("subcategory"), weight or "",
        data.get("measure_unit") or "", data.get("operator") or "", data.get("direction") or "",
        (data.get("measure_unit_location") or {}).get("column")))


def column_of(data: dict[str, Any], key: str) -> int | None:
    return (data.get(key) or {}).get("column") or data["location"].get("column")


def issue_from_json(data: dict[str, Any], document: Document, path: str) -> Issue:
    unit = item_at(document.units, data.get("unit"))
    project = item_at(unit.projects, data.get("project")) if unit else None
    indicator = item_at(project.indicators, data.get("indicator")) if project else None
    return Issue(data["code"], location_from_json(data["location"], path), data.get("params") or {},
                 data.get("variant"), unit, project, indicator)


def item_at(items: list[Any], index: int | None) -> Any:
    return items[index] if index is not None and 0 <= index < len(items) else None
