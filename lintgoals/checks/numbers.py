"""Checks on amounts and on the numbers inside indicator values."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lintgoals.checks.base import (
    FIELD,
    FIELDS_LIST,
    NUMBER,
    Check,
    CheckOptions,
    Example,
    FieldOptions,
    Hit,
    Options,
    display,
    field_location,
    field_names,
    field_value,
    is_empty,
    option,
    options_schema,
)
from lintgoals.subjects import Subject, effective_unit
from lintgoals.values import Value, parse_value

CENT = Decimal("0.01")


def parsed(subject: Subject, name: str, text: Any) -> Value:
    """The Value a text field holds; the indicator's own `value` was parsed once, with the model."""
    indicator = subject.indicator
    return indicator.value if name == "value" and indicator is not None else parse_value(str(text or ""))


def number_and_unit(subject: Subject, name: str, raw: Any) -> tuple[Decimal | None, str | None]:
    """The number a field holds: an amount, or the first number of an indicator value
    with its unit (from the 计量单位 column where the table has one)."""
    if isinstance(raw, Decimal):
        return raw, None
    if not isinstance(raw, str):
        return None, None
    value = parsed(subject, name, raw)
    indicator = subject.indicator
    return value.number, effective_unit(indicator) if name == "value" and indicator is not None else value.unit


def as_decimal(number: Any) -> Decimal | None:
    return None if number is None else Decimal(str(number))


@dataclass(slots=True, frozen=True)
class BoundsOptions(CheckOptions):
    field_names: tuple[str, ...]
    low: Decimal | None  # Decimals once, not once per subject
    high: Decimal | None
    unit: str | None
    exclusive: bool

    @classmethod
    def from_options(cls, options: Options, member_target: str | None) -> BoundsOptions:
        return cls(
            field_names(options),
            as_decimal(options.get("min")),
            as_decimal(options.get("max")),
            options.get("unit"),
            options.get("exclusive", False),
        )


@dataclass(slots=True, frozen=True)
class SumOptions(CheckOptions):
    total: str
    parts: tuple[str, ...]
    tolerance: Decimal

    @classmethod
    def from_options(cls, options: Options, member_target: str | None) -> SumOptions:
        return cls(options["total"], tuple(options["parts"]), Decimal(str(options.get("tolerance", 0))))


@dataclass(slots=True, frozen=True)
class QuantifiedOptions(CheckOptions):
    field: str = "value"
    unit: str | None = None


def check_number_bounds(subject: Subject, options: BoundsOptions) -> Iterator[Hit]:
    """Each field whose number lies outside [min, max] (bounds exclusive with `exclusive`).
    Fields without a number, or with another unit than `unit`, are not this check's concern."""
    low, high, exclusive = options.low, options.high, options.exclusive
    for name in options.field_names:
        raw = field_value(subject, name)
        number, unit = number_and_unit(subject, name, raw)
        if number is None or (options.unit is not None and unit != options.unit):
            continue
        below = low is not None and (number <= low if exclusive else number < low)
        above = high is not None and (number >= high if exclusive else number > high)
        if below or above:
            yield Hit(
                {"number": display(number), "field": name, "text": display(raw)},
                field_location(subject, name),
                "below" if below else "above",
            )


def check_sum_equals(subject: Subject, options: SumOptions) -> Iterator[Hit]:
    """A total that differs from the sum of its parts by more than `tolerance`.
    Empty parts count as zero, unless all are empty; an empty total is a presence rule's concern."""
    total = field_value(subject, options.total)
    if not isinstance(total, Decimal):
        return
    parts = [part for name in options.parts if isinstance(part := field_value(subject, name), Decimal)]
    if not parts:
        return  # no source is given at all: there is no breakdown to add up
    parts_sum = sum(parts, Decimal(0))
    difference = total - parts_sum
    if abs(difference) > options.tolerance:
        yield Hit(
            {
                "total": format(total.quantize(CENT), "f"),
                "sum": format(parts_sum.quantize(CENT), "f"),
                "diff": format(abs(difference).quantize(CENT), "f"),
            },
            field_location(subject, options.total),
        )


def check_quantified(subject: Subject, options: QuantifiedOptions) -> Iterator[Hit]:
    """A filled-in value with no number in it, or not in `unit`."""
    name = options.field
    text = field_value(subject, name)
    if is_empty(text):
        return
    number, unit = number_and_unit(subject, name, text)
    if number is None or (options.unit is not None and unit != options.unit):
        yield Hit({"text": text}, field_location(subject, name))


def check_range_value(subject: Subject, options: FieldOptions) -> Iterator[Hit]:
    """A value that is a range (3-5次); a range whose bounds are swapped says so."""
    name = options.field
    text = field_value(subject, name)
    value = parsed(subject, name, text)
    if value.is_range:
        low, high = value.numbers[0], value.numbers[-1]
        yield Hit(
            {"text": text, "low": display(low), "high": display(high)},
            field_location(subject, name),
            "inverted" if value.is_inverted_range else None,
        )


FIELD_OPTIONS = {
    "field": option(FIELD, "The field whose number is checked."),
    "fields": option(FIELDS_LIST, "Several fields, each checked (instead of `field`)."),
}
BOUNDS = {
    **FIELD_OPTIONS,
    "unit": option({"type": "string"}, "Only numbers in this unit (%); others are not this check's concern."),
    "exclusive": option({"type": "boolean"}, "The bounds themselves are outside too.", False),
}
NUMBER_PARAMS = frozenset({"number", "field", "text"})
VALUE_FIELD = option(FIELD, "The field checked.", "value")

