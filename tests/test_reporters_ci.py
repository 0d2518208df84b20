"""The pipeline formats, read back the way their consumers read them: SARIF against
the official 2.1.0 schema, JUnit XML parsed as Jenkins and GitLab do, GitHub
workflow commands as the runner splits them, GitLab Code Quality JSON with the
keys GitLab requires and fingerprints that survive re-runs and inserted rows."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import sample_variant

from lintgoals.api import lint
from lintgoals.model import FileResult, Finding, Location, Report, RuleDoc, Severity
from lintgoals.reporters import ReportOptions
from lintgoals.reporters.github import write_github
from lintgoals.reporters.gitlab import write_gitlab
from lintgoals.reporters.junit import write_junit
from lintgoals.reporters.sarif import write_sarif

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.tsv"))
DEFECTS = ROOT / "examples" / "defects-2020.tsv"
SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"


def render(writer, report: Report, **options: Any) -> str:  # type: ignore[no-untyped-def]
    stream = io.StringIO()
    writer(report, stream, ReportOptions(version="9.9.9", **options))
    return stream.getvalue()


def mixed_report() -> Report:
    """A text finding, a workbook cell finding with a hostile sheet name, an unreadable
    file with its LG001 and one whose rule is off (no finding, only the error)."""
    rules = [
        RuleDoc("LG001", "unreadable-file", Severity.ERROR, "document", "文件打不开。", "文件打不开。请另存。"),
        RuleDoc(
            "LG305",
            "percent-out-of-range",
            Severity.ERROR,
            "indicator",
            "比例不超过 100%。",
            "比例不超过 100%。请改正。",
        ),
    ]
    text = Finding(
        "LG305",
        "percent-out-of-range",
        Severity.WARNING,
        "百分比 120% 超出\n0–100%",
        Location("tables/a b%.tsv", 17, 10),
        "401001",
        "市教育局本级",
        "校舍维修",
        "维修合格率",
    )
    cell = Finding(
        "LG305",
        "percent-out-of-range",
        Severity.INFO,
        "百分比 130%",
        Location("预算.xlsx", 9, 3, sheet="Sheet, 1:x", cell="C9"),
        "401001",
        "市教育局本级",
    )
    broken = Finding("LG001", "unreadable-file", Severity.ERROR, "无法读取文件", Location("broken.xlsx"))
    return Report(
        [
            FileResult("tables/a b%.tsv", None, [text]),
            FileResult("预算.xlsx", None, [cell]),
            FileResult("broken.xlsx", None, [broken], error="broken.xlsx: 不是工作簿"),
            FileResult("off.xlsx", None, [], error="off.xlsx: 不是工作簿 (LG001)"),
        ],
        rules,
    )


# --- SARIF -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("table", EXAMPLES, ids=lambda path: path.name)
def test_sarif_of_each_example_is_valid(table: Path, sarif_validator: jsonschema.protocols.Validator) -> None:
    log = json.loads(render(write_sarif, lint([table.relative_to(ROOT)])))
    sarif_validator.validate(log)


def test_sarif_of_unusual_findings_is_valid(sarif_validator: jsonschema.protocols.Validator) -> None:
    sarif_validator.validate(json.loads(render(write_sarif, mixed_report())))
    sarif_validator.validate(json.loads(render(write_sarif, Report([]))))


def test_sarif_rules_have_codes_names_help_and_levels() -> None:
    report = lint([DEFECTS])
    driver = json.loads(render(write_sarif, report))["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["language"]) == ("lintgoals", "9.9.9", "zh-CN")
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(rules) == {rule.code for rule in report.rules}
    funding = rules["LG101"]
    assert funding["name"] == "funding-sum"
    assert funding["shortDescription"]["text"].startswith("总计必须等于")
    assert funding["help"]["text"].startswith("总计必须等于") and len(funding["help"]["text"]) > len(
        funding["shortDescription"]["text"]
    )
    assert funding["defaultConfiguration"] == {"level": "error"}
    assert rules["LG303"]["defaultConfiguration"] == {"level": "warning"}


def test_sarif_result_has_rule_level_message_and_physical_location() -> None:
    run = json.loads(render(write_sarif, lint([DEFECTS.relative_to(ROOT)])))["runs"][0]
    result = next(r for r in run["results"] if r["ruleId"] == "LG101")
    assert result["level"] == "error"
    assert result["message"]["text"].startswith("资金总计 500000.00")
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "LG101"
    physical = result["locations"][0]["physicalLocation"]
    assert physical == {
        "artifactLocation": {"uri": "examples/defects-2020.tsv"},
        "region": {"startLine": 9, "startColumn": 3},
    }
    logical = result["locations"][0]["logicalLocations"]
    assert [(entry["kind"], entry["fullyQualifiedName"]) for entry in logical] == [
        ("unit", "401001 市教育局本级"),
        ("project", "401001 市教育局本级 / 教师培训"),
    ]
    assert run["invocations"][0]["executionSuccessful"] is True


def test_sarif_workbook_cell_is_a_logical_location_and_info_is_a_note() -> None:
    run = json.loads(render(write_sarif, mixed_report()))["runs"][0]
    text, cell = run["results"][0], run["results"][1]
    assert text["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "tables/a%20b%25.tsv"
    assert cell["level"] == "note"
    assert cell["locations"][0]["physicalLocation"]["region"] == {"startLine": 9, "startColumn": 3}
    assert {"name": "'Sheet, 1:x'!C9", "fullyQualifiedName": "'Sheet, 1:x'!C9", "kind": "cell"} in cell["locations"][0][
        "logicalLocations"
    ]


def test_sarif_unreadable_files_make_the_run_unsuccessful() -> None:
    run = json.loads(render(write_sarif, mixed_report()))["runs"][0]
    assert run["results"][2]["ruleId"] == "LG001"
    # GitHub code scanning wants a line on every result: a whole file is its line 1.
    assert run["results"][2]["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notifications = invocation["toolExecutionNotifications"]
    assert [n["message"]["text"] for n in notifications] == ["off.xlsx: 不是工作簿 (LG001)"]


def test_sarif_language_follows_the_report() -> None:
    driver = json.loads(render(write_sarif, Report([]), lang="en"))["runs"][0]["tool"]["driver"]
    assert driver["language"] == "en"


# --- JUnit -------------------------------------------------------------------------


def junit(report: Report, fail_on: str = "error") -> ET.Element:
    text = render(write_junit, report, fail_on=fail_on)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


@pytest.fixture(scope="module")
def defects_report() -> Report:
    return lint([DEFECTS.relative_to(ROOT)])


def test_junit_has_one_suite_per_file_with_consistent_counts() -> None:
    root = junit(lint([path.relative_to(ROOT) for path in EXAMPLES]))
    suites = root.findall("testsuite")
    assert [suite.get("name") for suite in suites] == [str(path.relative_to(ROOT)) for path in EXAMPLES]
    for suite in suites:
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(1 for case in cases if case.find("failure") is not None)
    assert int(root.get("tests")) == sum(int(suite.get("tests")) for suite in suites)


def test_junit_cases_are_rules_times_projects(defects_report: Report) -> None:
    document = defects_report.files[0].document
    suite = junit(defects_report).find("testsuite")
    names = [(case.get("classname"), case.get("name")) for case in suite.findall("testcase")]
    per_project = [rule for rule in defects_report.rules if rule.target in ("project", "indicator")]
    per_unit = [rule for rule in defects_report.rules if rule.target == "unit"]
    per_file = [rule for rule in defects_report.rules if rule.target == "document"]
    assert len(names) == (
        len(per_project) * document.project_count + len(per_unit) * len(document.units) + len(per_file)
    )
    assert ("examples/defects-2020.tsv › 401001 市教育局本级 › 教师培训", "LG101 funding-sum") in names
    assert ("examples/defects-2020.tsv › 401001 市教育局本级", "LG104 unit-code-hierarchy") in names
    assert ("examples/defects-2020.tsv › （整个文件）", "LG105 duplicate-unit-code") in names


def test_junit_errors_fail_and_warnings_pass_at_fail_on_error(defects_report: Report) -> None:
    cases = {(case.get("classname"), case.get("name")): case for case in junit(defects_report).iter("testcase")}
    funding = cases[("examples/defects-2020.tsv › 401001 市教育局本级 › 教师培训", "LG101 funding-sum")]
    failure = funding.find("failure")
    assert failure.get("type") == "LG101"
    assert failure.get("message").startswith("资金总计 500000.00")
    assert failure.text.startswith("examples/defects-2020.tsv:9:3: error LG101")
    vague = cases[("examples/defects-2020.tsv › 401001 市教育局本级 › 教师培训", "LG303 vague-value")]
    assert vague.find("failure") is None
    assert "有所提升" in vague.find("system-out").text  # shown, but not a failure
    passed = cases[("examples/defects-2020.tsv › 401001 市教育局本级 › 校园安保", "LG101 funding-sum")]
    assert list(passed) == []


def test_junit_fail_on_decides_what_fails(defects_report: Report) -> None:
    def failures(fail_on: str) -> int:
        return int(junit(defects_report, fail_on).get("failures"))

    errors_only, with_warnings = failures("error"), failures("warning")
    assert 0 < errors_only < with_warnings
    assert failures("never") == 0


def test_junit_orphan_row_gets_a_case_of_its_own(defects_report: Report) -> None:
    cases = list(junit(defects_report).iter("testcase"))
    orphan = [case for case in cases if case.get("name") == "LG004 orphan-row"]
    assert len(orphan) == 1 and orphan[0].find("failure") is not None


def test_junit_unreadable_file_is_an_error_case() -> None:
    root = junit(mixed_report())
    suites = {suite.get("name"): suite for suite in root.findall("testsuite")}
    broken = suites["broken.xlsx"]
    assert (broken.get("tests"), broken.get("errors"), broken.get("failures")) == ("1", "1", "0")
    error = broken.find("testcase/error")
    assert error.get("message") == "broken.xlsx: 不是工作簿"
    assert "LG001" in error.text
    assert suites["off.xlsx"].find("testcase/error") is not None
    assert root.get("errors") == "4"  # each unreadable file of the mixed report


def test_junit_holds_control_characters_as_valid_xml() -> None:
    finding = Finding("LG303", "vague-value", Severity.ERROR, "指标值“\x0b按实际\x01”无法衡量", Location("a.tsv", 3, 4))
    text = render(write_junit, Report([FileResult("a.tsv", None, [finding], error="a.tsv: \x1b bad")]))
    assert "按实际" in ET.fromstring(text.encode("utf-8")).find(".//error").text


# --- GitHub ------------------------------------------------------------------------


def test_github_one_command_per_finding(defects_report: Report) -> None:
    lines = render(write_github, defects_report).splitlines()
    assert len(lines) == len(defects_report.findings)
    assert (
        "::error file=examples/defects-2020.tsv,line=9,col=3,title=LG101 funding-sum::"
        "资金总计 500000.00 不等于各来源之和 450000.00（相差 50000.00）"
    ) in lines
    assert any(
        line.startswith("::warning file=examples/defects-2020.tsv,line=13,col=10,title=LG303 vague-value::")
        for line in lines
    )


def test_github_escapes_messages_and_properties_and_maps_info_to_notice() -> None:
    lines = render(write_github, mixed_report()).splitlines()
    assert lines[0] == (
        "::warning file=tables/a b%25.tsv,line=17,col=10,title=LG305 percent-out-of-range::"
        "百分比 120%25 超出%0A0–100%25"
    )
    # In the message only %, CR and LF are escaped; the workbook cell leads it.
    assert lines[1] == (
        "::notice file=预算.xlsx,line=9,col=3,title=LG305 percent-out-of-range::'Sheet, 1:x'!C9 百分比 130%25"
    )


def test_github_file_level_finding_and_unreported_error() -> None:
    lines = render(write_github, mixed_report()).splitlines()
    assert lines[2] == "::error file=broken.xlsx,title=LG001 unreadable-file::无法读取文件"
    assert lines[3] == "::error file=off.xlsx,title=lintgoals::off.xlsx: 不是工作簿 (LG001)"


def test_github_escapes_commas_and_colons_in_properties() -> None:
    finding = Finding("LG101", "funding-sum", Severity.ERROR, "m", Location("a,b:c.tsv", 2, 1))
    assert render(write_github, Report([FileResult("a,b:c.tsv", None, [finding])])) == (
        "::error file=a%2Cb%3Ac.tsv,line=2,col=1,title=LG101 funding-sum::m\n"
    )


# --- GitLab ------------------------------------------------------------------------

REQUIRED_GITLAB_KEYS = {"description", "check_name", "fingerprint", "severity", "location"}
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def gitlab(report: Report) -> list[dict[str, Any]]:
    return json.loads(render(write_gitlab, report))


def test_gitlab_issues_have_what_gitlab_requires(defects_report: Report) -> None:
    issues = gitlab(defects_report)
    assert len(issues) == len(defects_report.findings)
    for issue in issues:
        assert REQUIRED_GITLAB_KEYS <= set(issue)
        assert issue["severity"] in GITLAB_SEVERITIES
        assert isinstance(issue["location"]["path"], str)
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
    funding = next(issue for issue in issues if issue["check_name"] == "LG101")
    assert funding["severity"] == "critical"
    assert funding["location"] == {"path": "examples/defects-2020.tsv", "lines": {"begin": 9}}
    assert funding["description"].startswith("LG101 资金总计 500000.00")
    assert "教师培训" in funding["description"]
    assert {issue["severity"] for issue in issues if issue["check_name"] == "LG303"} == {"minor"}


def test_gitlab_fingerprints_are_unique_and_stable_across_runs(defects_report: Report) -> None:
    first = [issue["fingerprint"] for issue in gitlab(defects_report)]
    assert len(set(first)) == len(first)
    assert first == [issue["fingerprint"] for issue in gitlab(lint([DEFECTS.relative_to(ROOT)]))]


def test_gitlab_fingerprints_survive_rows_inserted_above(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    before = gitlab(lint([sample_variant(tmp_path, "table.tsv", lambda lines: None).name]))
    after = gitlab(lint([sample_variant(tmp_path, "table.tsv", lambda lines: lines.insert(2, "")).name]))
    assert [i["location"]["lines"]["begin"] + 1 for i in before] == [i["location"]["lines"]["begin"] for i in after]
    assert [i["fingerprint"] for i in before] == [i["fingerprint"] for i in after]


def test_gitlab_identical_findings_get_distinct_fingerprints() -> None:
    twin = Finding("LG303", "vague-value", Severity.WARNING, "同", Location("a.tsv", 5, 2), "1", "u", "p", "i")
    other = Finding("LG303", "vague-value", Severity.WARNING, "同", Location("a.tsv", 9, 2), "1", "u", "p", "i")
    issues = gitlab(Report([FileResult("a.tsv", None, [twin, other])]))
    assert issues[0]["fingerprint"] != issues[1]["fingerprint"]


def test_gitlab_info_and_unreadable_files() -> None:
    issues = gitlab(mixed_report())
    assert [issue["severity"] for issue in issues] == ["minor", "info", "critical", "blocker"]
    assert issues[1]["location"] == {"path": "预算.xlsx", "lines": {"begin": 9}}
    assert issues[2]["location"]["lines"]["begin"] == 1  # a whole-file finding points at line 1
    assert issues[3]["description"] == "off.xlsx: 不是工作簿 (LG001)"
