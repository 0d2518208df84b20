"""A rule's examples: what it reports and what it leaves alone, written in its pack.

    examples:
      fires: [{name: 接待能力, value: 提升接待能力}]
      quiet: [{name: 接待满意度, value: "≥95%"}]

Each example is the smallest table the rule can judge, as data: an indicator's
cells for a rule about indicators, a project's money and indicators for a rule
about projects, a unit for a rule about units, the units of a table for a rule
about the document. `table:` in an example sets what the table has (its `year`,
the `fields` it has columns for). The test suite runs every example of every
shipped rule, and `lintgoals rule CODE` shows them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lintgoals.engine import run
from lintgoals.layouts.building import IndicatorCells, funding_of, make_indicator
from lintgoals.model import FUNDING_FIELDS, TABLE_FIELDS, Amount, Document, Finding, Location, Project, Unit
from lintgoals.rules import Rule, RuleSet
from lintgoals.values import parse_value
from lintgoals.words import catalog

PATH = "example"


def findings_of(
    rule: Rule, example: dict[str, Any], params: dict[str, Any] | None = None, lang: str = "zh"
) -> list[Finding]:
    """What the rule alone reports on the example's table."""
    document = example_document(rule.target, example)
    return run(RuleSet((rule,), params or {}), document, [], lang).findings


def example_document(target: str, example: dict[str, Any]) -> Document:
    table = example.get("table") or {}
    document = Document(
        PATH,
        "example",
        Location(PATH),
        year=table.get("year", 2024),
        fields=set(table["fields"]) if "fields" in table else set(TABLE_FIELDS),
    )
    line = Counter()
    if target == "indicator":
        project = {**(example.get("project") or {}), "indicators": [example]}
        document.units = [make_unit({"projects": [project]}, line)]
    elif target == "project":
        document.units = [make_unit({"projects": [example]}, line)]
    elif target == "unit":
        document.units = [make_unit(example, line)]
    else:
        document.units = [make_unit(unit, line) for unit in example.get("units") or []]
    return document


class Counter:
    """The next line of the example's table: every item is on a row of its own."""

    def __init__(self) -> None:
        self.line = 0

    def next(self) -> Location:
        self.line += 1
        return Location(PATH, self.line)


def make_unit(data: dict[str, Any], line: Counter) -> Unit:
    unit = Unit(str(data.get("code", "101001")), data.get("name", "示例单位"), line.next(), data.get("parent_code"))
    unit.projects = [make_project(project, line) for project in data.get("projects") or []]
    return unit


def make_project(data: dict[str, Any], line: Counter) -> Project:
    location = line.next()
    amounts = {
        name: Amount(str(value), Decimal(str(value)) if value not in ("", None) else None, location)
        for name, value in (data.get("funding") or {}).items()
    }
    if not amounts.keys() <= set(FUNDING_FIELDS):
        raise TypeError(f"an example's funding has no {', '.join(sorted(amounts.keys() - set(FUNDING_FIELDS)))}")
    dates = parse_value(str(data["span"])).dates if data.get("span") else ()
    project = Project(
        data.get("name", "示例项目"),
        location,
        funding_of(amounts),
        scope=data.get("scope", "project"),
        period=data.get("period", "annual"),
        span=(dates[0], dates[1]) if len(dates) == 2 else None,
    )
    project.indicators = [
        make_indicator(
            IndicatorCells(
                str(item.get("category", "产出指标")),
                str(item.get("name", "")),
                str(item.get("value", "")),
                str(item.get("description", "")),
                "common",
                line.next(),
                2,
                3,
                4,
                item.get("subcategory"),
                str(item.get("weight", "")),
                str(item.get("measure_unit", "")),
                str(item.get("operator", "")),
                str(item.get("direction", "")),
            )
        )
        for item in data.get("indicators") or []
    ]
    return project


# How an example is shown to a person: the cells of an indicator by their headers.
def describe(example: dict[str, Any], lang: str = "zh") -> str:
    """One line for an example: an indicator's cells by their headers, anything else as compact data."""
    view = catalog(lang).rule_view
    labels: dict[str, str] = view["example_labels"]
    if set(example) <= set(labels) | {"table", "project"}:
        return str(view["example_sep"]).join(
            f"{labels[key]}{view['example_colon']}{value}" for key, value in example.items() if key in labels
        )
    import json

    return json.dumps(example, ensure_ascii=False, default=str)
