"""Each core rule on a small table: it reports its defect at the right line,
and it stays quiet on the nearest good input."""

from __future__ import annotations

from pathlib import Path

import pytest
from seed_tables import FIRST_ROW_LINE, good_indicators, indicator, one_project, project, table, unit, write

from lintgoals.api import lint
from lintgoals.config import Config

# In one_project(): unit 101 (line 5), unit 101001 (6), the project (7), indicators from line 8.
PROJECT_LINE = FIRST_ROW_LINE + 2
FIRST_INDICATOR_LINE = PROJECT_LINE + 1


def findings(tmp_path: Path, text: str, **config: object) -> list[tuple[str, int]]:
    report = lint([write(tmp_path, text)], Config(**config))
    assert report.files[0].error is None
    return [(f.code, f.location.line) for f in report.findings]


def codes(tmp_path: Path, text: str) -> set[str]:
    return {code for code, _ in findings(tmp_path, text)}


def with_indicator(row: str) -> str:
    """The good project plus one more indicator row (at FIRST_INDICATOR_LINE + 3)."""
    return one_project(*good_indicators(), row)


EXTRA_LINE = FIRST_INDICATOR_LINE + 3


def test_good_project_is_quiet(tmp_path: Path) -> None:
    assert findings(tmp_path, one_project(*good_indicators())) == []


@pytest.mark.parametrize(
    ("funding", "expected"),
    [
        (("1000.00", "900.00", "0", "0", "0"), [("LG101", PROJECT_LINE)]),
        (("1000.00", "900.00", "0", "0", "100.00"), []),
        (("1000.00", "999.996", "0", "0", "0"), []),  # within the half-cent tolerance
        (("1000.00", "600.00", "200.00", "100.00", "100.00"), []),
        (("1000.00", "1000.00", "", "", ""), []),  # empty sources count as zero
        (("1000.00", "", "", "", ""), []),  # no breakdown at all: nothing to add up
    ],
)
def test_funding_sum(tmp_path: Path, funding: tuple[str, ...], expected: list) -> None:
    found = findings(tmp_path, one_project(*good_indicators(), funding=funding))
    assert [f for f in found if f[0] == "LG101"] == expected


def test_negative_amount(tmp_path: Path) -> None:
    text = one_project(*good_indicators(), funding=("800.00", "1000.00", "0", "0", "-200.00"))
    assert findings(tmp_path, text) == [("LG102", PROJECT_LINE)]


@pytest.mark.parametrize("total", ["0", "", "0.00"])
def test_no_funding(tmp_path: Path, total: str) -> None:
    text = one_project(*good_indicators(), funding=(total, "0", "0", "0", "0"))
    assert ("LG103", PROJECT_LINE) in findings(tmp_path, text)


def test_unit_code_hierarchy(tmp_path: Path) -> None:
    text = table(unit("101", "某局"), unit("102001", "别局的单位"), project("某项目"), *good_indicators())
    assert findings(tmp_path, text) == [("LG104", FIRST_ROW_LINE + 1)]


def test_units_of_a_new_department_are_fine(tmp_path: Path) -> None:
    text = table(
        unit("101", "某局"),
        unit("101001", "某局本级"),
        unit("102", "另一局"),
        unit("102001", "另一局本级"),
        project("某项目"),
        *good_indicators(),
    )
    assert findings(tmp_path, text) == []


def test_duplicate_unit_code(tmp_path: Path) -> None:
    text = table(
        unit("101", "某局"),
        unit("101001", "甲"),
        project("甲项目"),
        *good_indicators(),
        unit("101001", "乙"),
        project("乙项目"),
        *good_indicators(),
    )
    assert findings(tmp_path, text) == [("LG105", FIRST_ROW_LINE + 6)]


@pytest.mark.parametrize(("missing", "code"), [("产出指标", "LG201"), ("效益指标", "LG202")])
def test_missing_output_or_benefit(tmp_path: Path, missing: str, code: str) -> None:
    rows = [row for row in good_indicators() if missing not in row]
    assert findings(tmp_path, one_project(*rows)) == [(code, PROJECT_LINE)]


def test_cost_indicator_is_not_an_output(tmp_path: Path) -> None:
    rows = [indicator("成本指标", "人均成本", "≤500元", "每名学员的培训成本。"), *good_indicators()[1:]]
    assert findings(tmp_path, one_project(*rows)) == [("LG201", PROJECT_LINE)]


def test_missing_satisfaction(tmp_path: Path) -> None:
    assert findings(tmp_path, one_project(*good_indicators()[:2])) == [("LG203", PROJECT_LINE)]


