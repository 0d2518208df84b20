"""Reporters: what a pipeline parses (JSON) and what a person reads (text)."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lintgoals.model import (
    Document,
    FileResult,
    Finding,
    Location,
    Project,
    Report,
    Severity,
    Unit,
)
from lintgoals.reporters import FORMATS, ReportOptions, get_format, get_reporter
from lintgoals.reporters.json_report import write_json
from lintgoals.reporters.text import write_text

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "lintgoals" / "schemas" / "report.schema.json"
ANSI = re.compile(r"\x1b\[")
TSV = "examples/a.tsv"


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # Rich reads these; a developer's shell must not change what the tests see.
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)


def build_document() -> Document:
    """Two units, three projects; indicator counts come from findings only."""
    document = Document(path=TSV, layout="seed-2019", location=Location(TSV))
    liaison = Unit("239001", "驻京联络处本级", Location(TSV, 5, 1), parent_code="239")
    liaison.projects = [
        Project("办公及生活用房租用", Location(TSV, 9, 1)),
        Project("接待经费", Location(TSV, 20, 1)),
    ]
    hotel = Unit("239002", "驻京联络处招待所", Location(TSV, 30, 1), parent_code="239")
    hotel.projects = [Project("设备购置", Location(TSV, 31, 1))]
    document.units = [liaison, hotel]
    return document


def funding_finding() -> Finding:
    return Finding(
        code="LG101",
        name="funding-sum",
        severity=Severity.ERROR,
        message="资金总计 631680.00 不等于各来源之和 631580.00（相差 100.00）",
        location=Location(TSV, 9, 3),
        unit_code="239001",
        unit_name="驻京联络处本级",
        project="办公及生活用房租用",
    )


def tsv_findings() -> list[Finding]:
    return [
        Finding("LG003", "shifted-cells", Severity.WARNING, "第 4 行的单元格错位，按第 2 列读取", Location(TSV, 4)),
        funding_finding(),
        Finding(
            "LG303",
            "vague-value",
            Severity.WARNING,
            "指标值 [bold]按实际[/bold] 无法衡量",
            Location(TSV, 12, 6),
            "239001",
            "驻京联络处本级",
            "办公及生活用房租用",
            "服务次数",
        ),
        Finding(
            "LG203",
            "no-satisfaction-indicator",
            Severity.WARNING,
            "项目没有满意度指标",
            Location(TSV, 31, 1),
            "239002",
            "驻京联络处招待所",
            "设备购置",
        ),
        Finding(
            "LG303",
            "vague-value",
            Severity.WARNING,
            "指标值 有所提升 无法衡量",
            Location(TSV, 33, 6),
            "239002",
            "驻京联络处招待所",
            "设备购置",
            "设备完好率",
        ),
    ]


def unreadable_result() -> FileResult:
    finding = Finding(
        "LG001", "unreadable-file", Severity.ERROR, "无法读取文件：不是 Excel 工作簿", Location("broken.xlsx")
    )
    return FileResult("broken.xlsx", None, [finding], error="不是 Excel 工作簿")


def workbook_result() -> FileResult:
    path = "budget.xlsx"
    document = Document(path=path, layout="seed-2019", location=Location(path))
    finding = Finding(
        "LG305",
        "percent-out-of-range",
        Severity.INFO,
        "百分比 120% 超出 0–100",
        Location(path, 9, 3, sheet="绩效目标", cell="C9"),
    )
    return FileResult(path, document, [finding])


@pytest.fixture
def report() -> Report:
    return Report(
        [
            FileResult(TSV, build_document(), tsv_findings()),
            unreadable_result(),
            workbook_result(),
        ]
    )


def render(writer, report: Report, **options: str) -> str:  # type: ignore[no-untyped-def]
    stream = io.StringIO()
    writer(report, stream, ReportOptions(**options))
    return stream.getvalue()


# --- registry ---------------------------------------------------------------


def test_every_listed_format_has_a_reporter() -> None:
    assert get_reporter("json") is write_json
    assert get_reporter("text") is write_text
    assert FORMATS == ("text", "json", "html", "xlsx", "sarif", "junit", "github", "gitlab")
    for name in FORMATS:
        assert callable(get_reporter(name))


def test_only_xlsx_writes_bytes() -> None:
    assert [name for name in FORMATS if get_format(name).binary] == ["xlsx"]


def test_unknown_format_is_a_key_error_naming_the_known_ones() -> None:
    with pytest.raises(KeyError, match="text, json, html, xlsx, sarif, junit, github, gitlab"):
        get_reporter("sarif-typo")


@pytest.mark.parametrize("name", ["json", "sarif", "junit", "github", "gitlab"])
def test_pipeline_formats_do_not_import_rich_or_openpyxl(name: str) -> None:
    code = (
        "import sys\n"
        "from lintgoals.reporters import get_reporter\n"
        f"get_reporter({name!r})\n"
        "assert 'rich' not in sys.modules, 'rich imported'\n"
        "assert 'openpyxl' not in sys.modules, 'openpyxl imported'\n"
    )
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True)


# --- JSON -------------------------------------------------------------------


@pytest.fixture
def schema() -> dict:  # type: ignore[type-arg]
    loaded = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(loaded)
    return loaded


def test_json_report_validates_against_its_schema(report: Report, schema: dict) -> None:  # type: ignore[type-arg]
    data = json.loads(render(write_json, report))
    jsonschema.Draft202012Validator(schema).validate(data)


def test_json_report_is_indented_utf8_with_a_trailing_newline(report: Report) -> None:
    text = render(write_json, report)
    assert text.endswith("}\n")
    assert "驻京联络处本级" in text  # not \u escapes
    assert '\n  "tool": {' in text


def test_json_header_names_tool_version_and_schema(report: Report) -> None:
    data = json.loads(render(write_json, report, version="1.2.3"))
    assert data["tool"] == {"name": "lintgoals", "version": "1.2.3"}
    assert data["schema_version"] == 1


def test_json_finding_has_every_key_of_the_design(report: Report) -> None:
    data = json.loads(render(write_json, report))
    assert data["findings"][1] == {
        "code": "LG101",
        "name": "funding-sum",
        "severity": "error",
        "message": "资金总计 631680.00 不等于各来源之和 631580.00（相差 100.00）",
        "path": TSV,
        "line": 9,
        "column": 3,
        "sheet": None,
        "cell": None,
        "unit": {"code": "239001", "name": "驻京联络处本级"},
        "project": "办公及生活用房租用",
        "indicator": None,
        "text": None,
        "suppressed": None,
        "baselined": False,
        "header": None,
        "page": None,
    }


def test_json_findings_keep_the_order_given(report: Report) -> None:
    data = json.loads(render(write_json, report))
    assert [f["code"] for f in data["findings"]] == ["LG003", "LG101", "LG303", "LG203", "LG303", "LG001", "LG305"]


def test_json_file_level_finding_has_null_unit_project_and_column(report: Report) -> None:
    shifted = json.loads(render(write_json, report))["findings"][0]
    assert shifted["unit"] is None
    assert shifted["project"] is None
    assert shifted["line"] == 4
    assert shifted["column"] is None


def test_json_workbook_finding_has_sheet_and_cell(report: Report) -> None:
    finding = json.loads(render(write_json, report))["findings"][-1]
    assert (finding["sheet"], finding["cell"], finding["line"]) == ("绩效目标", "C9", 9)


def test_json_files_count_what_was_read_and_say_why_not(report: Report) -> None:
    files = json.loads(render(write_json, report))["files"]
    assert files[0] == {
        "path": TSV,
        "layout": "seed-2019",
        "units": 2,
        "projects": 3,
        "indicators": 0,
        "error": None,
        "framework": None,
        "packs": [],
        "skipped": [],
    }
    assert files[1] == {
        "path": "broken.xlsx",
        "layout": None,
        "units": 0,
        "projects": 0,
        "indicators": 0,
        "error": "不是 Excel 工作簿",
    }


def test_json_summary_counts_files_severities_and_codes(report: Report) -> None:
    summary = json.loads(render(write_json, report))["summary"]
    assert summary == {
        "files": 3,
        "error": 2,
        "warning": 4,
        "info": 1,
        "by_code": {"LG001": 1, "LG003": 1, "LG101": 1, "LG203": 1, "LG303": 2, "LG305": 1},
        "suppressed": 0,
        "baselined": 0,
        "baseline_fixed": None,
    }
    assert list(summary["by_code"]) == sorted(summary["by_code"])


def test_json_empty_report_is_valid(schema: dict) -> None:  # type: ignore[type-arg]
    data = json.loads(render(write_json, Report([])))
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["summary"] == {
        "files": 0,
        "error": 0,
        "warning": 0,
        "info": 0,
        "by_code": {},
        "suppressed": 0,
        "baselined": 0,
        "baseline_fixed": None,
    }


@pytest.mark.parametrize(
    "path, bad_value",
    [
        (("findings", 0, "line"), "9"),
        (("findings", 0, "severity"), "fatal"),
        (("findings", 0, "unit"), "239001"),
        (("files", 0, "units"), -1),
        (("summary", "error"), 1.5),
    ],
)
def test_schema_rejects_wrong_types(report: Report, schema: dict, path: tuple, bad_value: object) -> None:  # type: ignore[type-arg]
    data = json.loads(render(write_json, report))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = bad_value
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(data)


@pytest.mark.parametrize("missing", ["line", "unit", "project", "indicator", "sheet"])
def test_schema_requires_every_finding_key(report: Report, schema: dict, missing: str) -> None:  # type: ignore[type-arg]
    data = json.loads(render(write_json, report))
    del data["findings"][0][missing]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(data)


# --- text -------------------------------------------------------------------


def test_text_to_a_non_terminal_has_no_ansi_escapes(report: Report) -> None:
    assert not ANSI.search(render(write_text, report))
    assert not ANSI.search(render(write_text, report, lang="en"))


def test_text_groups_file_unit_project_finding_in_order(report: Report) -> None:
    lines = render(write_text, report).splitlines()
    wanted = [
        f"{TSV}：2 个单位，3 个项目，0 个指标",
        "  警告 LG003 第 4 行 第 4 行的单元格错位",
        "  239001 驻京联络处本级",
        "    办公及生活用房租用",
        "      错误 LG101 第 9 行第 3 列 资金总计 631680.00",
        "      警告 LG303 第 12 行第 6 列 指标值",
        "  239002 驻京联络处招待所",
        "    设备购置",
        "      警告 LG203 第 31 行第 1 列 项目没有满意度指标",
    ]
    positions = [next(i for i, line in enumerate(lines) if line.startswith(w)) for w in wanted]
    assert positions == sorted(positions)
    assert len(set(positions)) == len(positions)


def test_text_prints_each_unit_and_project_heading_once(report: Report) -> None:
    lines = render(write_text, report).splitlines()
    assert lines.count("  239001 驻京联络处本级") == 1
    assert lines.count("    设备购置") == 1


def test_text_names_the_indicator(report: Report) -> None:
    assert "有所提升 无法衡量（指标：设备完好率）" in render(write_text, report)
    assert "(indicator: 设备完好率)" in render(write_text, report, lang="en")


def test_text_prints_markup_in_messages_literally(report: Report) -> None:
    assert "指标值 [bold]按实际[/bold] 无法衡量（指标：服务次数）" in render(write_text, report)


def test_text_shows_an_unreadable_file_with_its_reason(report: Report) -> None:
    text = render(write_text, report)
    assert "broken.xlsx：无法读取：不是 Excel 工作簿" in text
    assert "  错误 LG001 无法读取文件" in text
    assert "broken.xlsx: could not be read: 不是 Excel 工作簿" in render(write_text, report, lang="en")


def test_text_locates_workbook_findings_by_sheet_and_cell(report: Report) -> None:
    assert "提示 LG305 绩效目标!C9 百分比" in render(write_text, report)


def test_text_quotes_sheet_names_with_spaces() -> None:
    finding = Finding(
        "LG305", "percent-out-of-range", Severity.INFO, "m", Location("b.xlsx", 9, 3, sheet="Sheet 1", cell="C9")
    )
    text = render(write_text, Report([FileResult("b.xlsx", None, [finding], "x")]))
    assert "  提示 LG305 'Sheet 1'!C9 m" in text


def test_text_summary_in_chinese(report: Report) -> None:
    text = render(write_text, report)
    assert "检查了 3 个文件，其中 1 个文件无法读取：错误 2，警告 4，提示 1" in text
    assert "按规则：" in text
    assert re.search(r"^  LG303 +vague-value +2$", text, re.MULTILINE)
    assert re.search(r"^  LG101 +funding-sum +1$", text, re.MULTILINE)


def test_text_summary_in_english(report: Report) -> None:
    text = render(write_text, report, lang="en")
    assert "Checked 3 files, 1 file could not be read: 2 errors, 4 warnings, 1 info" in text
    assert "By rule:" in text
    assert "    error   LG101 line 9, column 3 资金总计" in text
    assert f"{TSV}: 2 units, 3 projects, 0 indicators" in text
    assert re.search(r"^  LG203 +no-satisfaction-indicator +1$", text, re.MULTILINE)


def test_text_says_when_nothing_was_found() -> None:
    document = build_document()
    clean = Report([FileResult(TSV, document, [])])
    assert "未发现问题（检查了 1 个文件）" in render(write_text, clean)
    assert "No problems found in 1 file" in render(write_text, clean, lang="en")
    assert "按规则" not in render(write_text, clean)


def test_text_keeps_long_lines_whole() -> None:
    message = "描述过长" * 100
    finding = Finding("LG403", "description-repeats", Severity.WARNING, message, Location(TSV, 7, 2))
    text = render(write_text, Report([FileResult(TSV, build_document(), [finding])]))
    assert f"  警告 LG403 第 7 行第 2 列 {message}\n" in text


def test_text_does_not_expand_emoji_codes() -> None:
    finding = Finding("LG303", "vague-value", Severity.WARNING, "值 :smile: 无法衡量", Location(TSV, 7))
    assert ":smile:" in render(write_text, Report([FileResult(TSV, build_document(), [finding])]))


class TerminalStream(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_text_is_coloured_on_a_terminal(report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    stream = TerminalStream()
    write_text(report, stream, ReportOptions())
    assert "\x1b[1;31m" in stream.getvalue()  # bold red severity


def test_text_respects_no_color(report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("NO_COLOR", "1")
    stream = TerminalStream()
    write_text(report, stream, ReportOptions())
    assert not re.search(r"\x1b\[[0-9;]*3[0-7]m", stream.getvalue())


# --- text: --statistics, --quiet, --max-findings ----------------------------


def render_text(report: Report, **options: object) -> str:
    stream = io.StringIO()
    write_text(report, stream, ReportOptions(**options))  # type: ignore[arg-type]
    return stream.getvalue()


def test_text_statistics_count_by_rule_and_by_unit_without_findings(report: Report) -> None:
    text = render_text(report, statistics=True)
    assert "资金总计" not in text and "LG101 examples" not in text  # no finding is listed
    assert re.search(r"^  LG303 +vague-value +2$", text, re.MULTILINE)
    by_unit = text[text.index("按单位：") :]
    assert by_unit.splitlines() == [
        "按单位：",
        f"  {TSV}",
        "    （不属于任何单位）：警告 1",
        "    239001 驻京联络处本级：错误 1，警告 1",
        "    239002 驻京联络处招待所：警告 2",
        "  broken.xlsx",
        "    （不属于任何单位）：错误 1",
        "  budget.xlsx",
        "    （不属于任何单位）：提示 1",
    ]
    assert text.startswith("检查了 3 个文件，其中 1 个文件无法读取：错误 2，警告 4，提示 1\n")


def test_text_statistics_in_english(report: Report) -> None:
    text = render_text(report, statistics=True, lang="en")
    assert "By unit:" in text
    assert "    239001 驻京联络处本级: 1 error, 1 warning" in text
    assert "    (no unit): 1 warning" in text


def test_text_quiet_is_the_summary_line_alone(report: Report) -> None:
    assert render_text(report, quiet=True) == "检查了 3 个文件，其中 1 个文件无法读取：错误 2，警告 4，提示 1\n"
    clean = Report([FileResult(TSV, build_document(), [])])
    assert render_text(clean, quiet=True) == "未发现问题（检查了 1 个文件）\n"


def test_text_max_findings_stops_listing_and_says_how_many_more(report: Report) -> None:
    text = render_text(report, max_findings=2)
    assert "LG003" in text and "LG101" in text.split("……")[0]
    listed = text.split("……")[0]
    assert "LG303" not in listed and "broken.xlsx" not in listed  # the rest is not listed
    assert "…… 另有 5 个问题未列出（--max-findings 2）" in text
    assert "错误 2，警告 4，提示 1" in text  # the summary still counts everything
    assert "... 5 more not listed (--max-findings 2)" in render_text(report, max_findings=2, lang="en")


def test_text_max_findings_at_or_above_the_count_lists_everything(report: Report) -> None:
    assert render_text(report, max_findings=7) == render_text(report)
    assert "未列出" not in render_text(report, max_findings=7)


def test_text_max_findings_zero_lists_none() -> None:
    finding = funding_finding()
    text = render_text(Report([FileResult(TSV, build_document(), [finding])]), max_findings=0)
    assert "资金总计" not in text
    assert "另有 1 个问题未列出" in text


@pytest.mark.parametrize("paths", [["examples/defects-2020.tsv"], ["examples/clean-2020.tsv"], []])
def test_streamed_json_is_the_same_text_as_one_dump(paths: list[str]) -> None:
    from lintgoals.api import lint
    from lintgoals.reporters.json_report import report_as_dict, write_json

    root = Path(__file__).resolve().parent.parent
    report = lint([root / path for path in paths])
    written = io.StringIO()
    write_json(report, written, ReportOptions())
    expected = json.dumps(report_as_dict(report, ReportOptions()), ensure_ascii=False, indent=2) + "\n"
    assert written.getvalue() == expected


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=20,
)


@given(JSON_VALUES)
def test_fast_indented_json_is_the_standard_text(value: object) -> None:
    from lintgoals.reporters.jsontext import indented

    assert indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


TEXTS = st.none() | st.text(max_size=8)
NUMBERS = st.none() | st.integers(1, 10**6)


@given(
    st.text(max_size=8),
    st.sampled_from(list(Severity)),
    st.text(max_size=8),
    TEXTS,
    NUMBERS,
    NUMBERS,
    TEXTS,
    TEXTS,
    TEXTS,
    TEXTS,
)
def test_a_finding_laid_out_once_is_the_standard_text(
    message: str,
    severity: Severity,
    path: str,
    sheet: str | None,
    line: int | None,
    column: int | None,
    unit_code: str | None,
    unit_name: str | None,
    project: str | None,
    indicator: str | None,
) -> None:
    from lintgoals.reporters.json_report import finding_entry, finding_text

    finding = Finding(
        "LG101",
        "funding-sum",
        severity,
        message,
        Location(path, line, column, sheet, sheet and "C9"),
        unit_code,
        unit_name,
        project,
        indicator,
    )
    standard = json.dumps(finding_entry(finding), ensure_ascii=False, indent=2)
    assert finding_text(finding) == standard.replace("\n", "\n    ")


@given(st.lists(JSON_VALUES, max_size=5), st.integers(0, 3), JSON_VALUES)
def test_lists_written_item_by_item_are_the_standard_text(items: list[object], level: int, other: object) -> None:
    from lintgoals.reporters.jsontext import indented, write_around, write_list

    stream = io.StringIO()
    write_list(stream, iter(items), level)
    assert stream.getvalue() == indented(items, level)
    # In its place inside a larger value, as the SARIF log holds its results.
    slot = "\x00slot"
    around = io.StringIO()
    write_around(around, {"before": other, "runs": [{"results": slot, "after": other}]}, slot, iter(items))
    assert around.getvalue() == indented({"before": other, "runs": [{"results": items, "after": other}]})
