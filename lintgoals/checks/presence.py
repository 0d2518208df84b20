"""Is a field filled in, and how long is it."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from lintgoals.checks.base import (
    FIELD,
    FIELDS_LIST,
    Check,
    Hit,
    Options,
    field_location,
    field_value,
    is_empty,
    options_schema,
    prepare_field_names,
)
from lintgoals.subjects import Subject


def check_presence(subject: Subject, options: Options) -> Iterator[Hit]:
    """Each named field that is empty (or zero, with zero_is_missing)."""
    for name in options["field_names"]:
        value = field_value(subject, name)
        zero = isinstance(value, Decimal) and value == 0 and options.get("zero_is_missing", False)
        if is_empty(value) or zero:
            yield Hit({"field": name}, field_location(subject, name))


def check_length(subject: Subject, options: Options) -> Iterator[Hit]:
    """A filled-in text shorter than `min` or longer than `max` characters.
    An empty field is left to a presence rule, so one defect is reported once."""
    value = field_value(subject, options["field"])
    if is_empty(value):
        return
    length = len(str(value).strip())
    if length < options.get("min", 0) or length > options.get("max", length):
        yield Hit({"length": length, "text": value}, field_location(subject, options["field"]))


CHECKS = (
    Check("presence", check_presence,
          options_schema([], either=("field", "fields"), field=FIELD, fields=FIELDS_LIST,
                         zero_is_missing={"type": "boolean"}),
          frozenset({"field"}), ("field", "fields"), prepare=prepare_field_names),
    Check("length", check_length,
          options_schema(["field"], field=FIELD, min={"type": "integer", "minimum": 0},
                         max={"type": "integer", "minimum": 0}),
          frozenset({"length", "text"}), ("field",)),
)
