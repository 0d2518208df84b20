"""A finance bureau's own pack (examples/bureau/), written without Python, on
altered copies of the real sample: at least 3 output indicators per project, no
待定/另行 targets, a satisfaction minimum of 90 for one unit only, descriptions
of at least 6 characters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lintgoals.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "shaoxing-2019-beijing-office.tsv"
BUREAU_CONFIG = ROOT / "examples" / "bureau" / "lintgoals.yaml"


def altered_sample(tmp_path: Path, changes: dict[int, dict[int, str] | None]) -> Path:
    """The sample with cells replaced ({line: {column: text}}) or lines emptied ({line: None})."""
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    for number, cells_to_change in changes.items():
        cells = lines[number - 1].split("\t")
        for column, text in (cells_to_change or {}).items():
            cells[column - 1] = text
        lines[number - 1] = "\t".join(cells) if cells_to_change is not None else ""
    path = tmp_path / "altered.tsv"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def findings(path: Path, *extra: str) -> list[tuple[str, int]]:
    result = CliRunner().invoke(main, ["check", str(path), "--config", str(BUREAU_CONFIG), "-f", "json", *extra])
    assert result.exit_code in (0, 1), result.output
    return [(f["code"], f["line"]) for f in json.loads(result.stdout)["findings"]]


def bureau_findings(path: Path) -> list[tuple[str, int]]:
    return [finding for finding in findings(path) if finding[0].startswith("BJ")]


def test_sample_under_the_bureau_pack(tmp_path: Path) -> None:
    # Every project of the sample has 3 outputs or more and no 待定; two descriptions are short.
    assert bureau_findings(SAMPLE) == [("BJ207", 47), ("BJ207", 71)]


def test_core_rules_still_apply_with_the_bureau_severity(tmp_path: Path) -> None:
    found = findings(SAMPLE, "--select", "LG302,LG306")
    assert ("LG302", 45) in found and ("LG306", 85) in found


def test_too_few_outputs(tmp_path: Path) -> None:
    # 北京信息资源网络维护 (line 78) has three outputs (84–86): drop one.
    assert ("BJ201", 78) in bureau_findings(altered_sample(tmp_path, {86: None}))


@pytest.mark.parametrize("value", ["待定", "另行确定"])
def test_pending_value(tmp_path: Path, value: str) -> None:
    assert ("BJ303", 43) in bureau_findings(altered_sample(tmp_path, {43: {10: value}}))


@pytest.mark.parametrize(("value", "expected"), [("92%", []), ("85%", [("BJ301", 92)])])
def test_service_centre_satisfaction_minimum_is_90(tmp_path: Path, value: str, expected: list) -> None:
    # Line 92, in unit 239002 (the service centre), becomes a satisfaction target.
    path = altered_sample(tmp_path, {92: {12: "服务对象满意度", 13: value, 14: "问卷调查服务对象的满意比例。"}})
    satisfaction = [f for f in findings(path) if f[0] in ("LG301", "BJ301")]
    assert satisfaction == expected


def test_other_units_keep_the_core_minimum(tmp_path: Path) -> None:
    # Line 32 is in unit 239001: 92% is below the core's 95.
    path = altered_sample(tmp_path, {32: {13: "92%"}})
    assert [f for f in findings(path) if f[0] in ("LG301", "BJ301")] == [("LG301", 32)]


def test_without_the_bureau_pack_none_of_its_rules_run(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(SAMPLE), "--rules", "core", "-f", "json"])
    assert not [f for f in json.loads(result.stdout)["findings"] if f["code"].startswith("BJ")]
