"""The bureau's pipeline gates on the exit code: nothing that would let everything
pass silently is accepted (each is exit 2 with where it was written and a "did you
mean"), exceptions are on record with their reasons, and a baseline fails only
what is new."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
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


@pytest.mark.parametrize(
    ("config", "line", "text"),
    [
        ("select: [LX1]\n", 1, "select: 'LX1' names no rule (did you mean 'LG1'?)"),
        ("ignore:\n  - LG306\n  - LG9\n", 3, "ignore: 'LG9' names no rule"),
        ("severity: {LG3O1: off}\n", 1, "severity for unknown rule 'LG3O1' (did you mean 'LG301'?)"),
    ],
)
def test_a_typo_in_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str, line: int, text: str
) -> None:
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
        result.stderr
    )


def test_a_folder_with_no_table(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("nothing here", encoding="utf-8")
    result = run_cli("check", tmp_path)
    assert result.exit_code == 2 and f"no tables found in {tmp_path}" in result.stderr


def test_a_missing_option_is_named(tmp_path: Path) -> None:
    pack = write_pack(
        tmp_path,
        """  - code: BJ301
    name: satisfaction-at-least-90
    target: indicator
    severity: error
    check: number_at_least
    options: {min: 90, unit: "%"}
    message: {zh: "低于 {min}"}
""",
    )
    result = run_cli("check", "--rules", pack, SAMPLE)
    assert result.exit_code == 2
    assert f"{pack}:9: rule BJ301: option 'field' or 'fields' is required (check 'number_at_least')" in result.stderr


def test_correct_settings_still_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    in_folder(tmp_path, monkeypatch, "select: [LG3, LG101]\nignore: [LG306]\nseverity: {LG303: info}\n")
    result = run_cli("check", SAMPLE, "-f", "json")
    assert result.exit_code == 1 and json.loads(result.stdout)["run"]["select"] == ["LG3", "LG101"]


# ── 2. exceptions with reasons ────────────────────────────────────────────────

# The sample's one error: LG302 on 公务接待费's 服务对象满意度 (line 45).
ACCEPTED = """exceptions:
  - code: LG302
    unit: "239001"
    project: 公务接待费
    indicator: 服务对象满意度
    reason: 经局务会同意，满意度按好评考核（2026-03-02）