CHECKS = (
    Check(
        name="number_at_least",
        function=check_number_bounds,
        options=options_schema(
            ["min"], either=("field", "fields"), min=option(NUMBER, "The lowest number allowed."), **BOUNDS
        ),
        params=NUMBER_PARAMS,
        field_options=("field", "fields"),
        variants=frozenset({"below"}),
        settings=BoundsOptions,
        summary="A number below `min` (a satisfaction target under 95%).",
        example=Example(
            "indicator",
            {"field": "value", "min": 95, "unit": "%"},
            when={"category": "satisfaction"},
            fires=({"category": "满意度指标", "name": "群众满意度", "value": "90%"},),
            quiet=({"category": "满意度指标", "name": "群众满意度", "value": "≥95%"},),
        ),
        refuses=(
            ({"min": 95}, "option 'field' or 'fields' is required"),
            ({"field": "value", "min": "九十五"}, "'九十五'"),
        ),
    ),
    Check(
        name="number_at_most",
        function=check_number_bounds,
        options=options_schema(
            ["max"], either=("field", "fields"), max=option(NUMBER, "The highest number allowed."), **BOUNDS
        ),
        params=NUMBER_PARAMS,
        field_options=("field", "fields"),
        variants=frozenset({"above"}),
        settings=BoundsOptions,
        summary="A number above `max`.",
        example=Example(
            "indicator",
            {"field": "weight", "max": 30},
            fires=({"name": "人数", "value": "5人", "weight": 40},),
            quiet=({"name": "人数", "value": "5人", "weight": 20},),
        ),
        refuses=(({"field": "weight"}, "option 'max' is required"),),
    ),
    Check(
        name="number_between",
        function=check_number_bounds,
        options=options_schema(
            ["min", "max"],
            either=("field", "fields"),
            min=option(NUMBER, "The lowest number allowed."),
            max=option(NUMBER, "The highest number allowed."),
            **BOUNDS,
        ),
        params=NUMBER_PARAMS,
        field_options=("field", "fields"),
        variants=frozenset({"below", "above"}),
        settings=BoundsOptions,
        summary="A number outside [`min`, `max`] (a rate over 100%).",
        example=Example(
            "indicator",
            {"field": "value", "min": 0, "max": 100, "unit": "%"},
            fires=({"name": "完成率", "value": "120%"},),
            quiet=({"name": "完成率", "value": "95%"},),
        ),
        refuses=(
            ({"field": "value", "min": 0}, "option 'max' is required"),
            ({"fields": [], "min": 0, "max": 1}, "[]"),
        ),
    ),
    Check(
        name="sum_equals",
        function=check_sum_equals,
        options=options_schema(
            ["total", "parts"],
            total=option(FIELD, "The amount that must be the sum."),
            parts=option(FIELDS_LIST, "The amounts that add up to it (empty ones count as 0)."),
            tolerance=option({"type": "number", "minimum": 0}, "The difference still accepted.", 0),
        ),
        params=frozenset({"total", "sum", "diff"}),
        field_options=("total", "parts"),
        settings=SumOptions,
        summary="A total that is not the sum of its parts (总计 = 一般公共预算 + …).",
        example=Example(
            "project",
            {
                "total": "funding.total",
                "parts": [
                    "funding.general_budget",
                    "funding.government_fund",
                    "funding.special_account",
                    "funding.other",
                ],
                "tolerance": 0.01,
            },
            fires=({"funding": {"total": 100, "general_budget": 50}},),
            quiet=({"funding": {"total": 100, "general_budget": 60, "other": 40}},),
        ),
        refuses=(
            ({"total": "funding.total"}, "option 'parts' is required"),
            ({"total": "funding.total", "parts": ["funding.general_budget"], "tolerance": -1}, "-1"),
        ),
    ),
    Check(
        name="quantified",
        function=check_quantified,
        options=options_schema(
            [], field=VALUE_FIELD, unit=option({"type": "string"}, "The number must be in this unit (%).")
        ),
        params=frozenset({"text"}),
        field_options=("field",),
        settings=QuantifiedOptions,
        summary="A filled-in value with no number in it (or not in `unit`).",
        example=Example(
            "indicator",
            {"unit": "%"},
            when={"category": "satisfaction"},
            fires=({"category": "满意度指标", "name": "满意度", "value": "满意"},),
            quiet=({"category": "满意度指标", "name": "满意度", "value": "≥95%"},),
        ),
        refuses=(({"unit": 5}, "5"),),
    ),
    Check(
        name="range_value",
        function=check_range_value,
        options=options_schema([], field=VALUE_FIELD),
        params=frozenset({"text", "low", "high"}),
        field_options=("field",),
        variants=frozenset({"inverted"}),
        settings=FieldOptions,
        summary="A value that is a range (3-5次) rather than one target.",
        example=Example(
            "indicator",
            {},
            fires=({"name": "活动次数", "value": "3-5次"},),
            quiet=({"name": "活动次数", "value": "≥3次"},),
        ),
        refuses=(({"field": "nope"}, "nope"),),
    ),
)
