"""`repeated_value`: one text written on most items of a collection, such as the
same boilerplate description (该指标值数据合理) on every indicator of a project.
It says nothing about any of them.

    check: repeated_value
    options: {of: indicators, field: description, min_count: 3, min_share: 0.5}

Reported once, at the first item that has it, when the commonest filled-in
text of `field` is on at least `min_count` items and at least `min_share` of
all of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from lintgoals.checks.base import (
    COLLECTION,
    FIELD,
    Check,
    CheckOptions,
    Example,
    Hit,
    field_location,
    field_value,
    is_empty,
    option,
    options_schema,
)
from lintgoals.subjects import Subject, members


@dataclass(slots=True, frozen=True)
class RepeatedOptions(CheckOptions):
    of: str
    field: str
    min_count: int = 3
    min_share: float = 0.5


def check_repeated_value(subject: Subject, options: RepeatedOptions) -> Iterator[Hit]:
    items = members(subject, options.of)
    name = options.field
    texts = [str(field_value(item, name)).strip() for item in items]
    counts = Counter(text for text in texts if not is_empty(text))
    if not counts:
        return
    text, count = counts.most_common(1)[0]
    if count >= options.min_count and count >= options.min_share * len(items):
        first = items[texts.index(text)]
        yield Hit({"text": text, "count": count, "total": len(items)}, field_location(first, name), member=first)


CHECKS = (
    Check(
        name="repeated_value",
        function=check_repeated_value,
        options=options_schema(
            ["of", "field"],
            of=COLLECTION,
            field=option(FIELD, "The field of each item compared."),
            min_count=option({"type": "integer", "minimum": 2}, "Fewest items with the same text to report it.", 3),
            min_share=option(
                {"type": "number", "minimum": 0, "maximum": 1}, "Smallest share of all the items with it.", 0.5
            ),
        ),
        params=frozenset({"text", "count", "total"}),
        member_field_options=("field",),
        settings=RepeatedOptions,
        summary="One text on most items of a subject (the same boilerplate description on every indicator).",
        example=Example(
            "project",
            {"of": "indicators", "field": "description"},
            fires=(
                {
                    "indicators": [
                        {"name": f"指标{i}", "value": f"{i}次", "description": "该指标值数据合理"} for i in range(1, 5)
                    ]
                },
            ),
            quiet=(
                {
                    "indicators": [
                        {"name": f"指标{i}", "value": f"{i}次", "description": f"第{i}项工作的次数。"}
                        for i in range(1, 5)
                    ]
                },
            ),
        ),
        refuses=(
            ({"of": "indicators", "field": "description", "min_share": 2}, "2"),
            ({"of": "indicators", "field": "description", "min_count": 1}, "1"),
        ),
    ),
)
