"""`deadline_within`: a date or deadline that falls outside the time the money is
for: the project's 实施期 where the table gives it, else the budget year.
"2022年12月底前" in a 2024 table was copied from an old one.

    check: deadline_within
    options: {field: value}

Only a date that names its year is checked (12月底前 is in whatever year the
table is for); a period is a span, not a deadline.
"""

from __future__ import annotations

from collections.abc import Iterator

from lintgoals.checks.base import FIELD, Check, Example, FieldOptions, Hit, field_location, option, options_schema
from lintgoals.subjects import Subject
from lintgoals.values import DATE, DatePoint


def months(point: DatePoint, end: bool) -> int | None:
    """A point as a count of months, its month unknown taken at its year's start or end."""
    if point.year is None:
        return None
    return point.year * 12 + (point.month or (12 if end else 1))


def check_deadline_within(subject: Subject, options: FieldOptions) -> Iterator[Hit]:
    indicator = subject.indicator
    if indicator is None:  # a deadline is an indicator's value
        return
    value = indicator.value
    if value.kind != DATE or not value.dates or value.dates[0].year is None:
        return
    when = months(value.dates[0], end=True)
    span = subject.project.span if subject.project is not None else None
    if span is not None:
        start, end = months(span[0], end=False), months(span[1], end=True)
        allowed = f"{span[0].year}–{span[1].year}" if span[0].year != span[1].year else f"{span[0].year}"
    elif subject.document.year is not None:
        start, end = subject.document.year * 12 + 1, subject.document.year * 12 + 12
        allowed = str(subject.document.year)
    else:
        return
    if when is not None and start is not None and end is not None and not start <= when <= end:
        yield Hit({"date": indicator.value_text, "allowed": allowed}, field_location(subject, options.field))


CHECKS = (
    Check(
        name="deadline_within",
        function=check_deadline_within,
        options=options_schema([], field=option(FIELD, "The field the finding points at.", "value")),
        params=frozenset({"date", "allowed"}),
        field_options=("field",),
        settings=FieldOptions,
        summary="A dated target (2022年12月底前) outside the project's 实施期 or the budget year.",
        example=Example(
            "indicator",
            {},
            fires=({"name": "完成时间", "value": "2022年12月底前", "table": {"year": 2024}},),
            quiet=({"name": "完成时间", "value": "2024年12月底前", "table": {"year": 2024}},),
        ),
        refuses=(({"field": 3}, "3"),),
    ),
)
