"""Each check primitive on its own, as Spectral tests each function: its example
rule reports what it declares it fires on, stays quiet on what it declares quiet,
and a pack that gives it bad options is refused with a message that names them.

The cases live beside the check (`Example.fires`, `Example.quiet`, `Check.refuses`
in lintgoals/checks/*.py), so a new check brings its own tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import run_cli

from lintgoals.check_reference import example_lines
from lintgoals.checks import CHECKS, Check
from lintgoals.rule_examples import findings_of
from lintgoals.rules import Rule, load_ruleset

USER_CHECKS = [check for check in CHECKS.values() if check.name != "reader"]  # reader rules come from the reader
RULE_HEAD = {"code": "EX001", "name": "example", "severity": "warning", "message": {"zh": "发现"}}


def example_rule(check: Check, tmp_path: Path) -> Rule:
    """The check's example, loaded as the one rule of a pack."""
    rule = RULE_HEAD | yaml.safe_load("\n".join(example_lines(check)))
    return load_ruleset([str(write_pack(tmp_path, rule))]).rules[0]


def write_pack(tmp_path: Path, rule: dict[str, Any]) -> Path:
    pack = tmp_path / "example.yaml"
    pack.write_text(yaml.safe_dump({"pack": "example", "rules": [rule]}, allow_unicode=True), encoding="utf-8")
    return pack


def cases(kind: str) -> list[Any]:
    return [
        pytest.param(check, subject, id=f"{check.name}-{index}")
        for check in USER_CHECKS
        if check.example is not None
        for index, subject in enumerate(getattr(check.example, kind))
    ]


@pytest.mark.parametrize("check", USER_CHECKS, ids=lambda check: check.name)
def test_every_check_declares_what_it_fires_on_stays_quiet_on_and_refuses(check: Check) -> None:
    assert check.example is not None and check.example.fires and check.example.quiet and check.refuses


@pytest.mark.parametrize("check", USER_CHECKS, ids=lambda check: check.name)
def test_the_check_gets_typed_options_and_the_pack_keeps_its_own(check: Check, tmp_path: Path) -> None:
    assert check.example is not None
    rule = example_rule(check, tmp_path)
    assert isinstance(rule.settings, check.settings) and rule.options == check.example.options
    # An option left out has the default the reference shows.
    for name, schema in check.options["properties"].items():
        if "default" in schema and name not in rule.options and hasattr(rule.settings, name):
            assert getattr(rule.settings, name) == schema["default"], name


@pytest.mark.parametrize(("check", "subject"), cases("fires"))
def test_the_example_rule_fires_on_what_its_check_declares(
    check: Check, subject: dict[str, Any], tmp_path: Path
) -> None:
    findings = findings_of(example_rule(check, tmp_path), subject)
    assert [finding.code for finding in findings] == ["EX001"], subject


@pytest.mark.parametrize(("check", "subject"), cases("quiet"))
def test_the_example_rule_stays_quiet_on_what_its_check_declares(
    check: Check, subject: dict[str, Any], tmp_path: Path
) -> None:
    assert findings_of(example_rule(check, tmp_path), subject) == [], subject


@pytest.mark.parametrize(
    ("check", "options", "words"),
    [
        pytest.param(check, options, words, id=f"{check.name}-{index}")
        for check in USER_CHECKS
        for index, (options, words) in enumerate(check.refuses)
    ],
)
def test_a_pack_with_bad_options_is_refused_with_the_rule_and_the_reason(
    check: Check, options: dict[str, Any], words: str, tmp_path: Path
) -> None:
    assert check.example is not None
    rule = RULE_HEAD | {"target": check.example.target, "check": check.name, "options": options}
    pack = write_pack(tmp_path, rule)
    result = run_cli("check", "--rules", str(pack), "examples/clean-2020.tsv")
    assert result.exit_code == 2, result.stdout
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    assert f"{pack}:" in message and "EX001" in message and words in message, message
