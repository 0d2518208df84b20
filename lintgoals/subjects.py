"""What a rule looks at: a subject (document, unit, project or indicator, with
its parents) and the named fields a pack may use in `when`, options and messages.

The field names are the vocabulary of the rule DSL. Packs are validated against
them when loaded, so a typo in a field name is an error, not a silent no-op.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from operator import attrgetter
from typing import Any, NamedTuple

from lintgoals.model import FUNDING_FIELDS, Amount, Document, Indicator, Location, Project, Unit


class Subject(NamedTuple):
    """What a rule looks at, with its parents (a tuple: one is made per item per run)."""

    document: Document
    unit: Unit | None = None
    project: Project | None = None
    indicator: Indicator | None = None

    @property
    def location(self) -> Location:
        item = self.indicator or self.project or self.unit or self.document
        return item.location


class Field(NamedTuple):
    """A named fact of a subject: its value (what conditions test, so it must be
    cheap) and where it is (what a finding points at)."""

    value: Callable[[Subject], Any]
    location: Callable[[Subject], Location]


def at(value_path: str, location_path: str) -> Field:
    """A field read along attribute paths (C-speed attrgetters)."""
    return Field(attrgetter(value_path), attrgetter(location_path))


def computed(value: Callable[[Subject], Any], location_path: str) -> Field:
    return Field(value, attrgetter(location_path))


def amount_field(name: str) -> Field:
    def value(subject: Subject) -> Any:
        project = subject.project
        assert project is not None  # a field of PROJECT_FIELDS: read of a project or an indicator
        amount: Amount | None = getattr(project.funding, name)
        return None if amount is None else amount.value

    def location(subject: Subject) -> Location:
        project = subject.project
        assert project is not None
        amount: Amount | None = getattr(project.funding, name)
        return project.location if amount is None else amount.location

    return Field(value, location)


# What PROJECT_FIELDS and INDICATOR_FIELDS compute, of a subject that has a project (an indicator).
def indicator_count(subject: Subject) -> int:
    assert subject.project is not None
    return len(subject.project.indicators)


def subject_unit(subject: Subject) -> str | None:
    assert subject.indicator is not None
    return effective_unit(subject.indicator)


def subject_operator(subject: Subject) -> str | None:
    assert subject.indicator is not None
    return effective_operator(subject.indicator)


COMPARISONS = frozenset({">=", ">", "=", "<", "<="})


def effective_unit(indicator: Indicator) -> str | None:
    return indicator.measure_unit or indicator.value.unit


def effective_operator(indicator: Indicator) -> str | None:
    return indicator.operator if indicator.operator in COMPARISONS else indicator.value.operator


DOCUMENT_FIELDS: dict[str, Field] = {
    "path": at("document.path", "document.location"),
    "title": at("document.title", "document.location"),
    "year": at("document.year", "document.location"),
    "layout": at("document.layout", "document.location"),
    "columns": at("document.columns", "document.location"),
}
UNIT_FIELDS: dict[str, Field] = {
    **DOCUMENT_FIELDS,
    "unit.code": at("unit.code", "unit.location"),
    "unit.name": at("unit.name", "unit.location"),
    "unit.parent_code": at("unit.parent_code", "unit.location"),
}
PROJECT_FIELDS: dict[str, Field] = {
    **UNIT_FIELDS,
    "project.name": at("project.name", "project.location"),
    "project.indicator_count": computed(indicator_count, "project.location"),
    "project.label": at("project.label", "project.location"),
    "project.scope": at("project.scope", "project.location"),
    "project.period": at("project.period", "project.location"),
    **{f"funding.{name}": amount_field(name) for name in FUNDING_FIELDS},
}
INDICATOR_FIELDS: dict[str, Field] = {
    **PROJECT_FIELDS,
    "name": at("indicator.name", "indicator.name_location"),
    "value": at("indicator.value_text", "indicator.value_location"),
    **{
        f"value.{name}": at(f"indicator.value.{attribute}", "indicator.value_location")
        for name, attribute in (
            ("number", "number"),
            ("unit", "unit"),
            ("operator", "operator"),
            ("approximate", "approximate"),
            ("range", "is_range"),
            ("qualitative", "qualitative"),
            ("kind", "kind"),
            ("deadline", "deadline"),
            ("per", "per"),
        )
    },
    "description": at("indicator.description", "indicator.description_location"),
    **{
        name: at(f"indicator.{name}", "indicator.location")
        for name in (
            "category",
            "category_raw",
            "subcategory",
            "subcategory_raw",
            "kind",
            "is_satisfaction",
            "weight",
            "operator",
            "direction",
        )
    },
    "measure_unit": at("indicator.measure_unit", "indicator.measure_unit_location"),
    # The unit of measure and the comparison as a reader takes them: the declared
    # column where the table has one and it is filled, else what the value says.
    "effective_unit": computed(subject_unit, "indicator.unit_location"),
    "effective_operator": computed(subject_operator, "indicator.value_location"),
}
# The subject's own name, under a short alias: `name` means the unit's name on a
# unit, the project's on a project.
UNIT_FIELDS |= {
    "code": UNIT_FIELDS["unit.code"],
    "name": UNIT_FIELDS["unit.name"],
    "parent_code": UNIT_FIELDS["unit.parent_code"],
}
PROJECT_FIELDS |= {
    "name": PROJECT_FIELDS["project.name"],
    "indicator_count": PROJECT_FIELDS["project.indicator_count"],
    "label": PROJECT_FIELDS["project.label"],
    "scope": PROJECT_FIELDS["project.scope"],
    "period": PROJECT_FIELDS["project.period"],
}

# The values a field can take, where they are few and fixed: a condition that names
# another (category: outputs) would never hold, and is refused when the pack loads.
OPERATOR_VALUES = frozenset({">=", ">", "=", "<", "<="})
KNOWN_VALUES: dict[str, frozenset[str]] = {
    "category": frozenset({"output", "benefit", "satisfaction", "cost"}),
    "direction": frozenset({"positive", "negative"}),
    "operator": OPERATOR_VALUES | {"qualitative", "quantitative"},
    "value.operator": OPERATOR_VALUES,
    "effective_operator": OPERATOR_VALUES,
    "value.kind": frozenset({"quantity", "date", "period", "yesno", "grade", "text"}),
    "kind": frozenset({"common", "personal"}),
    "scope": frozenset({"project", "unit"}),
    "project.scope": frozenset({"project", "unit"}),
    "period": frozenset({"annual", "medium"}),
    "project.period": frozenset({"annual", "medium"}),
}

# The fields a table may have no column for (model.TABLE_FIELDS), by the subject
# fields that read them: a rule that reads one needs the table to have it.
TABLE_FIELD_OF: dict[str, str] = {
    "category": "category",
    "category_raw": "category",
    "subcategory": "subcategory",
    "subcategory_raw": "subcategory",
    "description": "description",
    "weight": "weight",
    "measure_unit": "measure_unit",
    "operator": "operator",
    "direction": "direction",
    **{f"funding.{name}": f"funding.{name}" for name in FUNDING_FIELDS},
}

FIELDS: dict[str, dict[str, Field]] = {
    "document": DOCUMENT_FIELDS,
    "unit": UNIT_FIELDS,
    "project": PROJECT_FIELDS,
    "indicator": INDICATOR_FIELDS,
}

# What a `count` or `unique` check may range over, and the target type of each item.
COLLECTIONS: dict[str, dict[str, str]] = {
    "document": {"units": "unit", "projects": "project", "indicators": "indicator"},
    "unit": {"projects": "project", "indicators": "indicator"},
    "project": {"indicators": "indicator"},
    "indicator": {},
}


def subjects(document: Document, target: str, units: list[Unit] | None = None) -> Iterator[Subject]:
    """Every subject of one target type in a document (or in some of its units), in table order."""
    if target == "document":
        yield Subject(document)
        return
    for unit in document.units if units is None else units:
        if target == "unit":
            yield Subject(document, unit)
            continue
        for project in unit.projects:
            if target == "project":
                yield Subject(document, unit, project)
                continue
            for indicator in project.indicators:
                yield Subject(document, unit, project, indicator)


def members(subject: Subject, collection: str) -> list[Subject]:
    """The items of a collection under a subject: a project's indicators, a unit's projects …"""
    if subject.project is not None:
        document, unit, project = subject.document, subject.unit, subject.project
        return [Subject(document, unit, project, indicator) for indicator in project.indicators]
    units = [subject.unit] if subject.unit is not None else None
    return list(subjects(subject.document, COLLECTIONS["document"][collection], units))


# A declared operator as the table wrote it, for messages.
DECLARED = {">=": "≥", ">": ">", "=": "=", "<": "<", "<=": "≤", "qualitative": "定性", "quantitative": "定量"}


def context(subject: Subject) -> dict[str, Any]:
    """Placeholders every message may use, whatever its check."""
    values: dict[str, Any] = {}
    if subject.unit is not None:
        values |= {"unit_code": subject.unit.code, "unit_name": subject.unit.name}
    if subject.project is not None:
        values["project"] = subject.project.label
        values["money_unit"] = subject.project.funding.unit or ""
    if subject.indicator is not None:
        item = subject.indicator
        values |= {
            "indicator": item.name,
            "name": item.name,
            "value": item.value_text,
            "description": item.description,
            "category": item.category_raw,
            "subcategory": item.subcategory_raw or "",
            "declared": DECLARED.get(item.operator or "", ""),
            "unit_of_measure": effective_unit(item) or "",
            "weight": item.weight,
        }
    return values


CONTEXT_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "document": frozenset(),
    "unit": frozenset({"unit_code", "unit_name"}),
    "project": frozenset({"unit_code", "unit_name", "project", "money_unit"}),
    "indicator": frozenset(
        {
            "unit_code",
            "unit_name",
            "project",
            "money_unit",
            "indicator",
            "name",
            "value",
            "description",
            "category",
            "subcategory",
            "declared",
            "unit_of_measure",
            "weight",
        }
    ),
}
