"""`when` filters and `where` clauses: a mapping of field → expected value.

    when: {is_satisfaction: true, unit.code: {in: ["239002"]}, value: {matches: "%"}}

Every listed field must match. A plain scalar means equality, a list means
membership, a mapping names its operators. `any`, `all` and `not` combine
conditions:

    when: {any: [{direction: negative, effective_operator: [">=", ">"]},
                 {direction: positive, effective_operator: ["<=", "<"]}]}

Nothing is evaluated as code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from lintgoals.guards import pattern_text
from lintgoals.subjects import FIELDS, KNOWN_VALUES, Subject

Predicate = Callable[[Any], bool]
OPERATORS = (
    "equals",
    "not_equals",
    "in",
    "not_in",
    "matches",
    "not_matches",
    "contains",
    "not_contains",
    "present",
    "min",
    "max",
)


class ConditionError(ValueError):
    """A condition that cannot be compiled; `key` names the offending field or operator."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


SubjectTest = Callable[[Subject], bool]
COMBINATORS = ("any", "all", "not")


@dataclass(slots=True, frozen=True)
class Condition:
    test: SubjectTest  # all of the condition's tests in one callable: test(subject) -> bool


def fields_tested(spec: dict[str, Any]) -> set[str]:
    """The fields a condition needs a value of to hold: those it asks to equal,
    match or contain something (of the branches of an `any`, only those all
    branches need). A test of absence or difference (not_equals, present: false,
    not) holds on a table without the field, and needs nothing."""
    needed: set[str] = set()
    for key, expected in spec.items():
        if key == "any" and isinstance(expected, list):
            branches = [fields_tested(item) for item in expected if isinstance(item, dict)]
            needed |= set.intersection(*branches) if branches else set()
        elif key == "all" and isinstance(expected, list):
            needed.update(*(fields_tested(item) for item in expected if isinstance(item, dict)))
        elif key != "not" and needs_value(expected):
            needed.add(key)
    return needed


def needs_value(expected: Any) -> bool:
    if isinstance(expected, dict):
        return any(
            operator in ("in", "matches", "contains", "min", "max")
            or (operator == "equals" and argument is not None)
            or (operator == "present" and argument)
            for operator, argument in expected.items()
        )
    return expected is not None


def compile_condition(spec: dict[str, Any], target: str) -> Condition:
    tests = [compile_entry(key, expected, target) for key, expected in spec.items()]
    return Condition(all_of(tests))


def all_of(tests: list[Callable[[Any], bool]]) -> Callable[[Any], bool]:
    """One test that passes when all of `tests` do, tried in order. Chained calls:
    a condition is tested on every subject, and all() over a generator costs more
    than the two or three tests it holds."""
    if len(tests) == 1:
        return tests[0]
    first, rest = tests[0], all_of(tests[1:])
    return lambda item: first(item) and rest(item)


def compile_entry(key: str, expected: Any, target: str) -> SubjectTest:
    if key in COMBINATORS:
        return compile_combinator(key, expected, target)
    field = FIELDS[target].get(key)
    if field is None:
        raise ConditionError(f"unknown field '{key}' for target {target}", key)
    if key in KNOWN_VALUES:
        check_known_values(key, expected)
    if isinstance(expected, (bool, str)):
        return equals_test(field.value, expected)
    return field_test(field.value, compile_predicate(expected, key))


