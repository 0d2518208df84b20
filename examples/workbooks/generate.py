"""Regenerates the example workbooks.

    pip install ".[examples]" && python examples/workbooks/generate.py

- seed-2019.xlsx: the clean seed-layout table (examples/clean-2020.tsv) as a
  workbook: merged header cells, amounts typed as numbers, one as text.
- three-level.xlsx: the national template (项目支出绩效目标申报表), one project per
  sheet, 一级 and 二级 merged down; clean under `extends: [core, mof-2021]`.
- three-level-defects.xlsx: the same template with one defect for each LG5xx rule,
  each marked below with the rule it plants.
- three-level.xls and three-level.ods: a three-level table in the older Excel
  format and in OpenDocument.

After a change, regenerate the golden reports too:
LINTGOALS_UPDATE_GOLDEN=1 pytest tests/test_workbooks.py
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from generate import clean_table

HEADER = [
    "绩效指标",
    "一级指标",
    "二级指标",
    "三级指标",
    "指标性质",
    "指标值",
    "计量单位",
    "权重",
    "指标方向性",
    "指标解释",
]
Indicator = tuple[str, str, str, str, str, str, int | str, str, str]


@dataclass(slots=True)
class ThreeLevelProject:
    """One sheet of the national template: the project block, then the indicators."""

    sheet: str
    name: str
    department: str
    implementer: str
    total: float
    general_budget: float
    other: float
    indicators: list[Indicator] = field(default_factory=list)

    def rows(self) -> list[list[object]]:
        rows: list[list[object]] = [
            ["项目支出绩效目标申报表"],
            ["（2021年度）"],
            ["项目名称", self.name],
            ["主管部门及代码", self.department, "", "", "实施单位", self.implementer],
            ["项目资金（万元）", "年度资金总额", self.total],
            ["", "其中：财政拨款", self.general_budget],
            ["", "其他资金", self.other],
            ["年度绩效目标", f"完成{self.name}年度任务，服务质量稳步达标。"],
            HEADER,
        ]
        previous = ("", "")
        for level1, level2, *rest in self.indicators:
            # Merged cells keep their text in the first row only, as a workbook stores them.
            shown1 = level1 if level1 != previous[0] else ""
            shown2 = level2 if (level1, level2) != previous else ""
            rows.append(["", shown1, shown2, *rest])
            previous = (level1, level2)
        return rows

    def merges(self) -> list[tuple[int, int, int, int]]:
        """(first row, first column, last row, last column), 1-based, of the merged 一级 and 二级 cells."""
        first_data = 10
        merges = [
            (1, 1, 1, 10),
            (2, 1, 2, 10),
            (3, 2, 3, 10),
            (5, 1, 7, 1),
            (8, 2, 8, 10),
            (9, 1, 9 + len(self.indicators), 1),
        ]
        for column, key_length in ((2, 1), (3, 2)):
            start = 0
            for index in range(1, len(self.indicators) + 1):
                key = self.indicators[start][:key_length]
                if index == len(self.indicators) or self.indicators[index][:key_length] != key:
                    if index - start > 1:
                        merges.append((first_data + start, column, first_data + index - 1, column))
                    start = index
        return merges


def roads() -> ThreeLevelProject:
    return ThreeLevelProject(
        "道路养护",
        "城市道路养护",
        "[501]市住房和城乡建设局",
        "501001 市政设施管理中心",
        120,
        100,
        20,
        [
            ("产出指标", "数量指标", "养护道路里程", "≥", "120", "公里", 20, "正向", "年度内完成日常养护的道路里程。"),
            ("产出指标", "数量指标", "维修路面面积", "≥", "5", "万平方米", 10, "正向", "年度内维修的破损路面面积。"),
            ("产出指标", "质量指标", "养护工程验收合格率", "≥", "98", "%", 10, "正向", "验收合格的养护工程占比。"),
            ("产出指标", "时效指标", "病害处置及时率", "≥", "95", "%", 10, "正向", "规定时限内处置的道路病害占比。"),
            ("产出指标", "成本指标", "每公里养护成本", "≤", "1", "万元", 10, "反向", "养护资金除以养护里程。"),
            ("效益指标", "社会效益指标", "道路完好率", "≥", "95", "%", 15, "正向", "技术状况良好的道路里程占比。"),
            (
                "效益指标",
                "可持续影响指标",
                "道路使用寿命延长",
                "≥",
                "2",
                "年",
                10,
                "正向",
                "预防性养护延长的使用年限。",
            ),
            (
                "满意度指标",
                "服务对象满意度指标",
                "市民满意度",
                "≥",
                "95",
                "%",
                15,
                "正向",
                "问卷调查市民对道路状况的满意比例。",
            ),
        ],
    )


def elderly_care() -> ThreeLevelProject:
    return ThreeLevelProject(
        "社区养老",
        "社区居家养老服务",
        "[502]市民政局",
        "502003 市养老服务指导中心",
        80,
        80,
        0,
        [
            ("产出指标", "数量指标", "服务老年人数", "≥", "3000", "人", 20, "正向", "年度内接受上门服务的老年人数。"),
            ("产出指标", "质量指标", "服务质量抽查合格率", "≥", "95", "%", 20, "正向", "抽查合格的服务次数占比。"),
            ("产出指标", "时效指标", "服务响应时间", "≤", "24", "小时", 10, "反向", "接到需求到上门服务的时间。"),
            (
                "效益指标",
                "社会效益指标",
                "居家养老服务覆盖率",
                "≥",
                "60",
                "%",
                20,
                "正向",
                "享受服务的社区占全部社区的比例。",
            ),
            ("成本指标", "经济成本指标", "人均服务成本", "≤", "260", "元", 10, "反向", "服务资金除以服务人数。"),
            (
                "满意度指标",
                "服务对象满意度指标",
                "老年人满意度",
                "≥",
                "95",
                "%",
                20,
                "正向",
                "问卷调查服务对象的满意比例。",
            ),
        ],
    )


def defects() -> list[ThreeLevelProject]:
    lighting = ThreeLevelProject(
        "路灯维护",
        "城市路灯维护",
        "[501]市住房和城乡建设局",
        "501001 市政设施管理中心",
        60,
        60,
        0,
        [
            ("产出指标", "数量指标", "维护路灯数量", "≥", "8000", "盏", 20, "正向", "年度内维护的路灯盏数。"),
            (
                "产出指标",
                "数量指标",
                "数量指标",
                "≥",
                "100",
                "个",
                10,
                "正向",
                "二级指标名当作三级指标名。",
            ),  # LG502 as_name
            ("产出指标", "质量指标", "亮灯率", "定性", "≥98", "%", 10, "正向", "正常亮灯的路灯占比。"),  # LG504
            ("产出指标", "时效指标", "故障修复投入", "≤", "95", "%", 10, "反向", "故障修复投入的资金。"),  # LG506
            ("产出指标", "成本指标", "单灯维护成本", "≤", "75", "", 10, "反向", "维护资金除以路灯数。"),  # LG505
            (
                "效益指标",
                "质量指标",
                "夜间出行安全",
                "≥",
                "良好",
                "",
                10,
                "正向",
                "夜间道路照明保障出行安全。",
            ),  # LG502, LG504
            (
                "效益指标",
                "社会效益指标",
                "交通事故下降率",
                "≥",
                "5",
                "%",
                10,
                "反向",
                "夜间交通事故同比下降的比例。",
            ),  # LG507
            ("满意度指标", "服务对象满意度指标", "市民满意度", "≥", "95", "%", 10, "正向", "问卷调查市民的满意比例。"),
        ],
    )  # weights add up to 90: LG503
    parks = ThreeLevelProject(
        "公园管护",
        "城市公园管护",
        "[501]市住房和城乡建设局",
        "501002 市园林绿化中心",
        45,
        45,
        0,
        [
            ("产出指标", "数量指标", "管护公园面积", "≥", "120", "万平方米", 30, "正向", "年度内管护的公园面积。"),
            ("产出指标", "时效指标", "", "", "", "", "", "", ""),  # LG508: an empty 二级
            ("效益指标", "社会效益指标", "公园绿地完好率", "≥", "95", "%", 40, "正向", "完好的绿地面积占比。"),
            ("效益指标", "社会效益指标", "游客满意度", "≥", "95", "%", 30, "正向", "问卷调查游客的满意比例。"),  # LG501
        ],
    )
    return [lighting, parks]


def write_xlsx(path: Path, projects: list[ThreeLevelProject], notes: bool = False) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    if notes:  # a sheet without a table is skipped
        workbook.create_sheet("填报说明").append(["请按模板逐项填写，权重合计为100。"])
    for project in projects:
        sheet = workbook.create_sheet(project.sheet)
        for row in project.rows():
            sheet.append(row)
        for first_row, first_column, last_row, last_column in project.merges():
            sheet.merge_cells(start_row=first_row, start_column=first_column, end_row=last_row, end_column=last_column)
    workbook.save(path)


def write_seed_xlsx(path: Path) -> None:
    """The clean seed table with typed amounts; its header merged as in the published workbook."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "绩效目标表"
    for text_row in clean_table():
        cells: list[object] = text_row.split("\t")
        sheet.append([typed(cell, column) for column, cell in enumerate(cells, start=1)])
    sheet.merge_cells("A1:N1")
    for column in "ABHIJKLMN":  # the header cells that span both header rows
        sheet.merge_cells(f"{column}3:{column}4")
    sheet.merge_cells("C3:G3")  # 资金安排 over 总计 … 其他资金
    sheet["C7"] = "1250000.00"  # an amount typed as text reads the same as a number
    sheet["C13"] = "=SUM(D13:G13)"  # a total computed by a formula is read by its cached value
    workbook.save(path)
    cache_formula_value(path, "SUM(D13:G13)", "300000")


