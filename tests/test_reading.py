"""Reading the real sample table: encodings, line endings, delimiters, the
seed-2019 layout (headers, units, projects, indicators across page breaks,
shifted cells), and where every finding points.

Everything is observed through the command line (`check -f json`, `parse`)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from conftest import SAMPLE, check_json, codes_and_lines, findings_of, run_cli, sample_lines, sample_variant, set_cell

DOCUMENT_SCHEMA = Path(__file__).resolve().parents[1] / "lintgoals" / "schemas" / "document.schema.json"

PROJECTS = {
    "239001": {  # project → the lines of its indicators (27, 42, 55, 71 continue after a page break)
        "办公及生活用房租用": [10, 11, 12, 13, 14, 15],
        "差旅费": [17, 18, 19, 20, 21, 27],
        "对在京重要人士的日常联": [29, 30, 31, 32, 33],
        "公务接待费": [35, 36, 42, 43, 44, 45],
        "全国重大节会期间工作经费": [47, 48, 49, 55, 56, 57],
        "委托业务费": [59, 60, 61, 62, 63, 64],
        "招商引资绍兴推介和人才": [71, 72, 73, 74, 75, 76],
    },
    "239002": {"北京信息资源网络维护": [84, 85, 86, 92, 93]},
}


@pytest.fixture(scope="module")
def sample_findings() -> list[tuple[str, int | None]]:
    return findings_of(SAMPLE)


@pytest.fixture(scope="module")
def model() -> dict:
    result = run_cli("parse", SAMPLE)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def all_indicators(model: dict) -> list[dict]:
    return [i for unit in model["units"] for project in unit["projects"] for i in project["indicators"]]


def indicator_at(model: dict, line: int) -> dict:
    (indicator,) = [i for i in all_indicators(model) if i["location"]["line"] == line]
    return indicator


# ── the findings of the sample, whatever the bytes look like ────────────────


def test_sample_findings_point_at_the_known_lines(sample_findings):
    # Anchors for the comparisons below: the shifted rows and the unquantified satisfaction.
    assert [line for code, line in sample_findings if code == "LG003"] == [35, 36, 44, 45]
    assert ("LG302", 45) in sample_findings
    assert all(line is not None for _, line in sample_findings)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk", "gb18030", "utf-16"])  # utf-16: Excel "Unicode text"
def test_encodings_give_the_same_findings(tmp_path, sample_findings, encoding):
    path = tmp_path / f"sample-{encoding}.tsv"
    path.write_bytes(SAMPLE.read_text(encoding="utf-8").encode(encoding))
    result, report = check_json(path)
    assert report["files"][0]["error"] is None
    assert [(f["code"], f["line"]) for f in report["findings"]] == sample_findings
    assert result.exit_code == 1


def test_crlf_line_endings_give_the_same_findings(tmp_path, sample_findings):
    path = tmp_path / "sample-crlf.tsv"
    path.write_bytes(SAMPLE.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8"))
    assert findings_of(path) == sample_findings


def test_gbk_with_crlf_and_bom_free_bytes_is_read(tmp_path, sample_findings):
    # What a Chinese Excel on Windows writes: GBK, CRLF.
    path = tmp_path / "sample-windows.txt"
    path.write_bytes(SAMPLE.read_text(encoding="utf-8").replace("\n", "\r\n").encode("gbk"))
    assert findings_of(path) == sample_findings


def csv_text(rows: list[list[str]]) -> str:
    """Comma-separated, quoting only the cells that need it; blank lines stay blank."""
    lines = []
    for cells in rows:
        if not any(cells):
            lines.append(",".join(cells))
            continue
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(cells)
        lines.append(buffer.getvalue())
    return "\n".join(lines)


def test_comma_separated_gives_the_same_findings(tmp_path, sample_findings):
    path = tmp_path / "sample.csv"
    path.write_text(csv_text([line.split("\t") for line in sample_lines()]), encoding="utf-8")
    assert findings_of(path) == sample_findings


# Line 15 (an LG306 on its value) gets a description holding a comma, quotes and a line break.
MULTILINE_DESCRIPTION = '房产租金和同类地段房产平均租金的比率, 按"同类地段"\n的平均租金计算。'


def test_quoted_cell_with_comma_and_newline_keeps_physical_line_numbers(tmp_path, sample_findings):
    rows = [line.split("\t") for line in sample_lines()]
    rows[15 - 1][11 - 1] = MULTILINE_DESCRIPTION
    path = tmp_path / "sample-multiline.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    physical = path.read_text(encoding="utf-8").split("\n")
    assert len(physical) == len(sample_lines()) + 1
    assert '"房产租金和同类地段房产平均租金的比率, 按""同类地段""' in physical[15 - 1]  # quoted, quotes doubled

    # The row starting on line 15 stays there; every later row sits one physical line lower.
    expected = [(code, line if line <= 15 else line + 1) for code, line in sample_findings]
    assert findings_of(path) == expected

    result = run_cli("parse", path)
    assert result.exit_code == 0, result.stderr
    indicator = indicator_at(json.loads(result.stdout), 15)
    assert indicator["description"] == MULTILINE_DESCRIPTION
    assert indicator["description_location"] == {"line": 15, "column": 11, "sheet": None, "cell": None}


def test_stray_quote_in_tsv_cell_does_not_swallow_the_rest_of_the_file(tmp_path):
    # PDF-extracted text can hold a lone ASCII quote; the 80 lines after it must not vanish unreported.
    path = sample_variant(
        tmp_path, "stray-quote.tsv", lambda lines: set_cell(lines, 12, 11, '"按合同约定按季度支付租金。')
    )
    _, report = check_json(path)
    entry = report["files"][0]
    assert entry["error"] is not None or entry["indicators"] == 46
    assert entry["error"] is not None or ("LG306", 86) in [(f["code"], f["line"]) for f in report["findings"]]


def test_bad_byte_in_a_gbk_file_is_reported_at_its_line(tmp_path):
    encoded = [line.encode("gbk") for line in sample_lines()]
    encoded[80 - 1] += b"\xff"  # no GB18030 sequence starts with 0xFF
    path = tmp_path / "broken-gbk.tsv"
    path.write_bytes(b"\n".join(encoded))
    result, report = check_json(path)
    # The bad byte is reported at its line, and the rest of the file is still linted.
    assert result.exit_code == 1
    assert ("LG001", 80) in codes_and_lines(report)
    assert ("LG302", 45) in codes_and_lines(report)


# ── the model of the sample (`lintgoals parse`) ─────────────────────────────


def test_parse_output_matches_the_document_schema(model):
    jsonschema.validate(model, json.loads(DOCUMENT_SCHEMA.read_text(encoding="utf-8")))
    assert model["layout"] == "seed-2019"
    assert model["title"] == "2019年市级部门预算项目绩效目标表"
    assert model["year"] == 2019


def test_parse_reads_units_with_their_department(model):
    units = [(u["code"], u["name"], u["parent_code"], u["location"]["line"]) for u in model["units"]]
    assert units == [
        ("239", "驻北京联络处", None, 7),
        ("239001", "驻京联络处本级", "239", 8),
        ("239002", "绍兴市人民政府驻京联络处服务中心", "239", 77),
    ]


def test_parse_reads_projects_and_their_indicators_across_page_breaks(model):
    read = {
        unit["code"]: {
            project["name"]: [i["location"]["line"] for i in project["indicators"]] for project in unit["projects"]
        }
        for unit in model["units"]
        if unit["projects"]
    }
    assert read == PROJECTS
    assert len(all_indicators(model)) == 46


def test_indicator_after_the_page_break_belongs_to_the_travel_project(model):
    (travel,) = [p for u in model["units"] for p in u["projects"] if p["name"] == "差旅费"]
    last = travel["indicators"][-1]
    assert last["location"]["line"] == 27
    assert (last["name"], last["value"], last["kind"]) == ("干部职工满意度", "95%以上", "personal")
    assert last["is_satisfaction"] is True


@pytest.mark.parametrize(
    ("line", "name", "value", "description", "columns"),
    [
        (35, "接待次数", "40", "年度内接待批次。", (9, 10, 14)),
        (36, "审批程序", "完备", "审批程序是否符合规定。", (9, 10, 14)),
        (44, "可持续性影响", "提升接待能力", "结合2018年上半年是市领导来京次数多", (11, 12, 14)),
        (45, "服务对象满意度", "满意", "得到市领导的好评", (11, 12, 14)),
    ],
)
def test_shifted_rows_are_read_in_column_order(model, sample_findings, line, name, value, description, columns):
    indicator = indicator_at(model, line)
    assert indicator["name"] == name
    assert indicator["value"] == value
    assert indicator["description"].startswith(description)
    # Each part keeps the column it was actually read from.
    assert (
        indicator["name_location"]["column"],
        indicator["value_location"]["column"],
        indicator["description_location"]["column"],
    ) == columns
    assert ("LG003", line) in sample_findings


def test_shifted_row_finding_says_how_the_cells_were_read():
    _, report = check_json(SAMPLE, "--select", "LG003")
    (finding,) = [f for f in report["findings"] if f["line"] == 35]
    assert (finding["column"], finding["severity"], finding["project"]) == (9, "warning", "公务接待费")
    assert "接待次数" in finding["message"] and "40" in finding["message"]


def test_every_project_amount_and_indicator_has_line_and_column(model):
    def positioned(location: dict) -> bool:
        return isinstance(location["line"], int) and isinstance(location["column"], int)

    for unit in model["units"]:
        assert positioned(unit["location"])
        for project in unit["projects"]:
            assert positioned(project["location"]), project["name"]
            for name, amount in project["funding"].items():
                assert amount is not None and positioned(amount["location"]), (project["name"], name)
                assert amount["location"]["line"] == project["location"]["line"]
            for indicator in project["indicators"]:
                line = indicator["location"]["line"]
                assert positioned(indicator["location"]), line
                for part in ("name", "value", "description"):
                    if indicator[part]:
                        where = indicator[f"{part}_location"]
                        assert positioned(where) and where["line"] == line, (line, part)


def test_amounts_are_read_exactly_to_the_cent(model):
    first = model["units"][1]["projects"][0]
    assert {name: amount["value"] for name, amount in first["funding"].items()} == {
        "total": "631580.00",
        "general_budget": "466316.00",
        "government_fund": "0.00",
        "special_account": "0.00",
        "other": "165264.00",
    }
    assert first["funding"]["government_fund"]["raw"] == "0"
    assert first["funding"]["total"]["location"]["column"] == 3


# ── positions are trusted where the cells sit in one column set ─────────────


def test_blank_value_is_missing_not_shifted(tmp_path, sample_findings):
    path = sample_variant(tmp_path, "no-value.tsv", lambda lines: set_cell(lines, 43, 10, ""))
    found = findings_of(path)
    assert ("LG206", 43) in found
    assert ("LG003", 43) not in found
    assert sorted(set(found) - set(sample_findings)) == [("LG206", 43)]


def test_blank_description_is_missing(tmp_path, sample_findings):
    path = sample_variant(tmp_path, "no-description.tsv", lambda lines: set_cell(lines, 63, 11, ""))
    found = findings_of(path)
    assert ("LG207", 63) in found
    assert ("LG003", 63) not in found
    assert sorted(set(found) - set(sample_findings)) == [("LG207", 63)]


# ── both header variants of the personalised name column ────────────────────

PERSONAL_HEADERS = ("明细指标（个性）", "二级指标（个性）")


def test_sample_has_both_header_variants():
    headers = [line.split("\t")[11] for line in sample_lines() if line.startswith("单位编码")]
    assert set(headers) == set(PERSONAL_HEADERS)


@pytest.mark.parametrize("line", [17, 21, 27, 29, 84, 92])
def test_personal_indicators_are_read_under_either_header(model, line):
    # 17, 21, 84 sit under a 明细指标（个性） header; 27, 29, 92 under 二级指标（个性）.
    indicator = indicator_at(model, line)
    assert indicator["kind"] == "personal"
    assert indicator["name"] and indicator["value"] and indicator["description"]
    assert indicator["name_location"]["column"] == 12


@pytest.mark.parametrize("header", PERSONAL_HEADERS)
def test_one_header_variant_throughout_gives_the_same_findings(tmp_path, sample_findings, header):
    def use_only(lines: list[str]) -> None:
        for number, text in enumerate(lines, start=1):
            if text.startswith("单位编码"):
                set_cell(lines, number, 12, header)

    path = sample_variant(tmp_path, "one-header.tsv", use_only)
    _, report = check_json(path)
    assert report["files"][0]["indicators"] == 46
    assert [(f["code"], f["line"]) for f in report["findings"]] == sample_findings
