"""What the rules make of a table as a whole: the framework a table follows picks
the packs, rules that need a column the table lacks stay quiet and say so, one
problem on one cell is one finding, a date typed into a number cell is named."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import SAMPLE, check_json, codes_and_lines
from openpyxl import Workbook

from lintgoals.cli import main

ROOT = Path(__file__).resolve().parents[1]
THREE_LEVEL = ROOT / "examples" / "workbooks" / "three-level-defects.xlsx"


def test_a_2021_table_without_a_config_is_checked_with_the_2021_rules(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # no lintgoals.yaml here or above (the examples' own is not found)
    _, report = check_json(THREE_LEVEL)
    (entry,) = report["files"]
    assert (entry["framework"], entry["packs"]) == ("2021", ["core", "mof-2021"])
    assert {"LG501", "LG502"} <= {f["code"] for f in report["findings"]}
    assert [pack["name"] for pack in report["run"]["packs"]] == ["core", "mof-2021"]
    assert report["run"]["config"] is None
    text = CliRunner().invoke(main, ["check", str(THREE_LEVEL)]).stdout
    assert "2021 指标体系" in text and "规则包：core、mof-2021；配置：无（默认）" in text


def test_a_2019_table_is_checked_with_the_core_rules_alone() -> None:
    _, report = check_json(SAMPLE)
    assert (report["files"][0]["framework"], report["files"][0]["packs"]) == ("2019", ["core"])
    assert not {"LG501", "LG502", "LG506"} & {f["code"] for f in report["findings"]}


def test_a_config_that_names_its_packs_decides_for_every_table(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "lintgoals.yaml").write_text("extends: [core]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, report = check_json(THREE_LEVEL)
    assert report["files"][0]["packs"] == ["core"]
    assert report["run"]["config"]["path"].endswith("lintgoals.yaml")
    assert not {"LG501", "LG502"} & {f["code"] for f in report["findings"]}


def test_rules_needing_a_column_the_table_lacks_stay_quiet_and_say_so() -> None:
    _, report = check_json(SAMPLE)
    skipped = {(entry["code"], entry["field"]) for entry in report["files"][0]["skipped"]}
    assert {("LG503", "weight"), ("LG505", "measure_unit")} <= skipped
    assert not {"LG503", "LG505"} & {f["code"] for f in report["findings"]}
    text = CliRunner().invoke(main, ["check", str(SAMPLE)]).stdout
    assert "此表无“权重”“指标性质”“计量单位”“指标方向”列：LG503、LG504、LG505、LG507 未检查" in text


def test_one_problem_on_one_cell_is_one_finding() -> None:
    # 出差天数: 按实际审批天数 (line 20) is vague (LG303); that it has no number (LG304) says nothing more.
    found = codes_and_lines(check_json(SAMPLE)[1])
    assert ("LG303", 20) in found and ("LG304", 20) not in found


def test_an_excel_date_serial_in_a_time_indicator_is_named(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    for row in (
        ["项目名称", "道路养护"],
        ["实施单位", "市政设施管理中心"],
        ["年度资金总额", 100],
        ["一级指标", "二级指标", "三级指标", "指标值", "计量单位"],
        ["产出指标", "时效指标", "完成时间", 44561],
        ["", "数量指标", "维修里程", 44561, "公里"],
        ["", "时效指标", "资金到位时间", 44561, 44561],  # the 计量单位 cell holds the serial too: no unit
        ["效益指标", "社会效益指标", "通行率", "≥95%", "%"],
    ):
        sheet.append(row)
    book.save(tmp_path / "serial.xlsx")
    report = check_json(tmp_path / "serial.xlsx")[1]
    serials = [(f["code"], f["cell"], f["message"]) for f in report["findings"] if f["code"] == "LG007"]
    message = "指标值“44561”是 Excel 的日期序号，代表 2021-12-31；请把单元格设为日期格式，或直接写成“2021-12-31前”"
    assert serials == [("LG007", "D5", message), ("LG007", "D7", message)]


def test_a_config_may_set_what_only_the_2021_rules_use(tmp_path: Path, monkeypatch) -> None:
    """Params and severities of the mof-2021 pack are valid in a config that leaves
    the framework to each table, and a 2019 table is checked without them."""
    (tmp_path / "lintgoals.yaml").write_text(
        "params: {money_name_pattern: '(资金|经费)$'}\nseverity: {LG501: warning}\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result, report = check_json(SAMPLE)
    assert result.exit_code == 1 and report["files"][0]["packs"] == ["core"]
    result, report = check_json(THREE_LEVEL)
    assert {f["severity"] for f in report["findings"] if f["code"] == "LG501"} == {"warning"}
    (tmp_path / "lintgoals.yaml").write_text("params: {no_such_param: 1}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(SAMPLE)])
    assert result.exit_code == 2 and "unknown param 'no_such_param'" in result.stderr