"""


def test_an_accepted_finding_is_reported_and_does_not_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    in_folder(tmp_path, monkeypatch, ACCEPTED)
    assert run_cli("check", SAMPLE).exit_code == 0  # the error was the only finding at or above --fail-on
    _, report = baseline_run(SAMPLE)
    accepted = [finding for finding in report["findings"] if finding["suppressed"]]
    assert [(f["code"], f["line"], f["suppressed"]) for f in accepted] == [
        ("LG302", 45, {"reason": "经局务会同意，满意度按好评考核（2026-03-02）"})
    ]
    assert report["summary"]["error"] == 0 and report["summary"]["suppressed"] == 1
    assert "LG302" not in report["summary"]["by_code"]

    sarif = json.loads(run_cli("check", SAMPLE, "-f", "sarif").stdout)
    suppressed = [result for result in sarif["runs"][0]["results"] if "suppressions" in result]
    assert [(r["ruleId"], r["suppressions"]) for r in suppressed] == [
        (
            "LG302",
            [
                {
                    "kind": "external",
                    "status": "accepted",
                    "justification": "经局务会同意，满意度按好评考核（2026-03-02）",
                }
            ],
        )
    ]

    text = run_cli("check", SAMPLE).stdout
    assert "已豁免 1 个" in text and "LG302" not in text  # counted, not listed
    html = run_cli("check", SAMPLE, "-f", "html").stdout
    assert "已豁免 1 个" in html


def test_an_exception_matches_by_identity_not_by_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    in_folder(tmp_path, monkeypatch, ACCEPTED)
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    moved = tmp_path / "moved.tsv"  # three rows inserted above the finding
    moved.write_text("\n".join([*lines[:30], "", "", "", *lines[30:]]), encoding="utf-8")
    report = json.loads(run_cli("check", moved, "-f", "json").stdout)
    assert [(f["code"], f["line"]) for f in report["findings"] if f["suppressed"]] == [("LG302", 48)]


def test_an_exception_that_matches_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = in_folder(tmp_path, monkeypatch, ACCEPTED.replace("公务接待费", "来访接待"))
    result = run_cli("check", SAMPLE, "-f", "json")
    findings = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["severity"], f["path"], f["line"]) for f in findings if f["code"].startswith("LG60")] == [
        ("LG601", "info", str(config), 2)
    ]
    assert result.exit_code == 1  # the LG302 it meant to accept is not accepted


def test_an_expired_exception(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = in_folder(tmp_path, monkeypatch, ACCEPTED + "    until: 2020-12-31\n")
    result = run_cli("check", SAMPLE, "-f", "json")
    findings = json.loads(result.stdout)["findings"]
    expired = [f for f in findings if f["code"] == "LG602"]
    assert [(f["severity"], f["path"], f["line"]) for f in expired] == [("warning", str(config), 2)]
    assert "2020-12-31" in expired[0]["message"]
    assert result.exit_code == 1 and not any(f["suppressed"] for f in findings)


def test_an_exception_for_a_code_that_names_no_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = in_folder(tmp_path, monkeypatch, ACCEPTED.replace("LG302", "LG3O2"))
    result = run_cli("check", SAMPLE)
    assert result.exit_code == 2 and f"{config}:2: exceptions: 'LG3O2' names no rule" in result.stderr


def test_an_exception_without_a_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = in_folder(tmp_path, monkeypatch, "exceptions:\n  - code: LG302\n    unit: '239001'\n")
    result = run_cli("check", SAMPLE)
    assert result.exit_code == 2 and str(config) in result.stderr and "reason" in result.stderr


# ── 3. a baseline ─────────────────────────────────────────────────────────────

REPORT_SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "lintgoals" / "schemas" / "report.schema.json").read_text(encoding="utf-8")
)


def baseline_run(*args: str | Path) -> tuple[int, dict]:
    """The exit code and JSON report of a check, the report held to its schema."""
    result = run_cli("check", *args, "-f", "json")
    report = json.loads(result.stdout)
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(report)
    return result.exit_code, report


def test_a_baseline_fails_only_what_is_new(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    table = tmp_path / "table.tsv"
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    table.write_text("\n".join(lines), encoding="utf-8")
    assert run_cli("check", table).exit_code == 1

    written = run_cli("check", table, "--write-baseline", "baseline.json")
    assert written.exit_code == 0 and "baseline.json: baseline of 24 findings written" in written.stderr
    baseline = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    keys = [(entry["path"], entry["code"], entry["fingerprint"]) for entry in baseline["findings"]]
    assert len(keys) == 24 and keys == sorted(keys)  # sorted: a change is a diff of lines

    code, report = baseline_run(table, "--baseline", "baseline.json")
    assert code == 0 and report["summary"]["baselined"] == 24 and report["summary"]["baseline_fixed"] == 0
    assert report["run"]["baseline"] == "baseline.json"

    # A new defect (line 14: a satisfaction target of 80%) and a fixed one (line 20: 按实际审批天数).
    changed = list(lines)
    changed[13] = lines[13].replace("95%以上", "80%以上")
    changed[19] = lines[19].replace("按实际审批天数", "≤20天")
    table.write_text("\n".join(changed), encoding="utf-8")
    code, report = baseline_run(table, "--baseline", "baseline.json")
    new = [(f["code"], f["line"]) for f in report["findings"] if not f["baselined"]]
    assert code == 1 and new == [("LG301", 14)]
    assert report["summary"]["baseline_fixed"] == 1 and report["summary"]["error"] == 1
    text = run_cli("check", table, "--baseline", "baseline.json").stdout
    assert "基线中已有" in text and "基线中已修复 1 个" in text

    sarif = json.loads(run_cli("check", table, "--baseline", "baseline.json", "-f", "sarif").stdout)
    states = {result["baselineState"] for result in sarif["runs"][0]["results"]}
    assert states == {"new", "unchanged"}
    assert sarif["runs"][0]["invocations"][0]["properties"]["run"]["baseline"] == "baseline.json"


def test_a_file_that_is_not_a_baseline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "baseline.json").write_text('{"findings": [', encoding="utf-8")
    result = run_cli("check", SAMPLE, "--baseline", "baseline.json")
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("lintgoals: error: baseline.json: line 1: not a baseline")
    (tmp_path / "baseline.json").write_text('{"findings": []}', encoding="utf-8")
    assert "not a lintgoals baseline" in run_cli("check", SAMPLE, "--baseline", "baseline.json").stderr


def test_a_baseline_is_never_written_over_a_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    table = tmp_path / "table.tsv"
    table.write_bytes(SAMPLE.read_bytes())
    result = run_cli("check", table, "--write-baseline", table)
    assert result.exit_code == 2 and "will not write the baseline over a file this run reads" in result.stderr
    assert table.read_bytes() == SAMPLE.read_bytes()


# ── the bureau example ───────────────────────────────────────────────────────

BUREAU = Path(__file__).resolve().parents[1] / "examples" / "bureau"


def test_the_bureau_example_uses_an_exception_and_a_baseline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BUREAU)
    table = "../shaoxing-2019-beijing-office.tsv"
    plain = run_cli("check", table)
    assert plain.exit_code == 1 and "已豁免 1 个" in plain.stdout
    code, report = baseline_run(table, "--baseline", "baseline.json")
    assert code == 0 and report["summary"]["baseline_fixed"] == 0
    assert report["summary"]["suppressed"] == 1 and report["summary"]["baselined"] == len(report["findings"]) - 1
