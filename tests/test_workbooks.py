"""Workbooks and layouts: the examples in examples/workbooks/ (made by its
generate.py) read into the right units, projects and indicators, report their
planted LG5xx defects at the right cell, and nothing on the clean ones."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import stabilise

from lintgoals.cli import main

ROOT = Path(__file__).resolve().parent.parent
WORKBOOKS = ROOT / "examples" / "workbooks"
CONFIG = WORKBOOKS / "lintgoals.yaml"  # extends: [core, mof-2021]
EXAMPLES = sorted(p for p in WORKBOOKS.iterdir() if p.suffix in (".xlsx", ".xls", ".ods"))

# Where each defect was planted in three-level-defects.xlsx (see generate.py).
PLANTED = [
    ("LG501", "公园管护", "B3"),
    ("LG508", "公园管护", "C11"),
    ("LG503", "路灯维护", "B3"),
    ("LG209", "路灯维护", "D11"),
    ("LG504", "路灯维护", "F12"),
    ("LG506", "路灯维护", "G13"),
    ("LG505", "路灯维护", "G14"),
    ("LG502", "路灯维护", "B15"),
    ("LG504", "路灯维护", "F15"),
    ("LG507", "路灯维护", "F16"),
]


def run(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, [*args, "-f", "json"])
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout) if result.stdout.strip() else {}


def check(path: Path, *options: str) -> dict:
    code, report = run("check", str(path), "--config", str(CONFIG), *options)
    assert code in (0, 1), report
    return report


def places(report: dict) -> list[tuple[str, str, str]]:
    return [(f["code"], f["sheet"], f["cell"]) for f in report["findings"]]


def model(path: Path, *options: str) -> dict:
    result = CliRunner().invoke(main, ["parse", str(path), *options])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(autouse=True)
def run_from_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("workbook", EXAMPLES, ids=lambda path: path.name)
def test_report_matches_golden_file(workbook: Path) -> None:
    report = check(workbook.relative_to(ROOT))
    stabilise(report)
    golden = workbook.with_name(workbook.name + ".expected.json")
    if os.environ.get("LINTGOALS_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert report == json.loads(golden.read_text(encoding="utf-8"))


def test_every_mof_rule_reports_its_planted_defect() -> None:
    found = places(check(WORKBOOKS / "three-level-defects.xlsx"))
    assert sorted(found) == sorted(PLANTED)
    assert {code for code, _, _ in PLANTED} >= pack_codes("mof-2021")


def pack_codes(pack: str) -> set[str]:
    import yaml

    rules = yaml.safe_load((ROOT / "rules" / f"{pack}.yaml").read_text(encoding="utf-8"))["rules"]
    return {rule["code"] for rule in rules if "code" in rule}


@pytest.mark.parametrize("name", ["three-level.xlsx", "three-level.xls", "three-level.ods", "seed-2019.xlsx"])
def test_clean_workbooks_are_quiet(name: str) -> None:
    assert check(WORKBOOKS / name)["findings"] == []


def test_without_mof_2021_its_rules_do_not_run() -> None:
    report = check(WORKBOOKS / "three-level-defects.xlsx", "--rules", "core")
    assert not [f for f in report["findings"] if f["code"] in pack_codes("mof-2021")]
    # What templates declare beside a value is checked by the core pack wherever the table has the column.
    assert {f["code"] for f in report["findings"]} >= {"LG503", "LG504", "LG505", "LG507"}


def test_three_level_model() -> None:
    document = model(WORKBOOKS / "three-level.xlsx")
    assert document["layout"] == "three-level"
    assert (document["title"], document["year"]) == ("项目支出绩效目标申报表", 2021)
    units = {
        (unit["code"], unit["name"], unit["parent_code"]): [p["name"] for p in unit["projects"]]
        for unit in document["units"]
    }
    assert units == {
        ("501001", "市政设施管理中心", "501"): ["城市道路养护"],
        ("502003", "市养老服务指导中心", "502"): ["社区居家养老服务"],
    }
    roads = document["units"][0]["projects"][0]
    assert {name: amount["value"] for name, amount in roads["funding"].items() if amount} == {
        "total": "120.00",
        "general_budget": "100.00",
        "other": "20.00",
    }
    assert roads["funding"]["general_budget"]["location"]["cell"] == "C6"
    second = roads["indicators"][1]  # 一级 and 二级 merged down from the row above
    assert (second["category"], second["subcategory"], second["name"]) == ("output", "数量指标", "维修路面面积")
    assert (second["value"], second["measure_unit"], second["weight"], second["operator"], second["direction"]) == (
        "5",
        "万平方米",
        "10",
        ">=",
        "positive",
    )
    assert second["value_location"] == {"line": 11, "column": 6, "sheet": "道路养护", "cell": "F11"}


@pytest.mark.parametrize("name", ["three-level.xls", "three-level.ods"])
def test_older_and_open_formats(name: str) -> None:
    document = model(WORKBOOKS / name)
    indicators = [i for unit in document["units"] for p in unit["projects"] for i in p["indicators"]]
    assert document["layout"] == "three-level" and len(indicators) in (6, 8)
    assert all(i["location"]["sheet"] and i["location"]["cell"] for i in indicators)


def test_seed_workbook_reads_like_the_text_table() -> None:
    from_workbook, from_text = model(WORKBOOKS / "seed-2019.xlsx"), model(ROOT / "examples" / "clean-2020.tsv")

    def contents(document: dict) -> list:
        return [
            (
                u["code"],
                u["name"],
                [
                    (
                        p["name"],
                        {k: a and a["value"] for k, a in p["funding"].items()},
                        [(i["category"], i["name"], i["value"], i["description"]) for i in p["indicators"]],
                    )
                    for p in u["projects"]
                ],
            )
            for u in document["units"]
        ]

    assert contents(from_workbook) == contents(from_text)
    project = from_workbook["units"][1]["projects"][0]
    assert project["funding"]["total"]["location"] == {"line": 7, "column": 3, "sheet": "绩效目标表", "cell": "C7"}
    # C13 holds =SUM(D13:G13): the cached value is read.
    assert from_workbook["units"][1]["projects"][1]["funding"]["total"]["value"] == "300000.00"


def test_sheet_and_cell_in_the_text_report() -> None:
    result = CliRunner().invoke(main, ["check", str(WORKBOOKS / "three-level-defects.xlsx"), "--config", str(CONFIG)])
    assert "路灯维护!G13" in result.stdout  # LG506, at the 计量单位 cell


def write_workbook(path: Path, rows: list[list[object]], percent_cells: tuple[str, ...] = ()) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "绩效目标"
    for row in rows:
        sheet.append(row)
    for cell in percent_cells:
        sheet[cell].number_format = "0%"
    workbook.save(path)
    return path


def three_level_rows(satisfaction: object) -> list[list[object]]:
    return [
        ["项目名称", "社区服务"],
        ["实施单位", "103001 某中心"],
        ["年度资金总额", 10],
        ["一级指标", "二级指标", "三级指标", "指标值", "指标解释"],
        ["产出指标", "数量指标", "服务人次", "≥100人次", "年度服务人次。"],
        ["效益指标", "社会效益指标", "服务覆盖率", "≥90%", "覆盖的社区比例。"],
        ["满意度指标", "服务对象满意度指标", "服务对象满意度", satisfaction, "问卷调查的满意比例。"],
    ]


@pytest.mark.parametrize(("value", "expected"), [(0.95, []), (0.9, ["LG301"]), (1, []), (0.955, []), ("≥95%", [])])
def test_a_percentage_typed_as_a_number(tmp_path: Path, value: object, expected: list[str]) -> None:
    # A cell formatted as 95% holds 0.95: it reads as the percentage it shows.
    path = write_workbook(tmp_path / "percent.xlsx", three_level_rows(value), ("D7",))
    _, report = run("check", str(path))
    assert [f["code"] for f in report["findings"]] == expected


@pytest.mark.parametrize("value", [1, 0.95])
def test_a_number_shown_as_a_number_is_no_percentage(tmp_path: Path, value: object) -> None:
    # The same numbers in a cell with no percentage format show as 1 and 0.95: not percentages.
    path = write_workbook(tmp_path / "number.xlsx", three_level_rows(value))
    _, report = run("check", str(path))
    assert [(f["code"], f["text"]) for f in report["findings"]] == [("LG302", str(value))]


def test_a_sheet_without_a_known_header_is_lg002_naming_what_it_saw(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "other.xlsx", [["序号", "名称", "金额", "备注"], [1, "办公用品", 300, ""]])
    code, report = run("check", str(path))
    assert code == 2
    assert report["findings"][0]["code"] == "LG002" and "序号、名称、金额、备注" in report["findings"][0]["message"]


def test_a_broken_workbook_is_lg001(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a workbook")
    code, report = run("check", str(path))
    assert code == 2 and report["findings"][0]["code"] == "LG001"
    assert report["files"][0]["error"]


def test_a_workbook_whose_styles_are_damaged_is_lg001(tmp_path: Path) -> None:
    # The guard reads xl/styles.xml (which cells show percentages): damaged, it is a damaged zip.
    import io
    import zipfile

    data = bytearray((WORKBOOKS / "three-level-defects.xlsx").read_bytes())
    member = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/styles.xml")
    start = member.header_offset + 30 + len(member.filename) + len(member.extra)
    for offset in range(start + 20, start + 40):
        data[offset] ^= 0x5A
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(data))
    code, report = run("check", str(path))
    assert code == 2 and [f["code"] for f in report["findings"]] == ["LG001"]
    assert "damaged zip" in report["findings"][0]["message"]


def test_forcing_a_layout(tmp_path: Path) -> None:
    workbook = WORKBOOKS / "three-level.xlsx"
    assert run("check", str(workbook), "--layout", "seed-2019")[0] == 2  # no seed header there
    assert run("check", str(workbook), "--layout", "three-level")[0] == 0
    result = CliRunner().invoke(main, ["check", str(workbook), "--layout", "nonesuch"])
    assert result.exit_code == 2 and "seed-2019" in result.stderr and "three-level" in result.stderr


def test_a_config_adds_its_own_layout(tmp_path: Path) -> None:
    # A county's template: 考核内容 instead of 三级指标, 目标值 instead of 指标值.
    profile = tmp_path / "county.yaml"
    profile.write_text(
        "layout: county\nstructure: project-block\ncolumns:\n  level1: [一级指标]\n"
        "  level2: [二级指标]\n  level3: [考核内容]\n  value: [目标值]\n  description: [说明]\n"
        "required: [level1, level2, level3, value]\nblock:\n  project_name: [项目]\n",
        encoding="utf-8",
    )
    (tmp_path / "lintgoals.yaml").write_text("layouts: [county.yaml]\n", encoding="utf-8")
    rows = [
        ["项目", "文化下乡"],
        ["一级指标", "二级指标", "考核内容", "目标值", "说明"],
        ["产出指标", "数量指标", "演出场次", "≥20场", "全年送戏下乡场次。"],
    ]
    path = write_workbook(tmp_path / "county.xlsx", rows)
    document = model(path, "--config", str(tmp_path / "lintgoals.yaml"))
    assert document["layout"] == "county"
    assert document["units"][0]["projects"][0]["name"] == "文化下乡"


def test_an_invalid_layout_profile_names_its_line(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("layout: bad\nstructure: rows\ncolumns: {}\nrequired: [x]\n", encoding="utf-8")
    (tmp_path / "lintgoals.yaml").write_text("layouts: [bad.yaml]\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", str(WORKBOOKS / "three-level.xlsx"), "--config", str(tmp_path / "lintgoals.yaml")]
    )
    assert result.exit_code == 2 and "bad.yaml:2" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("section", "line", "wrong", "meant"),
    [
        ("columns", 7, "measure_units", "measure_unit"),  # a misspelt optional column was silently never read
        ("block", 10, "project_nmae", "project_name"),
    ],
)
def test_a_field_no_structure_reads_is_refused_with_its_line(
    tmp_path: Path, section: str, line: int, wrong: str, meant: str
) -> None:
    profile = (
        "layout: county\nstructure: project-block\ncolumns:\n  level1: [一级指标]\n  level3: [考核内容]\n"
        "  value: [目标值]\n  measure_unit: [单位]\nrequired: [level3, value]\nblock:\n  project_name: [项目]\n"
    )
    profile = profile.replace(
        f"  {meant}: [单位]" if section == "columns" else f"  {meant}: [项目]",
        f"  {wrong}: [单位]" if section == "columns" else f"  {wrong}: [项目]",
    )
    (tmp_path / "county.yaml").write_text(profile, encoding="utf-8")
    (tmp_path / "lintgoals.yaml").write_text("layouts: [county.yaml]\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", str(WORKBOOKS / "three-level.xlsx"), "--config", str(tmp_path / "lintgoals.yaml")]
    )
    assert result.exit_code == 2
    assert (
        f"county.yaml:{line}: {section}: '{wrong}' is no field of the project-block structure (did you mean '{meant}'?)"
    ) in result.stderr


@pytest.mark.parametrize(
    "table",
    [ROOT / "examples" / "defects-2020.tsv", WORKBOOKS / "three-level-defects.xlsx"],
    ids=lambda path: path.name,
)
@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_a_parsed_table_read_back_gives_the_same_findings(tmp_path: Path, table: Path, suffix: str) -> None:
    document = model(table)
    path = tmp_path / f"document{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    else:
        import yaml

        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    original, read_back = check(table), check(path)

    def findings(report: dict) -> list:
        return [{k: v for k, v in f.items()} for f in report["findings"]]

    assert findings(read_back) == findings(original)
    assert read_back["files"][0]["path"] == str(path)


def test_a_json_that_is_not_a_document_is_lg002(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"units": "none"}', encoding="utf-8")
    code, report = run("check", str(path))
    assert code == 2 and report["findings"][0]["code"] == "LG002"


def test_folders_hold_workbooks_and_documents_but_not_reports(tmp_path: Path) -> None:
    (tmp_path / "table.xlsx").write_bytes((WORKBOOKS / "three-level.xlsx").read_bytes())
    (tmp_path / "doc.json").write_text(json.dumps(model(WORKBOOKS / "three-level.xls")), encoding="utf-8")
    (tmp_path / "report.json").write_text(json.dumps({"schema_version": 1, "findings": []}), encoding="utf-8")
    (tmp_path / "lintgoals.yaml").write_text("lang: zh\n", encoding="utf-8")
    _, report = run("check", str(tmp_path))
    assert sorted(Path(f["path"]).name for f in report["files"]) == ["doc.json", "table.xlsx"]


def test_a_macro_workbook_reads_like_its_xlsx(tmp_path: Path) -> None:
    xlsm = tmp_path / "three-level.xlsm"
    xlsm.write_bytes((WORKBOOKS / "three-level-defects.xlsx").read_bytes())
    assert places(check(xlsm)) == places(check(WORKBOOKS / "three-level-defects.xlsx"))
