"""Layout detection and the three-level structure on tables written as text:
row-wise units and projects, a header split over two rows, regional names."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from conftest import parse_model as parse
from conftest import write_csv

from lintgoals.cli import main


def findings(path: Path, *options: str) -> list[tuple[str, int]]:
    result = CliRunner().invoke(main, ["check", str(path), "-f", "json", *options])
    assert result.exit_code in (0, 1), result.output
    return [(f["code"], f["line"]) for f in json.loads(result.stdout)["findings"]]


ROWWISE = [
    ["单位名称", "项目名称", "预算数", "一级指标", "二级指标", "三级指标", "指标值（包含数字及文字描述）", "指标解释"],
    [
        "104001 市体育局本级",
        "全民健身赛事",
        "50",
        "产出指标",
        "数量指标",
        "举办赛事场次",
        "≥12场",
        "全年举办的赛事场次。",
    ],
    ["", "", "", "效益指标", "社会效益指标", "参赛人次", "≥5000人次", "参加赛事的群众人次。"],
    ["", "", "", "满意度指标", "服务对象满意度指标", "参赛群众满意度", "≥95%", "问卷调查参赛群众的满意比例。"],
    ["", "体育场馆开放", "30", "产出指标", "时效指标", "场馆开放天数", "≥300天", "全年免费开放的天数。"],
    ["", "", "", "满意度指标", "服务对象满意度指标", "健身群众满意度", "≥95%", "问卷调查健身群众的满意比例。"],
    [
        "104002 市体育运动学校",
        "青少年训练",
        "20",
        "产出指标",
        "数量指标",
        "在训运动员人数",
        "≥200人",
        "在训的运动员人数。",
    ],
    ["", "", "", "效益指标", "社会效益指标", "省运会获奖数", "≥10枚", "省运会获得的奖牌数。"],
    ["", "", "", "满意度指标", "服务对象满意度指标", "学员满意度", "≥95%", "问卷调查学员的满意比例。"],
]


def test_rowwise_units_and_projects(tmp_path: Path) -> None:
    document = parse(write_csv(tmp_path / "rowwise.csv", ROWWISE))
    assert document["layout"] == "three-level"
    shape = {
        (u["code"], u["name"]): {
            p["name"]: (p["funding"]["total"]["value"], len(p["indicators"])) for p in u["projects"]
        }
        for u in document["units"]
    }
    assert shape == {
        ("104001", "市体育局本级"): {"全民健身赛事": ("50.00", 3), "体育场馆开放": ("30.00", 2)},
        ("104002", "市体育运动学校"): {"青少年训练": ("20.00", 3)},
    }


def test_rowwise_findings_point_at_their_project(tmp_path: Path) -> None:
    # 体育场馆开放 (line 5) has no benefit indicator.
    assert findings(write_csv(tmp_path / "rowwise.csv", ROWWISE)) == [("LG202", 5)]


def test_header_over_two_rows_and_regional_names(tmp_path: Path) -> None:
    rows = [
        ["项目名称", "乡村道路建设"],
        ["年度资金总额", "200", "", "其中：财政拨款", "200"],
        ["绩效指标", "", "", "指标值"],
        ["一级指标", "二级指标", "三级指标", ""],
        ["预期产出指标", "数量指标(或建筑规模指标)", "新建道路里程", "≥15公里"],
        ["", "时效指标(工期指标)", "完工时间", "2021年11月底前"],
        ["", "预算(或投资规模)控制指标", "每公里造价", "≤13万元"],
        ["效果指标", "社会效益指标", "通达行政村数量", "≥6个"],
        ["社会公众或服务对象满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%"],
    ]
    document = parse(write_csv(tmp_path / "regional.csv", rows))
    project = document["units"][0]["projects"][0]
    assert project["name"] == "乡村道路建设"
    assert [(i["category"], i["subcategory"]) for i in project["indicators"]] == [
        ("output", "数量指标"),
        ("output", "时效指标"),
        ("output", "成本指标"),
        ("benefit", "社会效益指标"),
        ("satisfaction", "服务对象满意度指标"),
    ]
    assert project["funding"]["general_budget"]["value"] == "200.00"
    codes = [code for code, _ in findings(tmp_path / "regional.csv", "--rules", "core", "--rules", "mof-2021")]
    assert "LG301" in codes and "LG502" not in codes and "LG501" not in codes


def test_a_table_matching_no_layout_names_its_headers(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "plain.csv", [["序号", "项目", "金额"], ["1", "办公", "300"]])
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2 and "序号、项目、金额" in result.stderr


def test_seed_table_with_a_project_column_of_its_own(tmp_path: Path) -> None:
    header = [
        "单位编码",
        "单位名称",
        "项目名称",
        "总计",
        "一般公共预算",
        "政府性基金",
        "专户资金",
        "其他资金",
        "一级指标",
        "明细指标",
        "指标值",
        "指标描述",
    ]
    rows = [
        header,
        ["105001", "市水利局本级", "", "", "", "", "", "", "", "", "", ""],
        ["", "", "河道保洁", "30000", "30000", "0", "0", "0", "", "", "", ""],
        ["", "", "", "", "", "", "", "", "产出指标", "保洁河道长度", "≥50公里", "年度保洁的河道长度。"],
        ["", "", "", "", "", "", "", "", "效益指标", "河道水质达标率", "≥90%", "水质达标的断面比例。"],
        ["", "", "", "", "", "", "", "", "满意度指标", "沿河群众满意度", "≥95%", "问卷调查的满意比例。"],
    ]
    path = write_csv(tmp_path / "project-column.csv", rows)
    document = parse(path)
    assert document["layout"] == "seed-2019"
    unit = document["units"][0]
    assert (unit["code"], unit["name"]) == ("105001", "市水利局本级")
    assert [(p["name"], p["location"]["column"], len(p["indicators"])) for p in unit["projects"]] == [
        ("河道保洁", 3, 3)
    ]
    assert findings(path) == []
