"""What a rule looks at: a subject (document, unit, project or indicator, with
its parents) and the named fields a pack may use in `when`, options and messages.

The field names are the vocabulary of the rule DSL. Packs are validated against
them when loaded, so a typo in a field name is an error, not a silent no-op.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from lintgoals.model import FUNDING_FIELDS, Amount, Document, Indicator, Location, Project, Unit

TARGETS = ("document", "unit", "project", "indicator")


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


Getter = Callable[[Subject], tuple[Any, Location]]


def amount_getter(name: str) -> Getter:
    def get(subject: Subject) -> tuple[Any, Location]:
        amount: Amount | None = getattr(subject.project.funding, name)
        if amount is None:
            return None, subject.project.location
        return amount.value, amount.location
    return get


def own(attribute: str, part: str) -> Getter:
    """A field of the subject's own object (part: unit, project, indicator)."""
    def get(subject: Subject) -> tuple[Any, Location]:
        item = getattr(subject, part)
        return getattr(item, attribute), item.location
    return get


def indicator_at(attribute: str, location: str, transform: Callable[[Any], Any] = lambda v: v) -> Getter:
    def get(subject: Subject) -> tuple[Any, Location]:
        item = subject.indicator
        return transform(getattr(item, attribute)), getattr(item, location)
    return get


COMPARISONS = frozenset({">=", ">", "=", "<", "<="})


def effective_unit(indicator: Indicator) -> str | None:
    return indicator.measure_unit or indicator.value.unit


def effective_operator(indicator: Indicator) -> str | None:
    return indicator.operator if indicator.operator in COMPARISONS else indicator.value.operator


DOCUMENT_FIELDS: dict[str, Getter] = {
    "path": lambda s: (s.document.path, s.document.location),
    "title": lambda s: (s.document.title, s.document.location),
    "year": lambda s: (s.document.year, s.document.location),
    "layout": lambda s: (s.document.layout, s.document.location),
    "columns": lambda s: (frozenset(s.document.columns), s.document.location),
}
UNIT_FIELDS: dict[str, Getter] = {
    **DOCUMENT_FIELDS,
    "unit.code": own("code", "unit"),
    "unit.name": own("name", "unit"),
    "unit.parent_code": own("parent_code", "unit"),
}
PROJECT_FIELDS: dict[str, Getter] = {
    **UNIT_FIELDS,
    "project.name": own("name", "project"),
    "project.indicator_count": lambda s: (len(s.project.indicators), s.project.location),
    **{f"funding.{name}": amount_getter(name) for name in FUNDING_FIELDS},
}
INDICATOR_FIELDS: dict[str, Getter] = {
    **PROJECT_FIELDS,
    "name": indicator_at("name", "name_location"),
    "value": indicator_at("value_text", "value_location"),
    "value.number": indicator_at("value", "value_location", lambda v: v.number),
    "value.unit": indicator_at("value", "value_location", lambda v: v.unit),
    "value.operator": indicator_at("value", "value_location", lambda v: v.operator),
    "value.approximate": indicator_at("value", "value_location", lambda v: v.approximate),
    "value.range": indicator_at("value", "value_location", lambda v: v.is_range),
    "value.qualitative": indicator_at("value", "value_location", lambda v: v.qualitative),
    "description": indicator_at("description", "description_location"),
    "category": own("category", "indicator"),
    "category_raw": own("category_raw", "indicator"),
    "subcategory": own("subcategory", "indicator"),
    "subcategory_raw": own("subcategory_raw", "indicator"),
    "kind": own("kind", "indicator"),
    "is_satisfaction": own("is_satisfaction", "indicator"),
    "weight": own("weight", "indicator"),
    "measure_unit": own("measure_unit", "indicator"),
    "operator": own("operator", "indicator"),
    "direction": own("direction", "indicator"),
    # The unit of measure and the comparison as a reader takes them: the declared
    # column where the table has one and it is filled, else what the value says.
    "effective_unit": lambda s: (effective_unit(s.indicator), s.indicator.value_location),
    "effective_operator": lambda s: (effective_operator(s.indicator), s.indicator.value_location),
}
# The subject's own name, under a short alias: `name` means the unit's name on a
# unit, the project's on a project.
UNIT_FIELDS |= {"code": UNIT_FIELDS["unit.code"], "name": UNIT_FIELDS["unit.name"],
                "parent_code": UNIT_FIELDS["unit.parent_code"]}
PROJECT_FIELDS |= {"name": PROJECT_FIELDS["project.name"],
                   "indicator_count": PROJECT_FIELDS["project.indicator_count"]}

FIELDS: dict[str, dict[str, Getter]] = {
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


def members(subject: Subject, collection: str) -> Iterator[Subject]:
    """The items of a collection under a subject: a project's indicators, a unit's projects …"""
    if subject.project is not None:
        for indicator in subject.project.indicators:
            yield Subject(subject.document, subject.unit, subject.project, indicator)
        return
    units = [subject.unit] if subject.unit is not None else None
    yield from subjects(subject.document, COLLECTIONS["document"][collection], units)


# A declared operator as the table wrote it, for messages.
DECLARED = {">=": "≥", ">": ">", "=": "=", "<": "<", "<=": "≤", "qualitative": "定性", "quantitative": "定量"}


def context(subject: Subject) -> dict[str, Any]:
    """Placeholders every message may use, whatever its check."""
    values: dict[str, Any] = {}
    if subject.unit is not None:
        values |= {"unit_code": subject.unit.code, "unit_name": subject.unit.name}
    if subject.project is not None:
        values["project"] = subject.project.name
    if subject.indicator is not None:
        item = subject.indicator
        values |= {"indicator": item.name, "name": item.name, "value": item.value_text,
                   "description": item.description, "category": item.category_raw,
                   "subcategory": item.subcategory_raw or "", "declared": DECLARED.get(item.operator or "", ""),
                   "unit_of_measure": effective_unit(item) or "", "weight": item.weight}
    return values


CONTEXT_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "document": frozenset(),
    "unit": frozenset({"unit_code", "unit_name"}),
    "project": frozenset({"unit_code", "unit_name", "project"}),
    "indicator": frozenset({"unit_code", "unit_name", "project", "indicator", "name", "value",
                            "description", "category", "subcategory", "declared", "unit_of_measure", "weight"}),
}
