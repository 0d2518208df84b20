"""The bureau's pipeline gates on the exit code: nothing that would let everything
pass silently is accepted (each is exit 2 with where it was written and a "did you
mean"), exceptions are on record with their reasons, and a baseline fails only
what is new."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SAMPLE, run_cli

CONFIG = "lintgoals.yaml"


def in_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str) -> Path:
    (tmp_path / CONFIG).write_text(config, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path / CONFIG


# ── 1. strict where a mistake would pass silently ─────────────────────────────

def test_a_typo_in_select_on_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", SAMPLE, "--select", "LX1")
    assert result.exit_code == 2
    assert result.stderr.strip() == "lintgoals: error: --select: 'LX1' names no rule (did you mean 'LG1'?)"
    assert run_cli("check", SAMPLE, "--ignore", "LG3O3").exit_code == 2


@pytest.mark.parametrize(("config", "line", "text"), [
    ("select: [LX1]\n", 1, "select: 'LX1' names no rule (did you mean 'LG1'?)"),
    ("ignore:\n  - LG306\n  - LG9\n", 3, "ignore: 'LG9' names no rule"),
    ("severity: {LG3O1: off}\n", 1, "severity for unknown rule 'LG3O1' (did you mean 'LG301'?)"),
])
def test_a_typo_in_the_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str, line: int,
                              text: str) -> None:
    path = in_folder(tmp_path, monkeypatch, config)
    result = run_cli("check", SAMPLE)
    assert result.exit_code == 2 and f"{path}:{line}: {text}" in result.stderr


def write_pack(tmp_path: Path, rules: str) -> Path:
    pack = tmp_path / "bureau.yaml"
    pack.write_text("pack: bureau\nextends: core\nrules:\n" + rules, encoding="utf-8")
    return pack


OUTPUT_COUNT = """  - code: BJ201
    name: too-few-outputs
    target: project
    severity: error
    check: count
    options: {of: indicators, where: {category: outputs}, min: 3}
    message: {zh: "产出指标 {count} 个"}
"""


def test_a_value_no_field_can_hold(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, OUTPUT_COUNT)
    result = run_cli("check", "--rules", pack, SAMPLE)
    assert result.exit_code == 2
    assert f"{pack}:9: rule BJ201:" in result.stderr
    assert "'outputs' is not a value of 'category'" in result.stderr and "did you mean 'output'?" in result.stderr


def test_the_same_code_twice_in_one_pack(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, OUTPUT_COUNT.replace("outputs", "output") * 2)
    result = run_cli("check", "--rules", pack, SAMPLE)
    assert result.exit_code == 2 and f"{pack}:11: rule BJ201 is defined twice in this pack (first on line 4)" in (
        result.stderr)


def test_a_folder_with_no_table(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("nothing here", encoding="utf-8")
    result = run_cli("check", tmp_path)
    assert result.exit_code == 2 and f"no tables found in {tmp_path}" in result.stderr


def test_a_missing_option_is_named(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, """  - code: BJ301
    name: satisfaction-at-least-90
    target: indicator
    severity: error
    check: number_at_least
    options: {min: 90, unit: "%"}
    message: {zh: "低于 {min}"}
""")
    result = run_cli("check", "--rules", pack, SAMPLE)
    assert result.exit_code == 2
    assert f"{pack}:9: rule BJ301: option 'field' or 'fields' is required (check 'number_at_least')" in result.stderr


def test_correct_settings_still_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    in_folder(tmp_path, monkeypatch, "select: [LG3, LG101]\nignore: [LG306]\nseverity: {LG303: info}\n")
    result = run_cli("check", SAMPLE, "-f", "json")
    assert result.exit_code == 1 and json.loads(result.stdout)["run"]["select"] == ["LG3", "LG101"]
