"""Build small tables in the seed-2019 layout for tests: one row per call, 14 columns."""

from __future__ import annotations

from pathlib import Path

HEADER = [
    "2020年市级部门预算项目绩效目标表",
    "",
    "单位编码\t单位名称\t资金安排\t\t\t\t\t一级指标\t明细指标\t指标值\t指标描述\t明细指标（个性）\t指标值（个性）\t指标描述（个性）",
    "\t\t总计\t一般公共预算\t政府性基金\t专户资金\t其他资金\t\t\t\t\t\t\t",
]
FIRST_ROW_LINE = len(HEADER) + 1  # the line of the first row after the header


def unit(code: str, name: str) -> str:
    return "\t".join([code, name] + [""] * 12)


def project(
    name: str, total: str = "1000.00", general: str = "1000.00", fund: str = "0", special: str = "0", other: str = "0"
) -> str:
    return "\t".join(["", name, total, general, fund, special, other] + [""] * 7)


def indicator(category: str, name: str, value: str, description: str, personal: bool = False) -> str:
    cells = ["", "", "", name, value, description] if personal else [name, value, description, "", "", ""]
    return "\t".join([""] * 7 + [category, *cells])


def good_indicators() -> list[str]:
    """Indicators that break no core rule: an output, a benefit and a satisfaction target."""
    return [
        indicator("产出指标", "培训人数", "≥100人", "参加培训的人数。"),
        indicator("效益指标", "培训合格率", "≥90%", "考核合格的学员比例。"),
        indicator("满意度指标", "学员满意度", "≥95%", "问卷调查学员的满意比例。"),
    ]


def table(*rows: str) -> str:
    return "\n".join([*HEADER, *rows]) + "\n"


def one_project(*indicator_rows: str, funding: tuple[str, ...] = ()) -> str:
    """A unit with one project holding the given indicator rows (line 7 onwards)."""
    return table(unit("101", "某局"), unit("101001", "某局本级"), project("某项目", *funding), *indicator_rows)


def write(tmp_path: Path, text: str, name: str = "table.tsv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
