"""Large tables for the benchmarks: the seed-2019 layout as text extracted from
PDF (page headers every ~40 lines) and as a workbook, seeded so runs repeat.

    python benchmarks/generate.py --lines 100000 --out /tmp/big.tsv
    python benchmarks/generate.py --lines 100000 --out /tmp/big.xlsx
    python benchmarks/generate.py --units 500 --projects 4 --indicators 10 --out /tmp/shaped.tsv

By default a unit has 2–5 projects of 5–8 indicators, drawn at random; --projects
and --indicators fix them, --units gives the number of units instead of --lines,
--seed draws another table of the same shape.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

TITLE = "2020年市级部门预算项目绩效目标表"
# The seed layout's two header rows, as the example tables have them.
_SPEC = importlib.util.spec_from_file_location(
    "example_tables", Path(__file__).resolve().parents[1] / "examples" / "generate.py"
)
assert _SPEC is not None and _SPEC.loader is not None
EXAMPLE_TABLES = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(EXAMPLE_TABLES)
HEADER, FUNDING_HEADER = EXAMPLE_TABLES.H1_CELLS, EXAMPLE_TABLES.H2_CELLS
PAGE_LINES = 40
# (一级, name, values to draw from, description): the kinds of indicators real tables hold,
# with the good and the bad values departments write.
INDICATORS = [
    ("产出指标", "培训人数", ["≥200人", "200人", "200人左右", "按实际"], "参加培训的人数。"),
    ("产出指标", "活动次数", ["≥12次", "3-5次", "两次以上", "若干"], "全年组织活动的次数。"),
    ("产出指标", "设施完好率", ["≥98%", "100%", "120%", "较好"], "正常使用的设施占比。"),
    ("产出指标", "完成时间", ["2020年12月底前", "按计划", "及时"], "任务完成的时间。"),
    ("产出指标", "租赁面积", ["260平方米", "300-500平方米", "满足需要"], "租赁的办公用房面积。"),
    ("效益指标", "服务覆盖率", ["≥90%", "有所提升", "进一步提高"], "服务覆盖的人群比例。"),
    ("效益指标", "社会影响", ["显著提升", "扩大城市影响力", "良好"], "对社会的影响。"),
    ("满意度指标", "服务对象满意度", ["≥95%", "95%以上", "90%", "满意"], "问卷调查服务对象的满意比例。"),
]


@dataclass(slots=True, frozen=True)
class Shape:
    lines: int | None = None  # stop at about this many lines …
    units: int | None = None  # … or after this many units
    projects: int | None = None  # per unit; None: 2–5 at random
    indicators: int | None = None  # per project; None: 5–8 at random
    seed: int = 2020


def table_rows(shape: Shape) -> Iterator[list[str]]:
    """The table's rows, a page header every PAGE_LINES lines (in the middle of a
    project, as PDF pages break)."""
    for index, row in enumerate(body_rows(shape)):
        if shape.lines is not None and index * (PAGE_LINES + 4) // PAGE_LINES >= shape.lines:
            return
        if index % PAGE_LINES == 0:
            yield from ([TITLE] + [""] * 13, [""] * 14, HEADER, FUNDING_HEADER)
        yield row


def body_rows(shape: Shape) -> Iterator[list[str]]:
    """Units of projects of indicators, endlessly unless the shape counts the units."""
    chance = random.Random(shape.seed)
    unit = 0
    while shape.units is None or unit < shape.units:
        unit += 1
        yield [f"{100 + unit // 1000:03d}{unit % 1000:03d}", f"第{unit}预算单位"] + [""] * 12
        for project in range(shape.projects or chance.randint(2, 5)):
            total = chance.randint(10, 900) * 1000
            general = total - chance.choice([0, 0, 0, 1000])  # now and then a sum that is off
            yield ["", f"项目{unit}-{project}", f"{total}.00", f"{general}.00", "0", "0", "0"] + [""] * 7
            count = shape.indicators or chance.randint(5, 8)
            # Each kind at most once, unless a project has more indicators than there are kinds.
            kinds = (
                chance.sample(INDICATORS, count) if count <= len(INDICATORS) else chance.choices(INDICATORS, k=count)
            )
            for category, name, values, description in kinds:
                cells = [name, chance.choice(values), description]
                triple = cells + ["", "", ""] if chance.random() < 0.5 else ["", "", ""] + cells
                yield [""] * 7 + [category] + triple


def write_text(path: Path, shape: Shape) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as stream:
        for row in table_rows(shape):
            stream.write("\t".join(row) + "\n")


def write_workbook(path: Path, shape: Shape) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("绩效目标表")
    for row in table_rows(shape):
        sheet.append(
            [
                float(cell) if index in range(2, 7) and cell.replace(".", "", 1).isdigit() else cell
                for index, cell in enumerate(row)
            ]
        )
    workbook.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--lines", type=int, help="about this many lines (the default: 100,000)")
    size.add_argument("--units", type=int, help="this many units instead")
    parser.add_argument("--projects", type=int, help="projects per unit (default: 2-5 at random)")
    parser.add_argument("--indicators", type=int, help="indicators per project (default: 5-8 at random)")
    parser.add_argument("--seed", type=int, default=2020, help="another seed, another table of the same shape")
    parser.add_argument("--out", type=Path, required=True, help=".tsv or .xlsx")
    arguments = parser.parse_args()
    lines = arguments.lines if arguments.lines or arguments.units else 100_000
    shape = Shape(lines, arguments.units, arguments.projects, arguments.indicators, arguments.seed)
    writer = write_workbook if arguments.out.suffix == ".xlsx" else write_text
    writer(arguments.out, shape)


if __name__ == "__main__":
    main()
