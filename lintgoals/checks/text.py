"""Checks on the text of a field: patterns, word lists, allowed values, repetition."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from lintgoals.checks.base import (
    FIELD,
    FIELDS_LIST,
    WORDS,
    Check,
    CheckOptions,
    Example,
    Hit,
    OptionError,
    Options,
    field_location,
    field_names,
    field_value,
    is_empty,
    option,
    options_schema,
)
from lintgoals.guards import pattern_text
from lintgoals.subjects import Subject

# Punctuation and spaces do not make a description say more than the name.
NOT_WORDS = re.compile(r"[\s\W_]+")
# Nor does a note in brackets: 100%(历史标准), 100%（计划标准）.
NOTES = re.compile(r"[(（][^()（）]*[)）]")


@lru_cache(maxsize=1 << 12)  # names and values repeat from project to project
def words_of(text: str) -> str:
    return NOT_WORDS.sub("", text)


@dataclass(slots=True, frozen=True)
class PatternOptions(CheckOptions):
    field_names: tuple[str, ...]
    regex: re.Pattern[str]  # `words` become one alternation (longest first), `pattern` is compiled as given

    @classmethod
    def from_options(cls, options: Options, member_target: str | None) -> PatternOptions:
        if "words" in options:
            words = sorted((str(word) for word in options["words"] if str(word)), key=len, reverse=True)
            source = "|".join(re.escape(word) for word in words) or "(?!)"
        else:
            source = options["pattern"]
        try:
            return cls(field_names(options), re.compile(source))
        except re.error as error:
            raise OptionError(f"invalid regular expression '{source}': {error}", "pattern") from None


@dataclass(slots=True, frozen=True)
class ValuesOptions(CheckOptions):
    field: str
    value_set: frozenset[str]  # the listed values as texts, made once

    @classmethod
    def from_options(cls, options: Options, member_target: str | None) -> ValuesOptions:
        return cls(options["field"], frozenset(str(item) for item in options["values"]))


@dataclass(slots=True, frozen=True)
class ValuesForOptions(CheckOptions):
    field: str
    key: str
    values: dict[str, tuple[str, ...]]
    names_field: str | None
    value_set: frozenset[str]  # all the lists together

    @classmethod
    def from_options(cls, options: Options, member_target: str | None) -> ValuesForOptions:
        values = {str(key): tuple(map(str, items)) for key, items in options["values"].items()}
        return cls(
            options["field"],
            options["key"],
            values,
            options.get("names_field"),
            frozenset(item for items in values.values() for item in items),
        )


@dataclass(slots=True, frozen=True)
class DiffersOptions(CheckOptions):
    field: str
    others: tuple[str, ...]


@dataclass(slots=True, frozen=True)
class StartsWithOptions(CheckOptions):
    field: str
    prefix_field: str


def check_pattern(subject: Subject, options: PatternOptions) -> Iterator[Hit]:
    """A filled-in field that does not match `pattern`."""
    for name in options.field_names:
        value = field_value(subject, name)
        if not is_empty(value) and options.regex.search(pattern_text(value)) is None:
            yield Hit({"text": value}, field_location(subject, name))


def check_not_pattern(subject: Subject, options: PatternOptions) -> Iterator[Hit]:
    """Each field that contains one of `words`, or matches `pattern`."""
    for name in options.field_names:
        value = field_value(subject, name)
        if is_empty(value):
            continue
        match = options.regex.search(pattern_text(value))
        if match:
            yield Hit({"match": match.group(0), "text": value, "field": name}, field_location(subject, name))


def check_one_of(subject: Subject, options: ValuesOptions) -> Iterator[Hit]:
    """A filled-in field whose value is not among `values`."""
    value = field_value(subject, options.field)
    if not is_empty(value) and str(value) not in options.value_set:
        yield Hit({"text": value}, field_location(subject, options.field))


def check_not_one_of(subject: Subject, options: ValuesOptions) -> Iterator[Hit]:
    """A field whose value is among `values`."""
    value = field_value(subject, options.field)
    if not is_empty(value) and str(value) in options.value_set:
        yield Hit({"text": value}, field_location(subject, options.field))


def check_one_of_for(subject: Subject, options: ValuesForOptions) -> Iterator[Hit]:
    """A field whose allowed values depend on another: a 二级 under its 一级.

    `values` maps each value of `key` to the values `field` may take; a key
    not listed allows anything. With `names_field`, that field must not hold
    any of the listed values (a 二级 name used as a 三级 name: variant as_name).
    """
    value = field_value(subject, options.field)
    allowed = options.values.get(str(field_value(subject, options.key)))
    if not is_empty(value) and allowed is not None and str(value) not in allowed:
        yield Hit({"text": value, "allowed": "、".join(allowed)}, field_location(subject, options.field))
    if options.names_field is not None:
        name = field_value(subject, options.names_field)
        if str(name) in options.value_set:
            yield Hit({"text": name, "allowed": ""}, field_location(subject, options.names_field), "as_name")


def check_differs_from(subject: Subject, options: DiffersOptions) -> Iterator[Hit]:
    """A field that says no more than the `others` do, alone or together."""
    value = field_value(subject, options.field)
    if is_empty(value):
        return
    text = str(value)
    others = [str(field_value(subject, name) or "") for name in options.others]
    if len(text) > 2 * sum(len(other) for other in others) + 4:
        return  # far longer than all the others together: it says more (and most descriptions do)
    own = words_of(NOTES.sub("", text)) or words_of(text)  # 100%(历史标准) says no more than 100%
    repeated = [other for other in [*others, "".join(others)] if other and words_of(other) == own]
    if own and repeated:
        yield Hit({"text": value, "repeated": repeated[0]}, field_location(subject, options.field))


def check_starts_with(subject: Subject, options: StartsWithOptions) -> Iterator[Hit]:
    """A field that does not begin with the value of `prefix_field` (when that is filled in)."""
    value = field_value(subject, options.field)
    prefix = field_value(subject, options.prefix_field)
    if not is_empty(prefix) and not str(value or "").startswith(str(prefix)):
        yield Hit({"text": value, "prefix": prefix}, field_location(subject, options.field))


STRINGS = {"type": "array", "items": {"type": "string"}}

TEXT_FIELD = option(FIELD, "The field checked.")
PATTERN = option({"type": "string"}, "A regular expression (Python syntax), searched anywhere in the text.")
VALUES = option(WORDS, "The values it may (one_of) or may not (not_one_of) take.")

CHECKS = (
    Check(
        name="pattern",
        function=check_pattern,
        options=options_schema(["field", "pattern"], field=TEXT_FIELD, pattern=PATTERN),
        params=frozenset({"text"}),
        field_options=("field",),
        settings=PatternOptions,
        summary="A filled-in field that does not match `pattern`.",
        example=Example(
            "indicator",
            {"field": "name", "pattern": "[^\\d\\s.,%％]"},
            fires=({"name": "2023", "value": "5次"},),
            quiet=({"name": "接待次数", "value": "5次"},),
        ),
        refuses=(({"field": "name", "pattern": "("}, "("), ({"field": "name"}, "option 'pattern' is required")),
    ),
    Check(
        name="not_pattern",
        function=check_not_pattern,
        options={
            **options_schema(
                [],
                field=TEXT_FIELD,
                fields=option(FIELDS_LIST, "Several fields, each checked (instead of `field`)."),
                pattern=PATTERN,
                words=option(WORDS, "Words any of which it must not contain (instead of `pattern`)."),
            ),
            "allOf": [
                {"oneOf": [{"required": ["field"]}, {"required": ["fields"]}]},
                {"oneOf": [{"required": ["pattern"]}, {"required": ["words"]}]},
            ],
        },
        params=frozenset({"match", "text", "field"}),
        field_options=("field", "fields"),
        settings=PatternOptions,
        summary="A field that contains one of `words` or matches `pattern` (待定, 按实际).",
        example=Example(
            "indicator",
            {"field": "value", "words": ["待定", "另行"]},
            fires=({"name": "接待次数", "value": "待定"},),
            quiet=({"name": "接待次数", "value": "5次"},),
        ),
        refuses=(
            ({"field": "value"}, "option 'pattern' or 'words' is required"),
            (
                {"field": "value", "words": ["待定"], "pattern": "x"},
                "give only one of the options 'pattern' or 'words'",
            ),
        ),
    ),
    Check(
        name="one_of",
        function=check_one_of,
        options=options_schema(["field", "values"], field=TEXT_FIELD, values=VALUES),
        params=frozenset({"text"}),
        field_options=("field",),
        settings=ValuesOptions,
        summary="A filled-in field whose value is not among `values`.",
        example=Example(
            "indicator",
            {"field": "measure_unit", "values": ["%", "个", "人次", "天"]},
            fires=({"name": "收购量", "value": "500", "measure_unit": "斤"},),
            quiet=({"name": "参训人次", "value": "500", "measure_unit": "人次"},),
        ),
        refuses=(({"field": "measure_unit"}, "option 'values' is required"),),
    ),
    Check(
        name="not_one_of",
        function=check_not_one_of,
        options=options_schema(["field", "values"], field=TEXT_FIELD, values=VALUES),
        params=frozenset({"text"}),
        field_options=("field",),
        settings=ValuesOptions,
        summary="A field whose value is among `values` (an indicator named 产出指标).",
        example=Example(
            "indicator",
            {"field": "name", "values": ["产出指标", "效益指标"]},
            fires=({"name": "产出指标", "value": "5次"},),
            quiet=({"name": "接待次数", "value": "5次"},),
        ),
        refuses=(({"field": "name", "values": "产出指标"}, "'产出指标'"),),
    ),
    Check(
        name="one_of_for",
        function=check_one_of_for,
        options=options_schema(
            ["field", "key", "values"],
            field=TEXT_FIELD,
            key=option(FIELD, "The field whose value chooses the list."),
            names_field=option(FIELD, "A field that must hold none of the listed values."),
            values=option(
                {"type": "object", "additionalProperties": STRINGS},
                "Each value of `key` → the values `field` may take (a key not listed allows any).",
            ),
        ),
        params=frozenset({"text", "allowed"}),
        field_options=("field", "key", "names_field"),
        variants=frozenset({"as_name"}),
        settings=ValuesForOptions,
        summary="A field whose allowed values depend on another (a 二级 under its 一级).",
        example=Example(
            "indicator",
            {"field": "subcategory", "key": "category", "values": {"satisfaction": ["服务对象满意度指标"]}},
            fires=({"category": "满意度指标", "subcategory": "质量指标", "name": "满意度", "value": "≥95%"},),
            quiet=({"category": "满意度指标", "subcategory": "服务对象满意度指标", "name": "满意度", "value": "≥95%"},),
        ),
        refuses=(({"field": "subcategory", "key": "category", "values": ["服务对象满意度指标"]}, "values"),),
    ),
    Check(
        name="differs_from",
        function=check_differs_from,
        options=options_schema(
            ["field", "others"], field=TEXT_FIELD, others=option(FIELDS_LIST, "The fields it must say more than.")
        ),
        params=frozenset({"text", "repeated"}),
        field_options=("field", "others"),
        settings=DiffersOptions,
        summary="A field that says no more than `others` do (a description that repeats the name).",
        example=Example(
            "indicator",
            {"field": "description", "others": ["name", "value"]},
            fires=({"name": "接待次数", "value": "40次", "description": "接待次数"},),
            quiet=({"name": "接待次数", "value": "40次", "description": "全年接待来访团组的批次。"},),
        ),
        refuses=(({"field": "description", "others": []}, "[]"),),
    ),
    Check(
        name="starts_with",
        function=check_starts_with,
        options=options_schema(
            ["field", "prefix_field"],
            field=TEXT_FIELD,
            prefix_field=option(FIELD, "The field whose value it must begin with."),
        ),
        params=frozenset({"text", "prefix"}),
        field_options=("field", "prefix_field"),
        settings=StartsWithOptions,
        summary="A field that does not begin with another's value (a unit code under its parent's).",
        example=Example(
            "unit",
            {"field": "code", "prefix_field": "parent_code"},
            fires=({"code": "301001", "parent_code": "239"},),
            quiet=({"code": "239001", "parent_code": "239"},),
        ),
        refuses=(({"field": "code"}, "option 'prefix_field' is required"),),
    ),
)
