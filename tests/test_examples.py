"""The bundled examples: each report equals its checked-in golden file, every
catalog rule fires on the defects table where its defect was planted, and the
clean table is quiet.

Regenerate the golden files after an intended change with
`LINTGOALS_UPDATE_GOLDEN=1 pytest tests/test_examples.py`, and read the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import stabilise

from lintgoals.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.tsv"))

# Where each defect was planted in examples/defects-2020.tsv (the comments in
# the table's generator say which row holds which defect).
PLANTED = {
    "LG003": 48, "LG004": 5, "LG005": 50, "LG006": 46,
    "LG101": 9, "LG102": 15, "LG103": 21, "LG104": 49, "LG105": 54,
    "LG201": 25, "LG202": 33, "LG203": 37, "LG204": 40, "LG205": 42, "LG206": 43, "LG207": 44,
    "LG301": 14, "LG302": 20, "LG303": 13, "LG304": 16, "LG305": 17, "LG306": 10, "LG307": 11,
    "LG401": 45, "LG402": 41, "LG403": 19, "LG404": 18,
}


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
    assert PLANTED[code] in [f["line"] for f in findings if f["code"] == code]


def test_defects_table_has_nothing_but_planted_defects() -> None:
    findings = json_report("examples/defects-2020.tsv")["findings"]
    unplanned = [(f["code"], f["line"]) for f in findings if PLANTED.get(f["code"]) != f["line"]]
    # The one rule planted twice: a normal range (line 11) and an inverted one (line 12).
    assert unplanned == [("LG307", 12)]


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
