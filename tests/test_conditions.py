"""`when` and `where` conditions: what each operator accepts, and how conditions combine."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import SAMPLE
from hypothesis import given
from hypothesis import strategies as st

from lintgoals.conditions import all_of, compile_predicate, same

SCALARS = st.none() | st.booleans() | st.integers(-200, 200) | st.sampled_from(["95", "95.0", "≥", "万元", "", "x"])
ACTUALS = SCALARS | st.decimals(-200, 200, places=1, allow_nan=False) | st.sampled_from(["95", "95.0", "万元", ""])


@given(ACTUALS, st.lists(SCALARS, max_size=5))
def test_membership_is_sameness_with_one_of_the_options(actual: object, options: list[object]) -> None:
    expected = any(same(actual, option) for option in options)
    assert compile_predicate({"in": options}, "field")(actual) is expected
    assert compile_predicate({"not_in": options}, "field")(actual) is not expected
    assert compile_predicate(options, "field")(actual) is expected  # a plain list means `in`


@pytest.mark.parametrize(
    ("actual", "options", "expected"),
    [
        ("万元", ["元", "万元"], True),
        ("95", [95], True),  # a text and a number in the pack are the same when they read alike
        (Decimal("95.0"), ["95"], True),  # an amount is compared as a number
        (None, [None], True),
        ("True", [True], False),  # a flag is only ever the same as a flag
        ("", ["x"], False),
    ],
)
def test_membership_examples(actual: object, options: list[object], expected: bool) -> None:
    assert compile_predicate({"in": options}, "field")(actual) is expected


def test_operators_of_one_field_must_all_hold() -> None:
    between = compile_predicate({"min": 1, "max": 3}, "indicator_count")
    assert [between(Decimal(n)) for n in range(5)] == [False, True, True, True, False]


def test_all_of_tries_its_tests_in_order_and_stops_at_the_first_that_fails() -> None:
    tried: list[str] = []

    def test(name: str, result: bool):
        def run(_item: object) -> bool:
            tried.append(name)
            return result

        return run

    assert all_of([test("a", True), test("b", False), test("c", True)])(None) is False
    assert tried == ["a", "b"]
    assert all_of([test("d", True)])(None) is True


def test_conditions_select_the_subjects_their_fields_say() -> None:
    from lintgoals.conditions import compile_condition
    from lintgoals.layouts import build
    from lintgoals.readers import read
    from lintgoals.subjects import subjects

    document, _ = build(read(SAMPLE))
    indicators = list(subjects(document, "indicator"))
    cases = {
        "output, not satisfaction": (
            {"category": "output", "is_satisfaction": False},
            lambda item: item.category == "output" and not item.is_satisfaction,
        ),
        "a flag": ({"is_satisfaction": True}, lambda item: item.is_satisfaction),
        "a number at least": (
            {"value.number": {"min": 95}},
            lambda item: item.value.number is not None and item.value.number >= 95,
        ),
        "any, not": (
            {"any": [{"category": "benefit"}, {"not": {"category": "output"}}]},
            lambda item: item.category != "output",
        ),
    }
    for name, (spec, expected) in cases.items():
        test = compile_condition(spec, "indicator").test
        chosen = [subject.indicator for subject in indicators if test(subject)]
        assert chosen == [subject.indicator for subject in indicators if expected(subject.indicator)], name
        assert 0 < len(chosen) < len(indicators), name  # each case tells the indicators apart
