"""The bundled examples: each report equals its checked-in golden file, every
catalog rule fires on the defects table where its defect was planted, and the
clean table is quiet.

Regenerate the golden files after an intended change with
`LINTGOALS_UPDATE_GOLDEN=1 pytest tests/test_examples.py`, and read the diff.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import stabilise

from lintgoals.cli import main
from lintgoals.rules import load_ruleset

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.tsv"))

# Where each defect was planted in examples/defects-2020.tsv: written by the
# table's generator, from its own rows and from the rules' `fires` examples.
PLANTED: dict[str, list[list[int]]] = json.loads((ROOT / "examples" / "defects-2020.planted.json").read_text())


def json_report(*args: str) -> dict:
    result = CliRunner().invoke(main, ["check", *args, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    stabilise(report)
    return report


@pytest.fixture(autouse=True)
def run_from_root(monkeypatch: pytest.MonkeyPatch) -> None:
    # Paths in the reports are as given on the command line: relative to the root.
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("table", EXAMPLES, ids=lambda path: path.name)
def test_report_matches_golden_file(table: Path) -> None:
    golden = table.with_suffix(".expected.json")
    report = json_report(str(table.relative_to(ROOT)))
    if os.environ.get("LINTGOALS_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert report == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize("code", sorted(PLANTED))
def test_each_rule_reports_its_planted_defect(code: str) -> None:
    findings = json_report("examples/defects-2020.tsv")["findings"]
    for first, last in PLANTED[code]:
        assert [f for f in findings if f["code"] == code and first <= f["line"] <= last], (first, last)


def test_defects_table_has_nothing_but_planted_defects() -> None:
    findings = json_report("examples/defects-2020.tsv")["findings"]
    unplanned = [
        (f["code"], f["line"])
        for f in findings
        if not any(first <= f["line"] <= last for first, last in PLANTED.get(f["code"], []))
    ]
    assert unplanned == []


def test_the_example_tables_are_what_their_generator_makes_now() -> None:
    """A rule added with `fires` examples is planted by running examples/generate.py;
    until then this fails."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "examples" / "generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    defects = generate.defects_table()
    assert (ROOT / "examples" / "defects-2020.tsv").read_text(encoding="utf-8").splitlines() == defects
    assert (ROOT / "examples" / "clean-2020.tsv").read_text(encoding="utf-8").splitlines() == generate.clean_table()
    assert generate.planted_lines(defects) == PLANTED
    # Every core rule that fires on indicators or projects is planted, but for those
    # about a column this layout does not have (计量单位, 权重, 指标性质, 指标方向).
    fields = generate.table_fields()
    for rule in load_ruleset(["core"]).rules:
        if rule.target in ("indicator", "project") and rule.check.name != "reader" and rule.code not in PLANTED:
            fires = rule.examples["fires"][0]
            assert not all(needs & fields for needs in rule.requires) or generate.fields_named(fires) - fields


def test_inverted_range_says_so() -> None:
    findings = json_report("examples/defects-2020.tsv")["findings"]
    messages = {f["line"]: f["message"] for f in findings if f["code"] == "LG307"}
    assert "颠倒" in messages[12] and "颠倒" not in messages[11]


def test_clean_table_is_quiet() -> None:
    report = json_report("examples/clean-2020.tsv")
    assert report["findings"] == []
    assert report["files"][0]["projects"] == 3


def test_main_command_on_examples_folder() -> None:
    result = CliRunner().invoke(main, ["check", "examples/"])
    assert result.exit_code == 1  # the defects table has errors
    for table in EXAMPLES:
        assert f"examples/{table.name}" in result.stdout
