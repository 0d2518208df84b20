"""What every check primitive shares: its declaration, its hits, field access."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, Self, TypeVar

from lintgoals.model import Location
from lintgoals.subjects import FIELDS, INDICATOR_FIELDS, Subject

Options = dict[str, Any]


@dataclass(slots=True, frozen=True)
class Hit:
    params: dict[str, Any] = field(default_factory=dict)
    location: Location | None = None  # None: the subject's own location
    variant: str | None = None  # selects one of the rule's message variants
    member: Subject | None = None  # the item under the subject that the hit is about (a repeat …)


class CheckOptions:
    """The typed options a check function gets: a frozen dataclass per check, built
    once per rule from the options the pack wrote (already valid by the check's
    schema; the pack's mapping itself is never changed). Its fields are the options,
    with the schema's defaults, and what is derived from them once (compiled
    patterns, Decimals); a class whose fields are the options alone needs no `from_options` of its own."""

    __slots__ = ()

    @classmethod
    def from_options(cls, options: Options, member_target: str | None) -> Self:
        """`member_target`: the target type of the items a collection option (`of`) names."""
        return cls(**{key: tuple(value) if isinstance(value, list) else value for key, value in options.items()})


@dataclass(slots=True, frozen=True)
class NoOptions(CheckOptions):
    """For a check that takes none."""


@dataclass(slots=True, frozen=True)
class FieldOptions(CheckOptions):
    """For a check whose one option is the field it reads (an indicator's value by default)."""

    field: str = "value"


S = TypeVar("S", bound=CheckOptions)
CheckFunction = Callable[[Subject, S], Iterable[Hit]]


class OptionError(ValueError):
    """Options that passed the schema but still cannot be used; `key` names the option."""

    def __init__(self, message: str, key: str) -> None:
        super().__init__(message)
        self.key = key


@dataclass(slots=True, frozen=True)
class Example:
    """A rule that uses a check, as a pack would write it, with subjects it reports
    (`fires`) and leaves alone (`quiet`), written as rule examples are
    (lintgoals.rule_examples). `lintgoals checks` shows it; the test suite loads it
    as a rule and runs it on them."""

    target: str
    options: Options
    when: dict[str, Any] | None = None
    fires: tuple[dict[str, Any], ...] = ()
    quiet: tuple[dict[str, Any], ...] = ()


@dataclass(slots=True, frozen=True, kw_only=True)
class Check(Generic[S]):
    """A check primitive, declared by keyword in its module's CHECKS (see ARCHITECTURE.md)."""

    name: str
    function: CheckFunction[S]
    options: dict[str, Any]  # JSON Schema of the options mapping; each option with its description
    settings: type[S]  # the typed options `function` gets (built by its from_options)
    params: frozenset[str] = frozenset()  # placeholders its hits fill in
    field_options: tuple[str, ...] = ()  # options naming a field (or fields) of the subject
    variants: frozenset[str] = frozenset()
    member_field_options: tuple[str, ...] = ()  # options naming a field of the items of `of`
    summary: str = ""  # what it finds, in one sentence (`lintgoals checks`, the README)
    example: Example | None = None
    # Options a pack may not give it, each with words the refusal must say (tested).
    refuses: tuple[tuple[Options, str], ...] = ()


def options_schema(required: list[str], *, either: tuple[str, ...] = (), **properties: Any) -> dict[str, Any]:
    """The JSON Schema of a check's options; `either` lists keys of which one must be given."""
    schema = {"type": "object", "properties": properties, "required": required, "additionalProperties": False}
    if either:
        schema["oneOf"] = [{"required": [key]} for key in either]
    return schema


def option(schema: dict[str, Any], about: str, default: Any = None) -> dict[str, Any]:
    """An option's schema with what it means and, where leaving it out means something, its default."""
    return {**schema, "description": about, **({} if default is None else {"default": default})}


FIELD = {"type": "string"}
FIELDS_LIST = {"type": "array", "items": {"type": "string"}, "minItems": 1}
NUMBER = {"type": "number"}
WORDS = {"type": "array", "items": {"type": ["string", "number"]}}
COLLECTION = option(
    {"type": "string", "enum": ["units", "projects", "indicators"]}, "The items under the subject it looks at."
)


def target_of(subject: Subject) -> str:
    if subject.indicator is not None:
        return "indicator"
    if subject.project is not None:
        return "project"
    return "unit" if subject.unit is not None else "document"


def field_value(subject: Subject, name: str) -> Any:
    if subject.indicator is not None:  # most subjects are indicators: one call less for them
        return INDICATOR_FIELDS[name].value(subject)
    return FIELDS[target_of(subject)][name].value(subject)


def field_location(subject: Subject, name: str) -> Location:
    """Where a field is: asked for only when a check has something to report there
    (a Location is made on demand, and most fields are read without one)."""
    return FIELDS[target_of(subject)][name].location(subject)


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def display(value: Any) -> str:
    """A value as a person reads it: numbers without needless zeros, amounts with cents."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return "" if value is None else str(value)


def field_names(options: Options) -> tuple[str, ...]:
    """The `field` or `fields` option, always as a tuple."""
    return tuple(options["fields"]) if "fields" in options else (options["field"],)