def test_satisfaction_filed_under_benefit_counts(tmp_path: Path) -> None:
    rows = [*good_indicators()[:2], indicator("效益指标", "服务对象满意度", "≥95%", "问卷调查的满意比例。")]
    assert findings(tmp_path, one_project(*rows)) == []


def test_no_indicators_is_one_finding(tmp_path: Path) -> None:
    # Not also "no output", "no benefit", "no satisfaction": one defect, one finding.
    assert findings(tmp_path, one_project()) == [("LG204", PROJECT_LINE)]


@pytest.mark.parametrize(
    ("row", "code"),
    [
        (indicator("产出指标", "", "≥5次", "组织活动的次数。"), "LG205"),
        (indicator("产出指标", "活动次数", "", "组织活动的次数。"), "LG206"),
        (indicator("产出指标", "活动次数", "≥5次", ""), "LG207"),
        (indicator("产出指标", "", "", "", personal=True), "LG205"),
    ],
)
def test_missing_parts(tmp_path: Path, row: str, code: str) -> None:
    assert (code, EXTRA_LINE) in findings(tmp_path, with_indicator(row))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("≥94%", ["LG301"]),
        ("90%", ["LG301"]),
        ("≥95%", []),
        ("95%以上", []),
        ("不低于98%", []),
        ("满意", ["LG302"]),
        ("较满意", ["LG302"]),
        ("≥95", ["LG302"]),
    ],
)
def test_satisfaction_target(tmp_path: Path, value: str, expected: list[str]) -> None:
    rows = [*good_indicators()[:2], indicator("满意度指标", "群众满意度", value, "问卷调查的满意比例。")]
    found = findings(tmp_path, one_project(*rows))
    assert [code for code, line in found if code.startswith("LG30")] == expected


def test_satisfaction_minimum_is_a_param(tmp_path: Path) -> None:
    rows = [*good_indicators()[:2], indicator("满意度指标", "群众满意度", "≥92%", "问卷调查的满意比例。")]
    assert codes(tmp_path, one_project(*rows)) == {"LG301"}
    report = lint([tmp_path / "table.tsv"], Config(params={"satisfaction_min": 90}))
    assert report.findings == []


@pytest.mark.parametrize(
    ("value", "vague"),
    [
        ("按实际情况", True),
        ("视情况而定", True),
        ("有所提升", True),
        ("进一步完善", True),
        ("≥5次", False),
        ("符合", False),
        ("完备", False),
    ],
)
def test_vague_value(tmp_path: Path, value: str, vague: bool) -> None:
    found = findings(tmp_path, with_indicator(indicator("效益指标", "服务水平", value, "服务水平的变化。")))
    assert (("LG303", EXTRA_LINE) in found) is vague


@pytest.mark.parametrize(
    ("name", "value", "reported"),
    [
        ("培训人数", "若干", True),
        ("活动次数", "多次", True),
        ("租赁面积", "满足需要", True),
        ("服务人数", "两百人", False),  # a Chinese numeral with its measure word is a number
        ("培训人数", "两次以上", False),
        ("活动次数", "≥3次", False),
        ("服务质量", "优良", False),
    ],
)
def test_quantity_without_number(tmp_path: Path, name: str, value: str, reported: bool) -> None:
    found = findings(tmp_path, with_indicator(indicator("产出指标", name, value, "按年度统计。")))
    assert (("LG304", EXTRA_LINE) in found) is reported


@pytest.mark.parametrize(
    ("name", "value", "reported"),
    [
        ("完成率", "120%", True),
        ("完成率", "-5%", True),
        ("完成率", "100%", False),
        ("收入增长率", "150%", False),
        ("完成率", "120人", False),
    ],
)
def test_percent_out_of_range(tmp_path: Path, name: str, value: str, reported: bool) -> None:
    found = findings(tmp_path, with_indicator(indicator("产出指标", name, value, "按年度统计。")))
    assert (("LG305", EXTRA_LINE) in found) is reported


@pytest.mark.parametrize(
    ("value", "reported"),
    [
        ("20天左右", True),
        ("约50人", True),
        ("200余位", True),
        ("30多批次", True),
        ("≥20天", False),
        ("20天", False),
    ],
)
def test_approximate_value(tmp_path: Path, value: str, reported: bool) -> None:
    found = findings(tmp_path, with_indicator(indicator("产出指标", "服务量", value, "按年度统计。")))
    assert (("LG306", EXTRA_LINE) in found) is reported


