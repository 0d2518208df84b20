"""`when` filters and `where` clauses: a mapping of field → expected value.

    when: {is_satisfaction: true, unit.code: {in: ["239002"]}, value: {matches: "%"}}

Every listed field must match. A plain scalar means equality, a list means
membership, a mapping names its operators. Nothing is evaluated as code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from lintgoals.subjects import FIELDS, Getter, Subject

Predicate = Callable[[Any], bool]
OPERATORS = ("equals", "not_equals", "in", "not_in", "matches", "not_matches",
             "contains", "not_contains", "present", "min", "max")


class ConditionError(ValueError):
    """A condition that cannot be compiled; `key` names the offending field or operator."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


@dataclass(slots=True, frozen=True)
class Condition:
    tests: tuple[tuple[Getter, Predicate], ...]

    def matches(self, subject: Subject) -> bool:
        return all(predicate(get(subject)[0]) for get, predicate in self.tests)


def compile_condition(spec: dict[str, Any], target: str) -> Condition:
    tests = []
    for field_name, expected in spec.items():
        getter = FIELDS[target].get(field_name)
        if getter is None:
            raise ConditionError(f"unknown field '{field_name}' for target {target}", field_name)
        tests.append((getter, compile_predicate(expected, field_name)))
    return Condition(tuple(tests))


def compile_predicate(expected: Any, field_name: str) -> Predicate:
    if isinstance(expected, dict):
        predicates = [operator_predicate(op, arg, field_name) for op, arg in expected.items()]
        return lambda actual: all(p(actual) for p in predicates)
    if isinstance(expected, list):
        return operator_predicate("in", expected, field_name)
    return operator_predicate("equals", expected, field_name)


def operator_predicate(operator: str, argument: Any, field_name: str) -> Predicate:
    match operator:
        case "equals":
            return lambda actual: same(actual, argument)
        case "not_equals":
            return lambda actual: not same(actual, argument)
        case "in":
            options = as_list(argument)
            return lambda actual: any(same(actual, option) for option in options)
        case "not_in":
            options = as_list(argument)
            return lambda actual: not any(same(actual, option) for option in options)
        case "matches" | "not_matches":
            pattern = compile_regex(argument, field_name)
            wanted = operator == "matches"
            return lambda actual: (pattern.search(text_of(actual)) is not None) == wanted
        case "contains" | "not_contains":
            words = [str(word) for word in as_list(argument)]
            wanted = operator == "contains"
            return lambda actual: any(word in text_of(actual) for word in words) == wanted
        case "present":
            return lambda actual: is_present(actual) == bool(argument)
        case "min":
            bound = as_decimal(argument, field_name)
            return lambda actual: is_number(actual) and actual >= bound
        case "max":
            bound = as_decimal(argument, field_name)
            return lambda actual: is_number(actual) and actual <= bound
    raise ConditionError(f"unknown operator '{operator}' for field '{field_name}' "
                         f"(known: {', '.join(OPERATORS)})", field_name)


def same(actual: Any, expected: Any) -> bool:
    if isinstance(expected, bool) or actual is None or expected is None:
        return actual == expected
    if isinstance(actual, Decimal) and isinstance(expected, (int, float, str)):
        try:
            return actual == Decimal(str(expected))
        except InvalidOperation:
            return False
    return str(actual) == str(expected)


def is_number(actual: Any) -> bool:
    return isinstance(actual, (Decimal, int)) and not isinstance(actual, bool)


def as_list(argument: Any) -> list[Any]:
    return argument if isinstance(argument, list) else [argument]


def text_of(actual: Any) -> str:
    return "" if actual is None else str(actual)


def is_present(actual: Any) -> bool:
    return actual is not None and actual != ""


def as_decimal(argument: Any, field_name: str) -> Decimal:
    try:
        return Decimal(str(argument))
    except InvalidOperation:
        raise ConditionError(f"'{argument}' is not a number (field '{field_name}')", field_name) from None


def compile_regex(pattern: Any, field_name: str) -> re.Pattern[str]:
    try:
        return re.compile(str(pattern))
    except re.error as error:
        raise ConditionError(f"invalid regular expression '{pattern}': {error}", field_name) from None
