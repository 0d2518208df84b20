"""`lintgoals checks`: every check primitive with its options (type, required,
default, meaning) and an example that is a working rule."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import run_cli

from lintgoals.check_reference import example_lines, option_docs
from lintgoals.checks import CHECKS, Check
from lintgoals.rules import load_ruleset

USER_CHECKS = [check for check in CHECKS.values() if check.name != "reader"]  # reader rules come from the reader


@pytest.mark.parametrize("check", CHECKS.values(), ids=lambda check: check.name)
def test_every_check_and_option_says_what_it_is(check: Check) -> None:
    assert check.summary
    for doc in option_docs(check):
        assert doc.about, f"{check.name}: option '{doc.name}' has no description"


@pytest.mark.parametrize("check", USER_CHECKS, ids=lambda check: check.name)
def test_each_example_is_a_rule_a_pack_can_hold(check: Check, tmp_path: Path) -> None:
    assert check.example is not None
    rule = yaml.safe_load("\n".join(example_lines(check)))
    rule |= {"code": "EX001", "name": "example", "severity": "warning", "message": {"zh": "发现"}}
    pack = tmp_path / "example.yaml"
    pack.write_text(yaml.safe_dump({"pack": "example", "rules": [rule]}, allow_unicode=True), encoding="utf-8")
    loaded = load_ruleset([str(pack)])
    assert [(r.code, r.check.name) for r in loaded.rules] == [("EX001", check.name)]


def test_the_checks_command_shows_options_and_an_example() -> None:
    result = run_cli("checks", "number_at_least")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "number_at_least — A number below `min` (a satisfaction target under 95%)."
    assert any(line.split()[:3] == ["min", "number", "required"] for line in lines)
    assert any(line.split()[:4] == ["field", "field", "one", "of"] for line in lines)
    assert any(line.split()[:4] == ["exclusive", "boolean", "default", "false"] for line in lines)
    assert "    options: {field: value, min: 95, unit: '%'}" in lines
    assert any(line.startswith("  used by: ") and "LG301" in line for line in lines)


def test_every_check_is_listed() -> None:
    text = run_cli("checks").stdout
    assert [line.split(" — ")[0] for line in text.split("\n\n")] == list(CHECKS)


def test_an_unknown_check() -> None:
    result = run_cli("checks", "cout")
    assert result.exit_code == 2 and "unknown check 'cout' (did you mean 'count'?)" in result.stderr
