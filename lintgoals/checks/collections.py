"""Checks over the items under a subject: how many there are, and repeats among them.

Existence is checked on the parent ("a project has no benefit indicator" is a
count on the project), so that a missing thing is always reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from lintgoals.checks.base import (
    FIELD,
    Check,
    Hit,
    OptionError,
    Options,
    display,
    field_location,
    field_value,
    is_empty,
    options_schema,
)
from lintgoals.conditions import ConditionError, compile_condition
from lintgoals.subjects import Subject, members


def check_count(subject: Subject, options: Options) -> Iterator[Hit]:
    """Fewer than `min` or more than `max` items of `of` matching `where`."""
    where = options.get("condition")
    items = members(subject, options["of"])
    count = len(items) if where is None else sum(map(where.test, items))
    if count < options.get("min", 0) or ("max" in options and count > options["max"]):
        yield Hit({"count": count})


def check_unique(subject: Subject, options: Options) -> Iterator[Hit]:
    """Every item of `of` whose `key` an earlier item already had; it points at the repeat."""
    first_seen: dict[str, Subject] = {}
    name = options["key"]
    for item in members(subject, options["of"]):
        key = field_value(item, name)
        if is_empty(key):
            continue
        normalized = str(key).strip()
        if normalized in first_seen:
            first_line = field_location(first_seen[normalized], name).line
            yield Hit({"key": normalized, "first_line": first_line or ""}, field_location(item, name), member=item)
        else:
            first_seen[normalized] = item


def check_sum_of(subject: Subject, options: Options) -> Iterator[Hit]:
    """The sum of `field` over the items of `of` differs from `equals` by more than
    `tolerance` (empty fields count as zero)."""
    values = [field_value(item, options["field"]) for item in members(subject, options["of"])]
    total = sum((value for value in values if isinstance(value, Decimal)), Decimal(0))
    expected = Decimal(str(options["equals"]))
    if abs(total - expected) > Decimal(str(options.get("tolerance", 0))):
        yield Hit({"sum": display(total), "count": len(values)})


def check_flag(subject: Subject, options: Options) -> Iterator[Hit]:
    """Every subject the rule's `when` selects; pointed at the field `at`, if given."""
    yield Hit({}, field_location(subject, options["at"]) if "at" in options else None)


def compile_where(options: Options, member_target: str | None) -> Options:
    if "where" not in options:
        return options
    try:
        return options | {"condition": compile_condition(options["where"], member_target)}
    except ConditionError as error:
        raise OptionError(str(error), "where") from None


COLLECTION = {"type": "string", "enum": ["units", "projects", "indicators"]}

CHECKS = (
    Check("count", check_count,
          options_schema(["of"], of=COLLECTION, where={"type": "object"}, min={"type": "integer", "minimum": 0},
                         max={"type": "integer", "minimum": 0}),
          frozenset({"count"}), prepare=compile_where),
    Check("unique", check_unique, options_schema(["of", "key"], of=COLLECTION, key=FIELD),
          frozenset({"key", "first_line"}), member_field_options=("key",)),
    Check("sum_of", check_sum_of,
          options_schema(["of", "field", "equals"], of=COLLECTION, field=FIELD, equals={"type": "number"},
                         tolerance={"type": "number", "minimum": 0}),
          frozenset({"sum", "count"}), member_field_options=("field",)),
    Check("flag", check_flag, options_schema([], at=FIELD), frozenset(), ("at",)),
)
