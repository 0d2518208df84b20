"""The terminal report at 80 and 120 columns: each file named once, each finding
with its place in the table (第 45 行·指标值), lines wrapped at the terminal's
width under the message, never inside a number."""

from __future__ import annotations

import io
from itertools import pairwise

import pytest
from conftest import SAMPLE

from lintgoals.api import make_linter
from lintgoals.config import Config
from lintgoals.reporters import ReportOptions
from lintgoals.reporters.text import write_text
from lintgoals.reporters.wrapping import display_width, tokens, wrap_segments


@pytest.fixture(scope="module")
def sample_report():
    return make_linter(Config()).lint_files([SAMPLE])


def text_at(report, width: int | None) -> list[str]:
    stream = io.StringIO()
    write_text(report, stream, ReportOptions(width=width, color=False))
    return stream.getvalue().splitlines()


@pytest.mark.parametrize("width", [80, 120])
def test_no_line_is_wider_than_the_terminal(sample_report, width: int) -> None:
    lines = text_at(sample_report, width)
    assert max(display_width(line) for line in lines) <= width
    assert any(display_width(line) > width - 12 for line in lines)  # it fills the width, it does not just cut short


@pytest.mark.parametrize("width", [80, 120])
def test_a_wrapped_finding_goes_on_under_its_message(sample_report, width: int) -> None:
    lines = text_at(sample_report, width)
    first = next(i for i, line in enumerate(lines) if "LG306 第 15 行·指标值" in line)
    message_column = display_width(lines[first][: lines[first].index("第 15 行")])
    assert lines[first + 1].startswith(" " * message_column) and lines[first + 1][message_column] != " "
    # the message reads whole once the lines are joined
    joined = lines[first].strip() + "".join(line.strip() for line in lines[first + 1 : first + 3])
    assert "指标值“相当。每月每平方米200元左右。”是约数" in joined


@pytest.mark.parametrize("width", [80, 120])
def test_no_number_is_split_across_lines(sample_report, width: int) -> None:
    lines = text_at(sample_report, width)
    for line, following in pairwise(lines):
        stripped = following.lstrip()
        assert not (line[-1:].isdigit() and stripped[:1].isdigit()), (line, following)


def test_the_file_is_named_once_and_findings_by_their_place(sample_report) -> None:
    lines = text_at(sample_report, None)
    assert sum(str(SAMPLE) in line for line in lines) == 1
    assert (
        "      错误 LG302 第 45 行·二级指标（个性） 满意度目标“满意”没有百分比，无法考核（应如“≥95%”）（指标：服务对象满意度）"
        in lines
    )


def test_without_a_terminal_lines_stay_whole(sample_report) -> None:
    assert max(display_width(line) for line in text_at(sample_report, None)) > 120


def test_a_message_naming_its_indicator_does_not_name_it_again(sample_report) -> None:
    line = next(line for line in text_at(sample_report, None) if "LG404" in line)
    assert line.endswith("产出指标“费用控制”的目标是金额“日常100元/天，接待任务时不超过中央、省、市有关规定”")


def test_the_summary_gives_the_verdict_and_what_each_severity_means(sample_report) -> None:
    lines = text_at(sample_report, None)
    assert "请修改后再提交：有 1 个问题提交前必须修改（错误必须修改，警告建议修改）" in lines
    assert any(line.startswith("规则包：core；配置：无（默认）；lintgoals ") and "检查时间：" in line for line in lines)
    assert "  LG306  指标值是约数              4" in lines  # rules by their titles, not their slugs


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("第 11、12 列", ["第", " ", "11、", "12", " ", "列"]),
        ("≥95%", ["≥95%"]),
        ("（应如“≥95%”）", ["（应", "如", "“≥95%”）"]),
    ],
)
def test_break_points(text: str, pieces: list[str]) -> None:
    assert tokens(text) == pieces


def test_a_run_longer_than_a_line_is_cut() -> None:
    lines = wrap_segments([("x" * 25, "")], 10, 10)
    assert [text for line in lines for text, _ in line] == ["x" * 10, "x" * 10, "x" * 5]