@pytest.mark.parametrize(
    ("value", "reported", "inverted"),
    [
        ("3-5次", True, False),
        ("5-3次", True, True),
        ("3至5次", True, False),
        ("≥3次", False, False),
    ],
)
def test_range_value(tmp_path: Path, value: str, reported: bool, inverted: bool) -> None:
    report = lint([write(tmp_path, with_indicator(indicator("产出指标", "活动次数", value, "按年度统计。")))])
    ranges = [f for f in report.findings if f.code == "LG307"]
    assert bool(ranges) is reported
    if reported:
        assert ranges[0].location.line == EXTRA_LINE
        assert ("颠倒" in ranges[0].message) is inverted


def test_duplicate_indicator(tmp_path: Path) -> None:
    text = one_project(*good_indicators(), good_indicators()[0])
    assert findings(tmp_path, text) == [("LG401", EXTRA_LINE)]


def test_same_indicator_in_two_projects_is_fine(tmp_path: Path) -> None:
    text = table(
        unit("101", "某局"),
        unit("101001", "某局本级"),
        project("甲"),
        *good_indicators(),
        project("乙"),
        *good_indicators(),
    )
    assert findings(tmp_path, text) == []


def test_duplicate_project(tmp_path: Path) -> None:
    text = table(
        unit("101", "某局"),
        unit("101001", "某局本级"),
        project("甲"),
        *good_indicators(),
        project("甲"),
        *good_indicators(),
    )
    assert findings(tmp_path, text) == [("LG402", PROJECT_LINE + 4)]


@pytest.mark.parametrize(
    ("description", "reported"),
    [
        ("活动次数", True),
        ("活动次数。", True),
        ("≥5次", True),
        ("活动次数≥5次", True),
        ("全年组织活动的次数。", False),
    ],
)
def test_description_repeats(tmp_path: Path, description: str, reported: bool) -> None:
    found = findings(tmp_path, with_indicator(indicator("产出指标", "活动次数", "≥5次", description)))
    assert (("LG403", EXTRA_LINE) in found) is reported


@pytest.mark.parametrize(
    ("category", "value", "reported"),
    [
        ("产出指标", "≤8万元", True),
        ("产出指标", "500元", True),
        ("成本指标", "≤8万元", False),
        ("产出指标", "≥8次", False),
    ],
)
def test_money_as_output(tmp_path: Path, category: str, value: str, reported: bool) -> None:
    found = findings(tmp_path, with_indicator(indicator(category, "维修投入", value, "用于维修的投入。")))
    assert (("LG404", EXTRA_LINE) in found) is reported


def test_unknown_category(tmp_path: Path) -> None:
    found = findings(tmp_path, with_indicator(indicator("影响指标", "社会影响", "≥3篇", "媒体报道篇数。")))
    assert ("LG006", EXTRA_LINE) in found


def test_bad_amount(tmp_path: Path) -> None:
    text = one_project(*good_indicators(), funding=("1000.00", "1000.00", "0", "0", "五百"))
    assert findings(tmp_path, text) == [("LG005", PROJECT_LINE)]


def test_orphan_rows(tmp_path: Path) -> None:
    text = table(project("无主项目"), *good_indicators(), unit("101", "某局"), indicator("产出指标", "x", "1次", "y"))
    assert findings(tmp_path, text) == [("LG004", FIRST_ROW_LINE), ("LG004", FIRST_ROW_LINE + 5)]


def test_first_indicator_on_the_project_row_is_read(tmp_path: Path) -> None:
    # Tables exported from workbooks put a project's first indicator on its own row.
    first, *rest = good_indicators()
    project_with_indicator = "\t".join(project("某项目").split("\t")[:7] + first.split("\t")[7:])
    text = table(unit("101", "某局"), unit("101001", "某局本级"), project_with_indicator, *rest)
    report = lint([write(tmp_path, text)])
    assert report.findings == []
    assert report.files[0].document.indicator_count == 3


def test_shifted_row_with_extra_cells_says_what_was_not_read(tmp_path: Path) -> None:
    row = "\t".join([""] * 7 + ["产出指标", "活动次数", "≥5次", "", "多余的名称", "多余的值", "全年组织活动的次数。"])
    report = lint([write(tmp_path, with_indicator(row))])
    shifted = [f for f in report.findings if f.code == "LG003"]
    assert [(f.location.line, f.indicator) for f in shifted] == [(EXTRA_LINE, "活动次数")]
    assert "多余的值" in shifted[0].message


@pytest.mark.parametrize("nothing", ["-", "—", "／", "无"])
def test_a_dash_in_an_amount_cell_means_none(tmp_path: Path, nothing: str) -> None:
    text = one_project(*good_indicators(), funding=("1000.00", "1000.00", nothing, nothing, "0"))
    assert findings(tmp_path, text) == []
