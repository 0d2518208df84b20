"""Checks on the text of a field: patterns, word lists, allowed values, repetition."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from lintgoals.checks.base import (
    FIELD,
    FIELDS_LIST,
    WORDS,
    Check,
    Hit,
    OptionError,
    Options,
    field_location,
    field_value,
    is_empty,
    options_schema,
    prepare_field_names,
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


def compile_pattern(options: Options, member_target: str | None) -> Options:
    """`words` become one alternation (longest first), `pattern` a compiled regex;
    `field` or `fields` one tuple of names."""
    if "words" in options:
        words = sorted((str(word) for word in options["words"] if str(word)), key=len, reverse=True)
        source = "|".join(re.escape(word) for word in words) or "(?!)"
    else:
        source = options["pattern"]
    try:
        return prepare_field_names(options, member_target) | {"regex": re.compile(source)}
    except re.error as error:
        raise OptionError(f"invalid regular expression '{source}': {error}", "pattern") from None


def check_pattern(subject: Subject, options: Options) -> Iterator[Hit]:
    """A filled-in field that does not match `pattern`."""
    value = field_value(subject, options["field"])
    if not is_empty(value) and options["regex"].search(pattern_text(value)) is None:
        yield Hit({"text": value}, field_location(subject, options["field"]))


def check_not_pattern(subject: Subject, options: Options) -> Iterator[Hit]:
    """Each field that contains one of `words`, or matches `pattern`."""
    for name in options["field_names"]:
        value = field_value(subject, name)
        if is_empty(value):
            continue
        match = options["regex"].search(pattern_text(value))
        if match:
            yield Hit({"match": match.group(0), "text": value, "field": name}, field_location(subject, name))


def prepare_values(options: Options, member_target: str | None) -> Options:
    """The listed values as one set of texts, made once (for one_of_for: all its lists together)."""
    values = options["values"]
    listed = (item for items in values.values() for item in items) if isinstance(values, dict) else values
    return options | {"value_set": frozenset(str(item) for item in listed)}


def check_one_of(subject: Subject, options: Options) -> Iterator[Hit]:
    """A filled-in field whose value is not among `values`."""
    value = field_value(subject, options["field"])
    if not is_empty(value) and str(value) not in options["value_set"]:
        yield Hit({"text": value}, field_location(subject, options["field"]))


def check_not_one_of(subject: Subject, options: Options) -> Iterator[Hit]:
    """A field whose value is among `values`."""
    value = field_value(subject, options["field"])
    if not is_empty(value) and str(value) in options["value_set"]:
        yield Hit({"text": value}, field_location(subject, options["field"]))


def check_one_of_for(subject: Subject, options: Options) -> Iterator[Hit]:
    """A field whose allowed values depend on another: a 二级 under its 一级.

    `values` maps each value of `key` to the values `field` may take; a key
    not listed allows anything. With `names_field`, that field must not hold
    any of the listed values (a 二级 name used as a 三级 name: variant as_name).
    """
    value = field_value(subject, options["field"])
    allowed = options["values"].get(str(field_value(subject, options["key"])))
    if not is_empty(value) and allowed is not None and str(value) not in allowed:
        yield Hit({"text": value, "allowed": "、".join(allowed)}, field_location(subject, options["field"]))
    if "names_field" in options:
        name = field_value(subject, options["names_field"])
        if str(name) in options["value_set"]:
            yield Hit({"text": name, "allowed": ""}, field_location(subject, options["names_field"]), "as_name")


def check_differs_from(subject: Subject, options: Options) -> Iterator[Hit]:
    """A field that says no more than the `others` do, alone or together."""
    value = field_value(subject, options["field"])
    if is_empty(value):
        return
    text = str(value)
    others = [str(field_value(subject, name) or "") for name in options["others"]]
    if len(text) > 2 * sum(len(other) for other in others) + 4:
        return  # far longer than all the others together: it says more (and most descriptions do)
    own = words_of(NOTES.sub("", text)) or words_of(text)  # 100%(历史标准) says no more than 100%
    repeated = [other for other in [*others, "".join(others)] if other and words_of(other) == own]
    if own and repeated:
        yield Hit({"text": value, "repeated": repeated[0]}, field_location(subject, options["field"]))


def check_starts_with(subject: Subject, options: Options) -> Iterator[Hit]:
    """A field that does not begin with the value of `prefix_field` (when that is filled in)."""
    value = field_value(subject, options["field"])
    prefix = field_value(subject, options["prefix_field"])
    if not is_empty(prefix) and not str(value or "").startswith(str(prefix)):
        yield Hit({"text": value, "prefix": prefix}, field_location(subject, options["field"]))


STRINGS = {"type": "array", "items": {"type": "string"}}

CHECKS = (
    Check("pattern", check_pattern, options_schema(["field", "pattern"], field=FIELD, pattern={"type": "string"}),
          frozenset({"text"}), ("field",), prepare=compile_pattern),
    Check("not_pattern", check_not_pattern,
          {**options_schema([], field=FIELD, fields=FIELDS_LIST, pattern={"type": "string"}, words=WORDS),
           "allOf": [{"oneOf": [{"required": ["field"]}, {"required": ["fields"]}]},
                     {"oneOf": [{"required": ["pattern"]}, {"required": ["words"]}]}]},
          frozenset({"match", "text", "field"}), ("field", "fields"), prepare=compile_pattern),
    Check("one_of", check_one_of, options_schema(["field", "values"], field=FIELD, values=WORDS),
          frozenset({"text"}), ("field",), prepare=prepare_values),
    Check("not_one_of", check_not_one_of, options_schema(["field", "values"], field=FIELD, values=WORDS),
          frozenset({"text"}), ("field",), prepare=prepare_values),
    Check("one_of_for", check_one_of_for,
          options_schema(["field", "key", "values"], field=FIELD, key=FIELD, names_field=FIELD,
                         values={"type": "object", "additionalProperties": STRINGS}),
          frozenset({"text", "allowed"}), ("field", "key", "names_field"), frozenset({"as_name"}),
          prepare=prepare_values),
    Check("differs_from", check_differs_from, options_schema(["field", "others"], field=FIELD, others=FIELDS_LIST),
          frozenset({"text", "repeated"}), ("field", "others")),
    Check("starts_with", check_starts_with,
          options_schema(["field", "prefix_field"], field=FIELD, prefix_field=FIELD),
          frozenset({"text", "prefix"}), ("field", "prefix_field")),
)
