"""Regenerates the example tables in the seed-2019 layout.

    python examples/generate.py

clean-2020.tsv breaks no core rule. defects-2020.tsv holds a defect for every
core rule a table in this layout can break: the defects written out below, each
planted with the rule it is for, then one project per other rule, made from the
first of the rule's own `fires` examples in rules/core.yaml. So a new rule with
examples is planted by running this again. Where each defect sits is written to
defects-2020.planted.json, which tests/test_examples.py holds the findings to.
After a change, regenerate the golden reports too:
LINTGOALS_UPDATE_GOLDEN=1 pytest tests/test_examples.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

H1_CELLS = [
    "单位编码",
    "单位名称",
    "资金安排",
    "",
    "",
    "",
    "",
    "一级指标",
    "明细指标",
    "指标值",
    "指标描述",
    "明细指标（个性）",
    "指标值（个性）",
    "指标描述（个性）",
]
H2_CELLS = ["", "", "总计", "一般公共预算", "政府性基金", "专户资金", "其他资金"] + [""] * 7
H1 = "\t".join(H1_CELLS)
H2 = "\t".join(H2_CELLS)


def page(year: int, variant: str = "明细指标（个性）") -> list[str]:
    """A page break as text extracted from PDF has it: blank, title, blank, two header rows."""
    return ["", f"{year}年市级部门预算项目绩效目标表", "", H1.replace("明细指标（个性）", variant), H2]


def unit(code: str, name: str) -> str:
    return "\t".join([code, name] + [""] * 12)


def project(name: str, *amounts: str) -> str:
    return "\t".join(["", name, *amounts] + [""] * 7)


def common(cat: str, name: str, value: str, desc: str) -> str:
    return "\t".join([""] * 7 + [cat, name, value, desc, "", "", ""])


def personal(cat: str, name: str, value: str, desc: str) -> str:
    return "\t".join([""] * 7 + [cat, "", "", "", name, value, desc])


class Planted(str):
    """A row that holds the defect of the rule `code`; the finding may point at any of
    the `rows` rows from it (a project's rule points at the indicator it is about)."""

    code: str
    rows: int


def plant(code: str, row: str, rows: int = 1) -> Planted:
    planted = Planted(row)
    planted.code, planted.rows = code, rows
    return planted


def raw(cells: list[str]) -> str:
    return "\t".join(cells + [""] * (14 - len(cells)))


def write(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")


def clean_table() -> list[str]:
    rows = page(2020)[1:]  # the first page has no blank line above its title
    rows += [
        unit("301", "市文化广电旅游局"),
        unit("301001", "市文化广电旅游局本级"),
        project("公共文化服务设施运行维护", "1250000.00", "1000000.00", "0", "200000.00", "50000.00"),
        common("产出指标", "免费开放场馆数量", "≥12个", "全年免费向公众开放的文化场馆个数。"),
        common("产出指标", "场馆开放天数", "≥300天", "年度内各场馆对外开放的天数。"),
        common("产出指标", "设施完好率", "≥98%", "正常使用的设施设备占全部设施设备的比例。"),
        common("效益指标", "年接待群众人次", "≥50万人次", "全年各场馆接待参观群众的总人次。"),
        common("满意度指标", "群众满意度", "≥95%", "通过问卷调查统计到馆群众对服务的满意程度。"),
        project("非遗保护传承", "300000.00", "300000.00", "0", "0", "0"),
        personal("产出指标", "非遗展演活动场次", "≥20场", "全年组织非物质文化遗产展演活动的场次。"),
        personal("产出指标", "传承人培训人数", "≥150人", "参加非遗传承人培训班的人数。"),
    ]
    rows += page(2020, "二级指标（个性）")
    rows += [
        personal("效益指标", "非遗项目存续率", "100%", "列入名录的非遗项目保持传承活动的比例。"),
        personal("满意度指标", "参与群众满意度", "≥96%", "活动现场问卷调查的群众满意比例。"),
        unit("301002", "市图书馆"),
        project("图书采购", "480000.00", "480000.00", "0", "0", "0"),
        common("产出指标", "新增馆藏图书", "≥12000册", "年度内采购入藏的图书册数。"),
        common("产出指标", "图书验收合格率", "100%", "验收合格的图书占采购图书的比例。"),
        common("成本指标", "平均采购折扣", "≤75%", "采购图书码洋的平均折扣率。"),
        common("效益指标", "图书年借阅量", "≥30万册次", "全年读者借阅图书的总册次。"),
        common("满意度指标", "读者满意度", "≥95%", "读者问卷调查中满意和比较满意的比例。"),
    ]
    return rows


def defects_table() -> list[str]:
    rows = page(2020)[1:]  # the first page has no blank line above its title
    rows += [
        plant("LG004", project("无主项目", "10000.00", "10000.00", "0", "0", "0")),
        common("产出指标", "无主指标", "≥1次", "不属于任何单位的项目的指标。"),
        unit("401", "市教育局"),
        unit("401001", "市教育局本级"),
        plant("LG101", project("教师培训", "500000.00", "400000.00", "0", "0", "50000.00")),
        plant("LG306", common("产出指标", "培训教师人数", "约500人", "参加年度轮训的教师人数。")),
        plant("LG307", common("产出指标", "培训课程数", "2-4门", "开设的培训课程门数。")),
        plant("LG307", common("产出指标", "培训天数", "5-3天", "每期培训的天数。")),  # inverted
        plant("LG303", common("效益指标", "教师教学能力", "有所提升", "培训后教师教学能力的变化。")),
        plant("LG301", common("满意度指标", "参训教师满意度", "90%", "培训结束时问卷调查的满意比例。")),
        plant("LG102", project("校舍维修", "80000.00", "100000.00", "0", "0", "-20000.00")),
        plant("LG304", common("产出指标", "维修面积", "若干", "年度内维修的校舍面积。")),
        plant("LG305", common("产出指标", "维修合格率", "120%", "验收合格的维修工程比例。")),
        plant("LG404", common("产出指标", "维修资金", "≤8万元", "用于校舍维修的资金。")),
        plant("LG403", common("效益指标", "校舍安全", "达标", "达标")),
        plant("LG302", common("满意度指标", "师生满意度", "满意", "问卷调查师生对维修质量的满意度。")),
        plant("LG103", project("校园安保", "0", "0", "0", "0", "0")),
        common("产出指标", "安保人员数量", "≥20人", "学校配备的专职安保人员人数。"),
        common("效益指标", "校园安全事故", "0起", "年度内发生的校园安全责任事故起数。"),
        common("满意度指标", "家长满意度", "≥95%", "问卷调查家长对校园安全的满意比例。"),
        plant("LG201", project("学生资助", "200000.00", "200000.00", "0", "0", "0")),
        common("效益指标", "资助学生覆盖率", "100%", "符合条件的学生获得资助的比例。"),
        common("满意度指标", "受助学生满意度", "≥95%", "问卷调查受助学生的满意比例。"),
    ]
    rows += page(2020)
    rows += [
        plant("LG202", project("教材采购", "150000.00", "150000.00", "0", "0", "0")),
        personal("产出指标", "采购教材册数", "≥30000册", "年度采购的教材册数。"),
        personal("产出指标", "教材到位及时率", "100%", "开学前教材到位的比例。"),
        personal("满意度指标", "学生满意度", "≥95%", "问卷调查学生对教材的满意比例。"),
        plant("LG203", project("信息化建设", "300000.00", "300000.00", "0", "0", "0")),
        common("产出指标", "新建智慧教室数量", "≥10间", "年度内建成的智慧教室间数。"),
        common("效益指标", "信息化教学覆盖率", "≥80%", "使用信息化手段教学的课时比例。"),
        plant("LG204", project("教研活动", "60000.00", "60000.00", "0", "0", "0")),
        plant("LG402", project("教研活动", "40000.00", "40000.00", "0", "0", "0")),
        plant("LG205", common("产出指标", "", "≥12次", "全年组织的教研活动次数。")),
        plant("LG206", common("产出指标", "教研成果数量", "", "形成的教研成果篇数。")),
        plant("LG207", common("效益指标", "教研参与率", "≥90%", "")),
        plant("LG401", common("效益指标", "教研参与率", "≥90%", "参加教研活动的教师比例。")),
        plant("LG006", common("影响指标", "社会影响", "≥3篇", "媒体报道篇数。")),
        common("满意度指标", "教师满意度", "≥95%", "问卷调查教师的满意比例。"),
        plant("LG003", raw([""] * 7 + ["产出指标", "教研课题数", "≥5项", "", "", "", "立项的教研课题数。"])),
        plant("LG104", unit("402005", "市实验中学")),
        plant("LG005", project("实验室建设", "90000.00", "90000.00", "0", "0", "五万")),
        common("产出指标", "新建实验室数量", "≥2间", "年度内建成的实验室间数。"),
        common("效益指标", "实验开出率", "≥95%", "按课程标准开出的实验比例。"),
        common("满意度指标", "学生满意度", "≥95%", "问卷调查学生对实验教学的满意比例。"),
        plant("LG105", unit("401001", "市教育局本级（重复）")),
        project("后勤保障", "30000.00", "30000.00", "0", "0", "0"),
        common("产出指标", "保障食堂数量", "≥2个", "提供后勤保障的食堂个数。"),
        common("效益指标", "后勤保障率", "100%", "后勤需求得到保障的比例。"),
        common("满意度指标", "就餐师生满意度", "≥95%", "问卷调查就餐师生的满意比例。"),
    ]
    return rows + rule_example_rows({row.code for row in rows if isinstance(row, Planted)})


# What a project planted from a rule's example needs besides it, to break no other rule.
CLEAN_FUNDING = ("10000.00", "10000.00", "0", "0", "0")
CLEAN_INDICATORS = {
    "产出指标": ("完成工作任务数", "≥3项", "年度内完成的工作任务项数。"),
    "效益指标": ("服务对象覆盖率", "≥90%", "得到服务的对象占应服务对象的比例。"),
    "满意度指标": ("服务对象满意度", "≥95%", "问卷调查服务对象的满意比例。"),
}


def rule_example_rows(planted: set[str]) -> list[str]:
    """A unit of projects, one per core rule not planted above whose first `fires`
    example this layout can hold, each with its example and what makes the rest clean."""
    rows: list[str] = [unit("401002", "市教育局规则示例")]
    for code, target, example in rule_examples(planted):
        rows += example_project(code, target, example)
    return rows if len(rows) > 1 else []


def rule_examples(planted: set[str]) -> list[tuple[str, str, dict[str, Any]]]:
    from lintgoals.rules import load_ruleset

    fields = table_fields()
    found = []
    for rule in load_ruleset(["core"]).rules:
        fires = rule.examples.get("fires") or []
        if rule.code in planted or not fires or rule.target not in ("indicator", "project"):
            continue
        if all(needs & fields for needs in rule.requires) and fields_named(fires[0]) <= fields:
            found.append((rule.code, rule.target, fires[0]))
    return found


def table_fields() -> frozenset[str]:
    """The optional fields (TABLE_FIELDS) a table in this layout has, as lintgoals reads
    the clean one: a seed-2019 table has no 计量单位, 权重, 指标性质 or 指标方向 column."""
    import tempfile

    from lintgoals.api import make_linter
    from lintgoals.config import Config

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "clean.tsv"
        write(path, clean_table())
        document = make_linter(Config()).lint_files([path], keep_documents=True).files[0].document
    assert document is not None
    return frozenset(document.fields)


def fields_named(example: dict[str, Any]) -> set[str]:
    """The optional fields an example's indicators fill in."""
    from lintgoals.model import TABLE_FIELDS

    return {key for indicator in example.get("indicators", [example]) for key in indicator if key in TABLE_FIELDS}


def example_project(code: str, target: str, example: dict[str, Any]) -> list[str]:
    indicators = example.get("indicators") or [example] if target == "project" else [example]
    rows = [project(f"规则示例{code}", *CLEAN_FUNDING)]
    categories = [indicator.get("category", "产出指标") for indicator in indicators]
    for category, indicator in zip(categories, indicators, strict=True):
        name = str(indicator.get("name", ""))
        description = indicator.get("description", f"按年度计划考核“{name}”的完成情况。")
        row = common(category, name, str(indicator.get("value", "")), description)
        rows.append(plant(code, row) if target == "indicator" else row)
    rows += [
        common(category, *CLEAN_INDICATORS[category]) for category in CLEAN_INDICATORS if category not in categories
    ]
    if target == "project":
        rows[0] = plant(code, rows[0], len(rows))
    return rows


def planted_lines(rows: list[str]) -> dict[str, list[list[int]]]:
    """Each rule's defects as the first and last line a finding about it may point at."""
    lines: dict[str, list[list[int]]] = {}
    for number, row in enumerate(rows, 1):
        if isinstance(row, Planted):
            lines.setdefault(row.code, []).append([number, number + row.rows - 1])
    return dict(sorted(lines.items()))


def main() -> None:
    write(HERE / "clean-2020.tsv", clean_table())
    defects = defects_table()
    write(HERE / "defects-2020.tsv", defects)
    (HERE / "defects-2020.planted.json").write_text(
        json.dumps(planted_lines(defects)).replace("]], ", "]],\n ") + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
