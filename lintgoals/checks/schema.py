"""A JSON Schema fragment applied to a field: for bureaus whose rule fits no other check."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from lintgoals.checks.base import (
    FIELD,
    Check,
    CheckOptions,
    Example,
    Hit,
    OptionError,
    Options,
    field_location,
    field_value,
    option,
    options_schema,
)
from lintgoals.subjects import Subject

if TYPE_CHECKING:  # jsonschema is imported when a pack has a schema rule, not at start-up
    from jsonschema.protocols import Validator


def json_value(value: Any) -> Any:
    # JSON Schema knows numbers, not Decimals.
    return float(value) if isinstance(value, Decimal) else value


REFERENCES = ("$ref", "$dynamicRef", "$recursiveRef")


def outside_references(schema: Any) -> list[str]:
    """References that leave the schema: to a URL or a file. A pack may refer only
    inside its own schema (#/$defs/…): a rule pack must not fetch or read anything."""
    found: list[str] = []
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key in REFERENCES and isinstance(value, str) and not value.startswith("#"):
                found.append(value)
            elif key == "$id" and isinstance(value, str) and value and not value.startswith("#"):
                found.append(value)  # a base URI would make later relative references fetch from it
            else:
                found += outside_references(value)
    elif isinstance(schema, list):
        for item in schema:
            found += outside_references(item)
    return found


@dataclass(slots=True, frozen=True)
class SchemaOptions(CheckOptions):
    field: str
    validator: Validator

    @classmethod
    def from_options(cls, options: Options, member_target: str | None) -> SchemaOptions:
        return cls(options["field"], compile_schema(options["schema"]))


def compile_schema(schema: dict[str, Any]) -> Validator:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError
    from referencing import Registry

    outside = outside_references(schema)
    if outside:
        raise OptionError(
            f"schema refers outside the pack ({outside[0]}): only references within it (#/$defs/…) are allowed",
            "schema",
        )
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        raise OptionError(f"invalid JSON Schema: {error.message}", "schema") from None
    # An empty registry that retrieves nothing: no reference can reach beyond the schema.
    return Draft202012Validator(schema, registry=Registry())


def check_schema(subject: Subject, options: SchemaOptions) -> Iterator[Hit]:
    """A field whose value the JSON Schema `schema` rejects."""
    value = field_value(subject, options.field)
    error = next(iter(options.validator.iter_errors(json_value(value))), None)
    if error is not None:
        yield Hit(
            {"text": "" if value is None else value, "error": error.message}, field_location(subject, options.field)
        )


CHECKS = (
    Check(
        name="schema",
        function=check_schema,
        options=options_schema(
            ["field", "schema"],
            field=option(FIELD, "The field validated."),
            schema=option({"type": "object"}, "A JSON Schema (2020-12); references only inside it."),
        ),
        params=frozenset({"text", "error"}),
        field_options=("field",),
        settings=SchemaOptions,
        summary="A field whose value a JSON Schema rejects: for a rule no other check expresses.",
        example=Example(
            "unit",
            {"field": "code", "schema": {"type": "string", "pattern": "^[0-9]{6}$"}},
            fires=({"code": "2390"},),
            quiet=({"code": "239001"},),
        ),
        refuses=(
            ({"field": "code", "schema": {"$ref": "http://example.org/s.json"}}, "http://example.org/s.json"),
            ({"field": "code", "schema": {"type": "strnig"}}, "strnig"),
        ),
    ),
)
