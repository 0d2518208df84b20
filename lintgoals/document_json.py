"""The model as JSON (`lintgoals parse`), shaped by schemas/document.schema.json."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lintgoals.model import FUNDING_FIELDS, Amount, Document, Indicator, Location, Project, Unit
from lintgoals.values import Value

SCHEMA_VERSION = 1


def location_json(location: Location) -> dict[str, Any]:
    return {"line": location.line, "column": location.column, "sheet": location.sheet, "cell": location.cell}


def number_json(number: Decimal | None) -> str | None:
    # Amounts stay exact: a string, never a float.
    return None if number is None else format(number, "f")


def amount_json(amount: Amount | None) -> dict[str, Any] | None:
    if amount is None:
        return None
    return {"raw": amount.raw, "value": number_json(amount.value), "location": location_json(amount.location)}


def value_json(value: Value) -> dict[str, Any]:
    return {"operator": value.operator, "numbers": [number_json(n) for n in value.numbers], "unit": value.unit,
            "approximate": value.approximate, "range": value.is_range, "qualitative": value.qualitative}


def indicator_json(indicator: Indicator) -> dict[str, Any]:
    return {
        "category": indicator.category, "category_raw": indicator.category_raw,
        "subcategory": indicator.subcategory, "name": indicator.name,
        "value": indicator.value_text, "parsed_value": value_json(indicator.value),
        "description": indicator.description, "kind": indicator.kind,
        "is_satisfaction": indicator.is_satisfaction, "weight": number_json(indicator.weight),
        "measure_unit": indicator.measure_unit, "operator": indicator.operator, "direction": indicator.direction,
        "location": location_json(indicator.location),
        "name_location": location_json(indicator.name_location),
        "value_location": location_json(indicator.value_location),
        "description_location": location_json(indicator.description_location),
    }


def project_json(project: Project) -> dict[str, Any]:
    return {"name": project.name, "location": location_json(project.location),
            "funding": {name: amount_json(getattr(project.funding, name)) for name in FUNDING_FIELDS},
            "indicators": [indicator_json(i) for i in project.indicators]}


def unit_json(unit: Unit) -> dict[str, Any]:
    return {"code": unit.code, "name": unit.name, "parent_code": unit.parent_code,
            "location": location_json(unit.location), "projects": [project_json(p) for p in unit.projects]}


def document_json(document: Document) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "path": document.path, "layout": document.layout,
            "title": document.title, "year": document.year, "units": [unit_json(u) for u in document.units]}
