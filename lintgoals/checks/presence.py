"""Is a field filled in, and how long is it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from lintgoals.checks.base import (
    FIELD,
    FIELDS_LIST,
    Check,
    CheckOptions,
    Example,
    Hit,
    Options,
    field_location,
    field_names,
    field_value,
    is_empty,
    option,
    options_schema,
)
from lintgoals.subjects import Subject


@dataclass(slots=True, frozen=True)
class PresenceOptions(CheckOptions):
    field_names: tuple[str, ...]
    zero_is_missing: bool

    @classmethod
    def from_options(cls, options: Options, member_target: str | None) -> PresenceOptions:
        return cls(field_names(options), options.get("zero_is_missing", False))


@dataclass(slots=True, frozen=True)
class LengthOptions(CheckOptions):
    field: str
    min: int = 0
    max: int | None = None


def check_presence(subject: Subject, options: PresenceOptions) -> Iterator[Hit]:
    """Each named field that is empty (or zero, with zero_is_missing)."""
    for name in options.field_names:
        value = field_value(subject, name)
        zero = isinstance(value, Decimal) and value == 0 and options.zero_is_missing
        if is_empty(value) or zero:
            yield Hit({"field": name}, field_location(subject, name))


def check_length(subject: Subject, options: LengthOptions) -> Iterator[Hit]:
    """A filled-in text shorter than `min` or longer than `max` characters.
    An empty field is left to a presence rule, so one defect is reported once."""
    value = field_value(subject, options.field)
    if is_empty(value):
        return
    length = len(str(value).strip())
    if length < options.min or (options.max is not None and length > options.max):
        yield Hit({"length": length, "text": value}, field_location(subject, options.field))


CHECKS = (
    Check(
        name="presence",
        function=check_presence,
        options=options_schema(
            [],
            either=("field", "fields"),
            field=option(FIELD, "The field that must be filled in."),
            fields=option(FIELDS_LIST, "Several fields, each of which must be (instead of `field`)."),
            zero_is_missing=option({"type": "boolean"}, "An amount of 0 counts as missing.", False),
        ),
        params=frozenset({"field"}),
        field_options=("field", "fields"),
        settings=PresenceOptions,
        summary="An empty field (a target value, a description, an amount).",
        example=Example(
            "indicator",
            {"fields": ["name", "value"]},
            fires=({"name": "接待人数", "value": ""},),
            quiet=({"name": "接待人数", "value": "≥50人"},),
        ),
        refuses=(
            ({}, "option 'field' or 'fields' is required"),
            ({"field": "value", "fields": ["name"]}, "give only one of the options 'field' or 'fields'"),
        ),
    ),
    Check(
        name="length",
        function=check_length,
        options=options_schema(
            ["field"],
            field=option(FIELD, "The text field measured."),
            min=option({"type": "integer", "minimum": 0}, "Fewest characters allowed.", 0),
            max=option({"type": "integer", "minimum": 0}, "Most characters allowed (no limit when left out)."),
        ),
        params=frozenset({"length", "text"}),
        field_options=("field",),
        settings=LengthOptions,
        summary="A filled-in text shorter than `min` or longer than `max` characters.",
        example=Example(
            "indicator",
            {"field": "description", "min": 6},
            fires=({"name": "宣传天数", "value": "20天", "description": "举办天数。"},),
            quiet=({"name": "宣传天数", "value": "20天", "description": "全年举办宣传活动的天数。"},),
        ),
        refuses=(({"field": "description", "min": -1}, "-1"), ({"min": 6}, "option 'field' is required")),
    ),
)