def cache_formula_value(path: Path, formula: str, value: str) -> None:
    """Store the value Excel would have cached for a formula (openpyxl writes none)."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    members[sheet] = members[sheet].replace(
        f"<f>{formula}</f><v />".encode(), f"<f>{formula}</f><v>{value}</v>".encode()
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def typed(cell: str, column: int) -> object:
    """Amounts (columns C–G) as numbers, as a department types them."""
    if 3 <= column <= 7 and cell.replace(".", "", 1).lstrip("-").isdigit():
        return float(cell)
    return cell


def write_xls(path: Path, project: ThreeLevelProject) -> None:
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet(project.sheet)
    for row_index, row in enumerate(project.rows()):
        for column_index, value in enumerate(row):
            if value != "":
                sheet.write(row_index, column_index, value)
    workbook.save(str(path))


def write_ods(path: Path, project: ThreeLevelProject) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name=project.sheet)
    for row in project.rows():
        table_row = TableRow()
        for value in row:
            if isinstance(value, (int, float)):
                cell = TableCell(valuetype="float", value=value)
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            table_row.addElement(cell)
        table.addElement(table_row)
    document.spreadsheet.addElement(table)
    document.save(str(path))


def main() -> None:
    write_seed_xlsx(HERE / "seed-2019.xlsx")
    write_xlsx(HERE / "three-level.xlsx", [roads(), elderly_care()], notes=True)
    write_xlsx(HERE / "three-level-defects.xlsx", defects())
    write_xls(HERE / "three-level.xls", elderly_care())
    write_ods(HERE / "three-level.ods", roads())


if __name__ == "__main__":
    main()
