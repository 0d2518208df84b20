"""Every shipped rule is tested from its own pack: each of its `examples.fires`
makes it report, each of its `examples.quiet` leaves it silent. A rule is one
place: its YAML, with the examples that are its test."""

from __future__ import annotations

import pytest

from lintgoals.rule_examples import findings_of
from lintgoals.rules import Rule, load_ruleset

RULESET = load_ruleset(["core", "mof-2021"])
# Rules whose findings come from reading the table (LG0xx, LG508), tested on real
# and planted tables instead: tests/test_reading.py, tests/test_examples.py.
JUDGED = [rule for rule in RULESET.rules if rule.check.name != "reader"]


def cases(kind: str) -> list[tuple[Rule, dict]]:
    return [
        pytest.param(rule, example, id=f"{rule.code}-{index}")
        for rule in JUDGED
        for index, example in enumerate(rule.examples.get(kind) or [])
    ]


@pytest.mark.parametrize("rule", JUDGED, ids=lambda rule: rule.code)
def test_every_rule_has_examples_both_ways(rule: Rule) -> None:
    assert rule.examples.get("fires") and rule.examples.get("quiet"), f"{rule.code} needs fires and quiet examples"


@pytest.mark.parametrize(("rule", "example"), cases("fires"))
def test_rule_reports_its_firing_example(rule: Rule, example: dict) -> None:
    found = findings_of(rule, example, RULESET.params)
    assert [finding.code for finding in found] and {finding.code for finding in found} == {rule.code}
    assert all(finding.message for finding in found)


@pytest.mark.parametrize(("rule", "example"), cases("quiet"))
def test_rule_is_quiet_on_its_quiet_example(rule: Rule, example: dict) -> None:
    assert findings_of(rule, example, RULESET.params) == []
