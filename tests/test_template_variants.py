"""How lintgoals reads the variants of the national template that departments
publish (each kind seen in published tables; the real ones are in tests/corpus):
headers written differently, blocks that are not tidy label/value pairs,
unit-wide tables, 中期 and 年度 target sets, several projects on a sheet, a
target per region, categories by meaning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import parse_model as parse
from conftest import write_csv

from lintgoals.cli import main


def check(path: Path, *options: str) -> dict:
    result = CliRunner().invoke(main, ["check", str(path), "-f", "json", *options])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def codes(report: dict) -> list[tuple[str, int]]:
    return [(f["code"], f["line"]) for f in report["findings"]]


def sets(document: dict) -> list[dict]:
    return [project for unit in document["units"] for project in unit["projects"]]


BLOCK = [
    ["项目支出绩效目标表"],
    ["项目名称", "社区养老服务"],
    ["主管部门", "[433]市民政局", "实施单位", "(433001)市养老服务中心"],
    ["年度资金总额:", "", "100"],
    ["其中：财政拨款", "", "80"],
    ["其他资金", "", "20"],
]
ROWS = [
    ["产出指标", "数量指标", "服务老人人数", "≥500人", "全年上门服务的老人人数。"],
    ["", "时效指标", "服务完成时间", "12月底前", "全年服务在年底前完成。"],
    ["效益指标", "社会效益指标", "老人生活质量改善率", "≥90%", "回访改善的比例。"],
    ["满意度指标", "服务对象满意度指标", "服务对象满意度", "≥95%", "问卷调查的满意比例。"],
]


@pytest.mark.parametrize(
    "header",
    [
        ["一级\n指标", "二级\n指标", "三级\n指标", "指标值(包含数字及文字描述)", "指标解释"],  # wrapped, with a note
        ["一级", "二级", "三级", "目标值", "指标说明"],  # cut to fragments, other words
        ["*一级指标", "*二级指标", "*三级指标", "*当年预期实现值", "指标内涵"],  # stars on required fields
        ["一级指标", "二级指标", "指标名称", "预期达到目标", "指标说明及公式"],
    ],
)
def test_headers_written_differently_name_the_same_fields(tmp_path: Path, header: list[str]) -> None:
    document = parse(write_csv(tmp_path / "t.csv", [*BLOCK, header, *ROWS]))
    (project,) = sets(document)
    assert [(i["category"], i["name"], i["value"], bool(i["description"])) for i in project["indicators"]] == [
        ("output", "服务老人人数", "≥500人", True),
        ("output", "服务完成时间", "12月底前", True),
        ("benefit", "老人生活质量改善率", "≥90%", True),
        ("satisfaction", "服务对象满意度", "≥95%", True),
    ]
    assert codes(check(tmp_path / "t.csv")) == []


def test_parse_shows_which_header_became_which_field(tmp_path: Path) -> None:
    header = ["绩效指标", "一级\n指标", "二级指标", "三级指标", "指标值", "备注"]
    rows = [[""] + row[:4] + [""] for row in ROWS]
    (read,) = parse(write_csv(tmp_path / "t.csv", [*BLOCK, header, *rows]))["headers"]
    assert {name: field["header"] for name, field in read["fields"].items()} == {
        "level1": "一级\n指标",
        "level2": "二级指标",
        "level3": "三级指标",
        "value": "指标值",
        "description": "备注",
    }
    assert read["unread"] == [{"column": 1, "header": "绩效指标"}]


def test_an_empty_notes_column_is_no_description_column(tmp_path: Path) -> None:
    header = ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "备注"]
    rows = [[""] + row[:4] + [""] for row in ROWS]
    report = check(write_csv(tmp_path / "t.csv", [*BLOCK, header, *rows]))
    assert "LG207" not in {code for code, _ in codes(report)}
    assert {"code": "LG207", "field": "description", "reason": "no_column"} in report["files"][0]["skipped"]


def test_a_description_column_empty_throughout_is_said_once(tmp_path: Path) -> None:
    header = ["一级指标", "二级指标", "三级指标", "指标值", "指标解释"]
    rows = [row[:4] + [""] for row in ROWS]
    path = write_csv(tmp_path / "t.csv", [*BLOCK, header, *rows])
    report = check(path)
    assert "LG207" not in {code for code, _ in codes(report)}
    assert {"code": "LG207", "field": "description", "reason": "empty_column"} in report["files"][0]["skipped"]
    text = CliRunner().invoke(main, ["check", str(path)]).stdout
    assert "此表“指标描述”列全部为空：LG207、LG403、LG405 未逐项检查" in text


def test_block_labels_anywhere_with_codes_and_values_cells_away(tmp_path: Path) -> None:
    document = parse(
        write_csv(
            tmp_path / "t.csv", [*BLOCK, ["一级指标", "二级指标", "三级指标", "指标值"], *[row[:4] for row in ROWS]]
        )
    )
    (unit,) = document["units"]
    assert (unit["code"], unit["name"], unit["parent_code"]) == ("433001", "市养老服务中心", "433")
    funding = {name: amount["value"] for name, amount in sets(document)[0]["funding"].items() if amount}
    assert funding == {"total": "100.00", "general_budget": "80.00", "other": "20.00"}


def test_a_label_and_its_value_in_one_cell(tmp_path: Path) -> None:
    # 主管部门名称:… holds the keyword 主管部门 as a whole too: the value after the colon is kept.
    block = [["项目支出绩效目标表"], ["主管部门名称:福建省台湾同胞联谊会      "], ["专项名称", "台胞扶贫济困生活补贴"]]
    header = ["一级指标", "二级指标", "三级指标", "指标值"]
    document = parse(write_csv(tmp_path / "t.csv", [*block, header, *[row[:4] for row in ROWS]]))
    (unit,) = document["units"]
    assert unit["name"] == "福建省台湾同胞联谊会" and [p["name"] for p in unit["projects"]] == ["台胞扶贫济困生活补贴"]


def test_a_funding_tree_without_a_total_adds_up_its_sources(tmp_path: Path) -> None:
    block = [
        ["项目名称", "社区养老服务"],
        ["实施单位", "市养老服务中心"],
        ["资金情况（万元）", "(一)财政拨款小计", "80"],
        ["", "(二)其他资金", "20万元(含上年结转)"],
    ]
    path = write_csv(
        tmp_path / "t.csv", [*block, ["一级指标", "二级指标", "三级指标", "指标值"], *[r[:4] for r in ROWS]]
    )
    project = sets(parse(path))[0]
    funding = {name: amount["value"] for name, amount in project["funding"].items() if amount}
    assert funding == {"total": "100.00", "general_budget": "80.00", "other": "20.00"}
    assert project["money_unit"] == "万元"
    assert not {"LG101", "LG103", "LG005"} & {code for code, _ in codes(check(path))}


def test_the_money_unit_of_a_block_is_said_with_its_sums(tmp_path: Path) -> None:
    block = [
        ["项目名称", "社区养老服务"],
        ["实施单位", "市养老服务中心"],
        ["单位：万元"],
        ["年度资金总额", "100"],
        ["其中：财政拨款", "80"],
    ]
    path = write_csv(
        tmp_path / "t.csv", [*block, ["一级指标", "二级指标", "三级指标", "指标值"], *[r[:4] for r in ROWS]]
    )
    (finding,) = [f for f in check(path)["findings"] if f["code"] == "LG101"]
    assert finding["message"] == "资金总计 100.00万元 不等于各来源之和 80.00万元（相差 20.00万元）"


def test_several_projects_stacked_on_one_sheet(tmp_path: Path) -> None:
    header = ["一级指标", "二级指标", "三级指标", "指标值"]
    second = [
        ["项目支出绩效目标表"],
        ["项目名称", "老年食堂补助"],
        ["实施单位", "(433001)市养老服务中心"],
        ["年度资金总额", "50"],
    ]
    path = write_csv(
        tmp_path / "t.csv", [*BLOCK, header, *[r[:4] for r in ROWS], *second, header, *[r[:4] for r in ROWS]]
    )
    assert [(p["name"], p["funding"]["total"]["value"]) for p in sets(parse(path))] == [
        ("社区养老服务", "100.00"),
        ("老年食堂补助", "50.00"),
    ]


def test_a_unit_wide_table_has_the_unit_as_its_subject(tmp_path: Path) -> None:
    block = [["部门整体支出绩效目标表"], ["部门(单位)名称", "市养老服务中心"], ["资金总额", "300"]]
    path = write_csv(
        tmp_path / "t.csv", [*block, ["一级指标", "二级指标", "三级指标", "指标值"], *[r[:4] for r in ROWS]]
    )
    (target,) = sets(parse(path))
    assert (target["name"], target["scope"]) == ("市养老服务中心", "unit")
    block[2] = ["资金总额", ""]
    assert "LG103" not in {
        code
        for code, _ in codes(
            check(
                write_csv(
                    tmp_path / "u.csv", [*block, ["一级指标", "二级指标", "三级指标", "指标值"], *[r[:4] for r in ROWS]]
                )
            )
        )
    }


def test_medium_term_and_annual_target_sets_side_by_side(tmp_path: Path) -> None:
    block = [
        ["项目名称", "社区养老服务"],
        ["实施单位", "市养老服务中心"],
        ["项目资金", "中期资金总额:", "300", "年度资金总额:", "100"],
        ["", "其中:财政拨款", "300", "其中:财政拨款", "100"],
        ["总体目标", "中期目标(2024-2026年)", "", "年度目标"],
    ]
    header = ["一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"]
    rows = [[row[0], row[1], row[2], row[3], row[1], row[2], row[3]] for row in ROWS]
    path = write_csv(tmp_path / "t.csv", [*block, header, *rows])
    medium, annual = sets(parse(path))
    assert (medium["period"], medium["funding"]["total"]["value"]) == ("medium", "300.00")
    assert (annual["period"], annual["funding"]["total"]["value"]) == ("annual", "100.00")
    assert len(medium["indicators"]) == len(annual["indicators"]) == 4
    # The two sets repeat each other's names and are never duplicates of each other.
    assert codes(check(path)) == []


def test_long_term_then_annual_tables_stacked_are_one_project(tmp_path: Path) -> None:
    rows = [r[:4] for r in ROWS]
    path = write_csv(
        tmp_path / "t.csv",
        [
            *BLOCK,
            ["长期绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
            *[[""] + r for r in rows],
            ["年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
            *[[""] + r for r in rows],
        ],
    )
    medium, annual = sets(parse(path))
    assert (medium["name"], medium["period"], annual["name"], annual["period"]) == (
        "社区养老服务",
        "medium",
        "社区养老服务",
        "annual",
    )
    assert annual["funding"]["total"]["value"] == "100.00"


def test_a_target_per_region(tmp_path: Path) -> None:
    header = ["绩效指标", "一级指标", "二级指标", "三级指标", "指标解释", "区域目标值"]
    regions = ["", "", "", "", "", "新罗区", "永定区"]
    rows = [
        ["", "产出指标", "数量指标", "补助场所数量", "反映补助的场所数量。", "5个", "3个"],
        ["", "效益指标", "社会效益指标", "场所规范化率", "反映规范管理的比例。", "≥95%", "90%以上"],
        ["", "满意度指标", "服务对象满意度指标", "群众满意度", "问卷调查。", "≥95%", ""],
    ]
    path = write_csv(tmp_path / "t.csv", [*BLOCK, header, regions, *rows])
    assert [(p["name"], [i["value"] for i in p["indicators"]]) for p in sets(parse(path))] == [
        ("社区养老服务", ["5个", "≥95%", "≥95%"]),
        ("社区养老服务", ["3个", "90%以上", ""]),
    ]
    assert ("LG206", 11) in codes(check(path))  # the value 永定区 has none for: reported once


def test_a_target_per_region_whose_header_repeats(tmp_path: Path) -> None:
    header = ["绩效指标", "一级指标", "二级指标", "三级指标", "指标解释", "区域目标值"]
    regions = ["", "", "", "", "", "新罗区", "永定区"]
    rows = [
        ["", "产出指标", "数量指标", "补助场所数量", "反映补助的场所数量。", "5个", "3个"],
        ["", "效益指标", "社会效益指标", "场所规范化率", "反映规范管理的比例。", "≥95%", "90%以上"],
    ]
    path = write_csv(tmp_path / "t.csv", [*BLOCK, header, regions, rows[0], header, regions, rows[1]])
    # The header repeated on a new page: each region's target set goes on.
    assert [[i["value"] for i in p["indicators"]] for p in sets(parse(path))] == [["5个", "≥95%"], ["3个", "90%以上"]]


def test_categories_by_meaning(tmp_path: Path) -> None:
    rows = [
        ["实施效果指标", "产出指标", "建设项目个数", "1个"],
        ["", "效益指标", "受益人数", "≥500人"],
        ["项目完成指标", "数量指标", "服务人数", "≥500人"],
        ["项目效益指标", "社会效益指标", "改善率", "≥90%"],
        ["数量指标", "", "巡查次数", "≥200次"],
    ]
    path = write_csv(tmp_path / "t.csv", [*BLOCK, ["一级指标", "二级指标", "三级指标", "指标值"], *rows])
    indicators = sets(parse(path))[0]["indicators"]
    assert [(i["category"], i["subcategory"]) for i in indicators] == [
        ("output", None),
        ("benefit", None),
        ("output", "数量指标"),
        ("benefit", "社会效益指标"),
        ("output", "数量指标"),
    ]
    assert "LG006" not in {code for code, _ in codes(check(path))}


def test_indicators_without_level_columns(tmp_path: Path) -> None:
    header = ["绩效指标", "指标", "指标权重", "计量单位", "指标性质", "指标值"]
    rows = [["", "发放人数", "50", "人", "≥", "80"], ["", "按时发放率", "50", "%", "≥", "95"]]
    path = write_csv(tmp_path / "t.csv", [*BLOCK, header, *rows])
    indicators = sets(parse(path))[0]["indicators"]
    assert [(i["name"], i["parsed_value"]["operator"], i["parsed_value"]["unit"]) for i in indicators] == [
        ("发放人数", ">=", "人"),
        ("按时发放率", ">=", "%"),
    ]
    report = check(path)
    # Without 一级 columns, nothing can say which category an indicator is in.
    assert not {"LG006", "LG201", "LG202"} & {code for code, _ in codes(report)}
    assert {"code": "LG201", "field": "category", "reason": "no_column"} in report["files"][0]["skipped"]


def test_rows_that_close_the_form_are_not_indicators(tmp_path: Path) -> None:
    rows = [*[r[:4] for r in ROWS], ["财政部门审核意见", ""], ["填表人：张三", "联系电话：12345"]]
    path = write_csv(tmp_path / "t.csv", [*BLOCK, ["一级指标", "二级指标", "三级指标", "指标值"], *rows])
    assert len(sets(parse(path))[0]["indicators"]) == 4