def check_known_values(key: str, expected: Any) -> None:
    """A value compared with a field of few values must be one of them."""
    written: list[Any] = []
    if isinstance(expected, dict):
        for operator in ("equals", "not_equals", "in", "not_in"):
            written += as_list(expected[operator]) if operator in expected else []
    else:
        written = as_list(expected)
    known = KNOWN_VALUES[key]
    for value in written:
        if isinstance(value, str) and value not in known:
            from difflib import get_close_matches

            close = get_close_matches(value, sorted(known), n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise ConditionError(
                f"'{value}' is not a value of '{key}' (its values: {', '.join(sorted(known))}{hint})", key
            )


def field_test(value: Callable[[Subject], Any], predicate: Predicate) -> SubjectTest:
    return lambda subject: predicate(value(subject))


def equals_test(value: Callable[[Subject], Any], expected: bool | str) -> SubjectTest:
    """`field: expected` for a flag or a text, the commonest test, in one call: the
    `equals` predicate and the field read together."""
    kind = type(expected)
    return lambda subject: actual == expected if type(actual := value(subject)) is kind else same(actual, expected)


def compile_combinator(key: str, expected: Any, target: str) -> SubjectTest:
    if key == "not":
        if not isinstance(expected, dict):
            raise ConditionError("'not' takes one condition (a mapping)", key)
        inner = compile_condition(expected, target).test
        return lambda subject: not inner(subject)
    if not isinstance(expected, list) or not all(isinstance(item, dict) for item in expected):
        raise ConditionError(f"'{key}' takes a list of conditions (mappings)", key)
    tests = [compile_condition(item, target).test for item in expected]
    if key == "any":
        return lambda subject: any(test(subject) for test in tests)
    return all_of(tests)


def compile_predicate(expected: Any, field_name: str) -> Predicate:
    if isinstance(expected, dict):
        return all_of([operator_predicate(op, arg, field_name) for op, arg in expected.items()])
    if isinstance(expected, list):
        return operator_predicate("in", expected, field_name)
    return operator_predicate("equals", expected, field_name)


def operator_predicate(operator: str, argument: Any, field_name: str) -> Predicate:
    match operator:
        case "equals" if isinstance(argument, (bool, str)) or argument is None:
            # Text, flags and None compare as they are (the common case, kept fast).
            return lambda actual: actual == argument if type(actual) is type(argument) else same(actual, argument)
        case "not_equals" if isinstance(argument, (bool, str)) or argument is None:
            return lambda actual: actual != argument if type(actual) is type(argument) else not same(actual, argument)
        case "equals":
            return lambda actual: same(actual, argument)
        case "not_equals":
            return lambda actual: not same(actual, argument)
        case "in" | "not_in":
            options = as_list(argument)
            # What a text is `same` as, looked up at once (texts are what most fields hold).
            texts = frozenset(str(option) for option in options if option is not None and not isinstance(option, bool))
            wanted = operator == "in"
            return lambda actual: (
                ((actual in texts) if type(actual) is str else any(same(actual, option) for option in options))
                == wanted
            )
        case "matches" | "not_matches":
            pattern = compile_regex(argument, field_name)
            wanted = operator == "matches"
            return lambda actual: (pattern.search(pattern_text(text_of(actual))) is not None) == wanted
        case "contains" | "not_contains":
            words = [str(word) for word in as_list(argument)]
            any_word = re.compile("|".join(re.escape(word) for word in words) or "(?!)")
            wanted = operator == "contains"
            return lambda actual: contains_any(actual, words, any_word) == wanted
        case "present":
            return lambda actual: is_present(actual) == bool(argument)
        case "min":
            bound = as_decimal(argument, field_name)
            return lambda actual: is_number(actual) and actual >= bound
        case "max":
            bound = as_decimal(argument, field_name)
            return lambda actual: is_number(actual) and actual <= bound
    raise ConditionError(
        f"unknown operator '{operator}' for field '{field_name}' (known: {', '.join(OPERATORS)})", field_name
    )


def same(actual: Any, expected: Any) -> bool:
    if isinstance(expected, bool) or actual is None or expected is None:
        return bool(actual == expected)
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


def contains_any(actual: Any, words: list[str], any_word: re.Pattern[str]) -> bool:
    """One of the words in a text, or among the items of a collection (the columns a table has)."""
    if isinstance(actual, (list, tuple, set, frozenset)):
        return any(word in actual for word in words)
    return any_word.search(text_of(actual)) is not None


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
