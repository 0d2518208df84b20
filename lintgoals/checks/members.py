"""Checks over the items under a subject: how many there are, and repeats among them.

Existence is checked on the parent ("a project has no benefit indicator" is a
count on the project), so that a missing thing is always reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from lintgoals.checks.base import (
    COLLECTION,
    FIELD,
    Check,
    CheckOptions,
    Example,
    Hit,
    OptionError,
    Options,
    display,
    field_location,
    field_value,
    is_empty,
    option,
    options_schema,
)
from lintgoals.conditions import Condition, ConditionError, compile_condition
from lintgoals.subjects import Subject, members


@dataclass(slots=True, frozen=True)
class CountOptions(CheckOptions):
    of: str
    where: Condition | None  # compiled once, for the target type of the items
    min: int
    max: int | None

    @classmethod
    def from_options(cls, options: Options, member_target: str | None) -> CountOptions:
        assert member_target is not None  # `of` is required: the items' target is known
        try:
            where = compile_condition(options["where"], member_target) if "where" in options else None
        except ConditionError as error:
            raise OptionError(str(error), "where") from None
        return cls(options["of"], where, options.get("min", 0), options.get("max"))


@dataclass(slots=True, frozen=True)
class UniqueOptions(CheckOptions):
    of: str
    key: str


@dataclass(slots=True, frozen=True)
class SumOfOptions(CheckOptions):
    of: str
    field: str
    equals: Decimal
    tolerance: Decimal

    @classmethod
    def from_options(cls, options: Options, member_target: str | None) -> SumOfOptions:
        return cls(
            options["of"], options["field"], Decimal(str(options["equals"])), Decimal(str(options.get("tolerance", 0)))
        )


@dataclass(slots=True, frozen=True)
class FlagOptions(CheckOptions):
    at: str | None = None


def check_count(subject: Subject, options: CountOptions) -> Iterator[Hit]:
    """Fewer than `min` or more than `max` items of `of` matching `where`."""
    where = options.where
    items = members(subject, options.of)
    count = len(items) if where is None else sum(map(where.test, items))
    if count < options.min or (options.max is not None and count > options.max):
        yield Hit({"count": count})


def check_unique(subject: Subject, options: UniqueOptions) -> Iterator[Hit]:
    """Every item of `of` whose `key` an earlier item already had; it points at the repeat."""
    first_seen: dict[str, Subject] = {}
    name = options.key
    for item in members(subject, options.of):
        key = field_value(item, name)
        if is_empty(key):
            continue
        normalized = str(key).strip()
        if normalized in first_seen:
            first_line = field_location(first_seen[normalized], name).line
            yield Hit({"key": normalized, "first_line": first_line or ""}, field_location(item, name), member=item)
        else:
            first_seen[normalized] = item


def check_sum_of(subject: Subject, options: SumOfOptions) -> Iterator[Hit]:
    """The sum of `field` over the items of `of` differs from `equals` by more than
    `tolerance` (empty fields count as zero)."""
    values = [field_value(item, options.field) for item in members(subject, options.of)]
    total = sum((value for value in values if isinstance(value, Decimal)), Decimal(0))
    if abs(total - options.equals) > options.tolerance:
        yield Hit({"sum": display(total), "count": len(values)})


def check_flag(subject: Subject, options: FlagOptions) -> Iterator[Hit]:
    """Every subject the rule's `when` selects; pointed at the field `at`, if given."""
    yield Hit({}, field_location(subject, options.at) if options.at is not None else None)


COUNT = {"type": "integer", "minimum": 0}

CHECKS = (
    Check(
        name="count",
        function=check_count,
        options=options_schema(
            ["of"],
            of=COLLECTION,
            where=option({"type": "object"}, "Only the items that match, as in a rule's `when`."),
            min=option(COUNT, "Fewest items allowed.", 0),
            max=option(COUNT, "Most items allowed (no limit when left out)."),
        ),
        params=frozenset({"count"}),
        settings=CountOptions,
        summary="A subject with fewer than `min` or more than `max` items (that match `where`).",
        example=Example(
            "project",
            {"of": "indicators", "where": {"category": "benefit"}, "min": 1},
            fires=({"indicators": [{"category": "产出指标", "name": "培训人数", "value": "≥50人"}]},),
            quiet=({"indicators": [{"category": "效益指标", "name": "受益人数", "value": "≥500人"}]},),
        ),
        refuses=(
            ({"of": "indicator"}, "'indicator'"),
            ({"of": "indicators", "min": -1}, "-1"),
            ({"of": "indicators", "where": {"category": "outputs"}}, "did you mean 'output'"),
        ),
    ),
    Check(
        name="unique",
        function=check_unique,
        options=options_schema(
            ["of", "key"], of=COLLECTION, key=option(FIELD, "The field of each item that must differ.")
        ),
        params=frozenset({"key", "first_line"}),
        member_field_options=("key",),
        settings=UniqueOptions,
        summary="An item whose `key` an earlier item of the same subject already has.",
        example=Example(
            "unit",
            {"of": "projects", "key": "name"},
            fires=({"projects": [{"name": "来访接待"}, {"name": "来访接待"}]},),
            quiet=({"projects": [{"name": "来访接待"}, {"name": "差旅费"}]},),
        ),
        refuses=(({"of": "projects"}, "option 'key' is required"), ({"of": "projects", "key": "nmae"}, "nmae")),
    ),
    Check(
        name="sum_of",
        function=check_sum_of,
        options=options_schema(
            ["of", "field", "equals"],
            of=COLLECTION,
            field=option(FIELD, "The field of each item that is added up."),
            equals=option({"type": "number"}, "What the sum must be."),
            tolerance=option({"type": "number", "minimum": 0}, "The difference still accepted.", 0),
        ),
        params=frozenset({"sum", "count"}),
        member_field_options=("field",),
        settings=SumOfOptions,
        summary="Items whose `field` does not add up to `equals` (weights to 100).",
        example=Example(
            "project",
            {"of": "indicators", "field": "weight", "equals": 100},
            fires=(
                {
                    "indicators": [
                        {"name": "人数", "value": "5人", "weight": 30},
                        {"name": "次数", "value": "3次", "weight": 30},
                    ]
                },
            ),
            quiet=(
                {
                    "indicators": [
                        {"name": "人数", "value": "5人", "weight": 60},
                        {"name": "次数", "value": "3次", "weight": 40},
                    ]
                },
            ),
        ),
        refuses=(({"of": "indicators", "field": "weight", "equals": "一百"}, "'一百'"),),
    ),
    Check(
        name="flag",
        function=check_flag,
        options=options_schema([], at=option(FIELD, "The field the finding points at (else the subject's row).")),
        params=frozenset(),
        field_options=("at",),
        settings=FlagOptions,
        summary="Every subject the rule's `when` selects: the whole rule is in its `when`.",
        example=Example(
            "indicator",
            {"at": "value"},
            when={"value.approximate": True},
            fires=({"name": "宣传天数", "value": "20天左右"},),
            quiet=({"name": "宣传天数", "value": "20天"},),
        ),
        refuses=(({"at": "valeu"}, "valeu"), ({"where": {}}, "'where'")),
    ),
)
