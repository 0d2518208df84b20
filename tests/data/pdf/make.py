"""Makes the PDF fixtures of tests/test_pdf.py, and what each should read as.

    .venv/bin/python tests/data/pdf/make.py          # needs LibreOffice (soffice) and poppler (pdftoppm)

Each table is written as a styled workbook the way departments export theirs:
A4 landscape, one page wide (a scale chosen to fit the width), thin borders,
text wrapped in its cells, row heights set from the text (LibreOffice does not
size rows from wrapped text in an .xlsx), the title and header rows repeated
where the table has them, and page breaks set where the fixture wants its pages
to end. LibreOffice headless turns it into the PDF.

Beside each NAME.pdf, NAME.json holds the cells the reader must find, each with
its page, its row counted from the top of that page (the rows a person sees:
repeated header rows count, blank space does not) and its 1-based column (null
for a title, which sits wherever its centring puts it): every filled cell of the
source, a merged cell's text at its first cell, the header once (the copies at
the top of later pages are dropped). Cells whose text a fixture leaves unwrapped
are listed under "unwrapped": the PDF may show only part of them.

- seed.pdf: the published Shaoxing table (examples/shaoxing-2019-beijing-office.tsv),
  six pages with the title and header at the top of each, as the text was
  extracted from (column 12's header reads 二级指标 on some pages).
- seed-unwrapped.pdf: the same with 指标值 and 指标描述 not wrapped: long values are
  cut off by the filled description beside them, descriptions spill over the
  empty （个性） columns.
- three-level.pdf: a project table of the national template whose 一级 and 二级
  cells are merged down over several pages (the header repeated as print titles).
- borderless.pdf: the seed's first page without any border.
- shaded.pdf: the three-level table with shaded header and 一级 cells (filled
  rectangles behind the text, which are no borders).
- scanned.pdf: the seed's first page as an image only (pdftoppm, then pypdfium2).
- scanned-ocr.pdf: the same image under an invisible text layer (render mode 3), as OCR leaves it.
- encrypted.pdf: a PDF with a user password (written by hand: pdfium cannot encrypt).
- seed-browser.pdf: the seed as a web page's table printed by Chromium (as budget
  systems print their reports): no merged cells, the header repeated by the browser,
  codes and amounts wrapped inside narrow cells (2390|01, 63158|0.00), and rows split
  across the page break, part at the foot of one page with no line under it and the
  rest under the header of the next. Needs Python's playwright and Debian's chromium.
- seed-browser-no-header.pdf: the same with the header on the first page only, so that
  the rest of a split row opens the next page, under no line.
- corpus-*.pdf: tables of the real-table corpus (tests/corpus/NAME.xlsx) exported as a
  department would (`exported`: borders, wrapping, one page wide); what each must read
  as is its workbook. merged-over-pages: 一级 and its label merged down over a page
  break, their text drawn on the second page, where LibreOffice draws no borders for
  them; list-in-cell: 资金总额: 250 / 一、预算资金:250 / 二、… on lines of one cell.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from unicodedata import east_asian_width

HERE = Path(__file__).resolve().parent
CORPUS_FIXTURES = {
    "corpus-merged-over-pages": "hunan-changde-lixian_2021_shiyongjunyanjiusuo",
    "corpus-list-in-cell": "hunan-xiangtan_2024_wupaoche",
}
ROOT = HERE.parents[2]
SEED = ROOT / "examples" / "shaoxing-2019-beijing-office.tsv"
FONT = "Noto Sans CJK SC"
FONT_SIZE = 10
LINE_HEIGHT = 14.0  # points: a line of the font above, with LibreOffice's leading
PAGE_WIDTH_CHARS = 265.0  # Excel width units that fit a landscape A4 page at 100%, margins aside


@dataclass(slots=True)
class Workbook:
    """One sheet of a table as the fixture lays it out; rows and columns 1-based."""

    name: str
    rows: list[list[str]]
    widths: list[float]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # first row, col, last row, col
    ruled: set[int] = field(default_factory=set)  # rows with borders
    titles: set[int] = field(default_factory=set)  # rows of the title (bold, larger, centred over the table)
    breaks: list[int] = field(default_factory=list)  # a page ends after each of these rows
    unwrapped: set[int] = field(default_factory=set)  # columns whose text is not wrapped
    print_titles: tuple[int, int] | None = None  # rows repeated at the top of every page
    repeated: set[int] = field(default_factory=set)  # rows that repeat the header in the sheet itself
    shaded: set[tuple[int, int]] = field(default_factory=set)  # cells filled grey
    borders: bool = True

    @property
    def columns(self) -> int:
        return max(len(row) for row in self.rows)

    def text(self, row: int, column: int) -> str:
        cells = self.rows[row - 1]
        return cells[column - 1] if column <= len(cells) else ""


def width_units(text: str) -> float:
    """A text's width in Excel's width units (a digit of the default font is one)."""
    return sum(2.0 if east_asian_width(char) in "WF" else 1.1 for char in text)


def lines_needed(book: Workbook, row: int) -> int:
    merged_away = {
        (r, c) for r0, c0, r1, c1 in book.merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if r1 > r0
    }
    lines = 1
    for column in range(1, book.columns + 1):
        text = book.text(row, column)
        if not text or column in book.unwrapped or (row, column) in merged_away or row in book.titles:
            continue
        span = next((c1 for r0, c0, r1, c1 in book.merges if r0 == r1 == row and c0 == column), column)
        capacity = sum(book.widths[c - 1] for c in range(column, span + 1)) - 1.5
        lines = max(lines, math.ceil(width_units(text) / capacity))
    return lines


def write_xlsx(book: Workbook, path: Path) -> None:
    from openpyxl import Workbook as OpenWorkbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break, RowBreak

    workbook = OpenWorkbook()
    sheet = workbook.active
    sheet.title = "绩效目标表"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    grey = PatternFill("solid", fgColor="D9D9D9")
    for index, width in enumerate(book.widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in range(1, len(book.rows) + 1):
        title = row in book.titles
        for column in range(1, book.columns + 1):
            cell = sheet.cell(row, column)
            text = book.text(row, column)
            if text:
                cell.value = text
            cell.font = Font(name=FONT, size=FONT_SIZE + (4 if title else 0), bold=title)
            cell.alignment = Alignment(
                wrap_text=column not in book.unwrapped and not title,
                vertical="center",
                horizontal="center" if title else None,
            )
            if book.borders and row in book.ruled:
                cell.border = border
            if (row, column) in book.shaded:
                cell.fill = grey
        if title:
            sheet.row_dimensions[row].height = 24
        elif any(book.rows[row - 1]) or row in book.ruled:
            sheet.row_dimensions[row].height = lines_needed(book, row) * LINE_HEIGHT + 4
        else:
            sheet.row_dimensions[row].height = 8
    for first_row, first_column, last_row, last_column in book.merges:
        sheet.merge_cells(start_row=first_row, start_column=first_column, end_row=last_row, end_column=last_column)
    setup = sheet.page_setup
    setup.orientation, setup.paperSize = "landscape", 9
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # one page wide, as many pages down as it takes
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    if book.print_titles:
        sheet.print_title_rows = f"{book.print_titles[0]}:{book.print_titles[1]}"
    sheet.row_breaks = RowBreak()
    for row in book.breaks:
        sheet.row_breaks.append(Break(id=row))
    workbook.save(path)


MAX_COLUMN_WIDTH = 30.0  # Excel width units: a wider text wraps


def cell_lines(value: object, width: float) -> int:
    """The lines a cell's text takes when wrapped at `width` (each line break starts one)."""
    return sum(max(1, math.ceil(width_units(part) / max(width - 2, 1))) for part in str(value).split("\n"))


def exported(source: Path, target: Path) -> None:
    """A workbook (of the corpus) as a department exports it: thin borders, wrapped text,
    rows as tall as their text, one page wide, A4 landscape."""
    from openpyxl import load_workbook
    from openpyxl.styles import Alignment, Border, Side

    thin = Side(style="thin")
    book = load_workbook(source)
    for sheet in book.worksheets:
        widths: dict[str, float] = {}
        for row in sheet.iter_rows():
            for cell in row:
                cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
                cell.alignment = Alignment(wrap_text=True, vertical="center")
                if cell.value is not None:
                    width = min(width_units(str(cell.value)) + 2, MAX_COLUMN_WIDTH)
                    widths[cell.column_letter] = max(widths.get(cell.column_letter, 4.0), width)
        for letter, width in widths.items():
            sheet.column_dimensions[letter].width = width
        for row in sheet.iter_rows():
            filled = [cell for cell in row if cell.value is not None]
            lines = max((cell_lines(cell.value, widths[cell.column_letter]) for cell in filled), default=1)
            sheet.row_dimensions[row[0].row].height = LINE_HEIGHT * lines
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    book.save(target)


def convert(xlsx: Path, out: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        profile = Path(folder) / "profile"
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                folder,
                str(xlsx),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        shutil.move(str(Path(folder) / (xlsx.stem + ".pdf")), out)


def pages_of(book: Workbook) -> list[list[int]]:
    """The sheet's rows on each page, by the fixture's breaks."""
    pages, current = [], []
    for row in range(1, len(book.rows) + 1):
        current.append(row)
        if row in book.breaks:
            pages.append(current)
            current = []
    if current:
        pages.append(current)
    return pages


def expected(book: Workbook) -> dict:
    """The cells the reader must find (see the module's doc)."""
    covered = {(r, c): (r0, c0) for r0, c0, r1, c1 in book.merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    cells, unwrapped, rows_per_page = [], [], []
    for number, rows in enumerate(pages_of(book), start=1):
        shown = (
            [("title", row) for row in range(book.print_titles[0], book.print_titles[1] + 1)]
            if book.print_titles and number > 1
            else []
        )
        shown += [("sheet", row) for row in rows if any(book.rows[row - 1]) or (row in book.ruled and book.borders)]
        rows_per_page.append(len(shown))
        for place, (kind, row) in enumerate(shown, start=1):
            if kind == "title" or row in book.repeated:
                continue  # a repeated header: dropped by the reader
            for column in range(1, book.columns + 1):
                text = book.text(row, column)
                if not text or covered.get((row, column), (row, column)) != (row, column):
                    continue
                cell = {"page": number, "row": place, "column": None if row in book.titles else column, "text": text}
                cells.append(cell)
                if column in book.unwrapped:
                    unwrapped.append(cell)
    return {
        "pages": len(rows_per_page),
        "rows_per_page": rows_per_page,
        "cells": cells,
        "unwrapped": [[c["page"], c["row"], c["column"]] for c in unwrapped],
    }


# --- the tables ------------------------------------------------------------------

SEED_WIDTHS = [8, 16, 11, 11, 10, 9, 11, 9, 18, 16, 30, 16, 14, 30]


def seed_book(name: str, last_row: int | None = None) -> Workbook:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    rows = [line.split("\t") if line else [] for line in lines][:last_row]
    titles = {
        index
        for index, cells in enumerate(rows, start=1)
        if len([c for c in cells if c]) == 1 and "绩效目标表" in cells[0]
    }
    headers = {index for index, cells in enumerate(rows, start=1) if cells and cells[0] == "单位编码"}
    ruled = {index for index, cells in enumerate(rows, start=1) if len(cells) > 1}
    merges = [(row, 1, row, 14) for row in titles]
    for row in headers:
        merges += [(row, 3, row, 7)] + [(row, column, row + 1, column) for column in (1, 2, *range(8, 15))]
    # A page ends before each title but the first: the blank line above it is the top of the next page.
    breaks = sorted(row - 2 for row in titles if row > 3)
    first_header = min(headers)
    repeated = {
        row
        for row in range(1, len(rows) + 1)
        if (row in titles and row > 3) or any(h != first_header and row in (h, h + 1) for h in headers)
    }
    return Workbook(name, rows, SEED_WIDTHS, merges, ruled, titles, breaks, repeated=repeated)


INDICATORS = [  # 一级, 二级, 三级, 指标性质, 指标值, 计量单位, 权重, 方向, 解释
    (
        "产出指标",
        "数量指标",
        "养护道路里程",
        "≥",
        "120",
        "公里",
        "5",
        "正向",
        "年度内完成日常养护的城市主次干道、支路及背街小巷的道路里程，以养护台账和巡查记录为准。",
    ),
    (
        "产出指标",
        "数量指标",
        "维修路面面积",
        "≥",
        "5",
        "万平方米",
        "5",
        "正向",
        "年度内维修的破损沥青及水泥混凝土路面面积，以竣工验收资料为准。",
    ),
    (
        "产出指标",
        "数量指标",
        "更换破损路缘石",
        "≥",
        "3000",
        "米",
        "3",
        "正向",
        "年度内更换的破损、缺失路缘石长度，以维修台账为准。",
    ),
    (
        "产出指标",
        "数量指标",
        "疏通排水管道",
        "≥",
        "80",
        "公里",
        "3",
        "正向",
        "年度内疏通清淤的道路雨水、污水管道长度，以作业记录为准。",
    ),
    (
        "产出指标",
        "数量指标",
        "修复人行道面积",
        "≥",
        "2",
        "万平方米",
        "3",
        "正向",
        "年度内修复的人行道铺装面积，以竣工验收资料为准。",
    ),
    (
        "产出指标",
        "数量指标",
        "更换检查井盖",
        "≥",
        "600",
        "座",
        "3",
        "正向",
        "年度内更换的破损、缺失检查井盖数量，以维修台账为准。",
    ),
    (
        "产出指标",
        "数量指标",
        "桥梁定期检测",
        "≥",
        "12",
        "座",
        "3",
        "正向",
        "年度内完成定期检测的城市桥梁数量，以检测报告为准。",
    ),
    (
        "产出指标",
        "数量指标",
        "道路巡查次数",
        "≥",
        "365",
        "次",
        "3",
        "正向",
        "全年每日至少巡查一次主次干道，以巡查记录为准。",
    ),
    (
        "产出指标",
        "质量指标",
        "养护工程验收合格率",
        "≥",
        "98",
        "%",
        "5",
        "正向",
        "验收合格的养护工程数占全部养护工程数的比例，以验收资料为准。",
    ),
    (
        "产出指标",
        "质量指标",
        "路面平整度达标率",
        "≥",
        "95",
        "%",
        "4",
        "正向",
        "平整度检测达标的路段里程占检测总里程的比例，以检测报告为准。",
    ),
    (
        "产出指标",
        "质量指标",
        "桥梁技术状况良好率",
        "≥",
        "90",
        "%",
        "4",
        "正向",
        "技术状况评定为良好及以上的桥梁数占全部桥梁数的比例。",
    ),
    (
        "产出指标",
        "质量指标",
        "井盖完好率",
        "≥",
        "99",
        "%",
        "3",
        "正向",
        "完好的检查井盖数占全部检查井盖数的比例，以巡查记录为准。",
    ),
    (
        "产出指标",
        "质量指标",
        "排水管道通畅率",
        "≥",
        "97",
        "%",
        "3",
        "正向",
        "通畅的排水管道长度占全部管道长度的比例，以检测结果为准。",
    ),
    (
        "产出指标",
        "时效指标",
        "病害处置及时率",
        "≥",
        "95",
        "%",
        "4",
        "正向",
        "在规定时限内处置的道路病害数占发现病害总数的比例。",
    ),
    (
        "产出指标",
        "时效指标",
        "坑槽修补时限",
        "≤",
        "48",
        "小时",
        "3",
        "反向",
        "从发现坑槽到修补完成的平均时间，以派单及完工记录为准。",
    ),
    (
        "产出指标",
        "时效指标",
        "井盖缺失处置时限",
        "≤",
        "2",
        "小时",
        "3",
        "反向",
        "从接报井盖缺失到设置警示并完成更换的时间。",
    ),
    (
        "产出指标",
        "时效指标",
        "汛前管道清淤完成时间",
        "≤",
        "5",
        "月",
        "2",
        "反向",
        "汛期前完成全部排水管道清淤作业的月份。",
    ),
    (
        "产出指标",
        "成本指标",
        "每公里养护成本",
        "≤",
        "1",
        "万元",
        "3",
        "反向",
        "年度养护资金除以养护道路里程，以财务决算为准。",
    ),
    (
        "产出指标",
        "成本指标",
        "每平方米路面维修成本",
        "≤",
        "120",
        "元",
        "3",
        "反向",
        "路面维修资金除以维修面积，以结算资料为准。",
    ),
    (
        "产出指标",
        "成本指标",
        "桥梁检测单座成本",
        "≤",
        "2",
        "万元",
        "2",
        "反向",
        "桥梁检测费用除以检测桥梁数量，以合同及结算资料为准。",
    ),
    (
        "效益指标",
        "社会效益指标",
        "道路完好率",
        "≥",
        "95",
        "%",
        "5",
        "正向",
        "技术状况评定为良好及以上的道路里程占全部道路里程的比例。",
    ),
    (
        "效益指标",
        "社会效益指标",
        "因路面病害引发的交通事故数",
        "≤",
        "2",
        "起",
        "3",
        "反向",
        "年度内因路面坑槽、沉陷等病害引发的交通事故起数。",
    ),
    (
        "效益指标",
        "社会效益指标",
        "道路积水点数量",
        "≤",
        "10",
        "处",
        "3",
        "反向",
        "汛期内主次干道出现明显积水的点位数量，以巡查记录为准。",
    ),
    (
        "效益指标",
        "社会效益指标",
        "市民投诉办结率",
        "≥",
        "98",
        "%",
        "3",
        "正向",
        "办结的道路设施投诉件数占受理投诉件数的比例。",
    ),
    (
        "效益指标",
        "生态效益指标",
        "再生材料使用比例",
        "≥",
        "30",
        "%",
        "3",
        "正向",
        "养护工程中使用的再生沥青等材料占材料总量的比例。",
    ),
    (
        "效益指标",
        "生态效益指标",
        "施工扬尘达标率",
        "≥",
        "100",
        "%",
        "2",
        "正向",
        "施工现场扬尘监测达标的天数占施工天数的比例。",
    ),
    (
        "效益指标",
        "可持续影响指标",
        "道路使用寿命延长",
        "≥",
        "2",
        "年",
        "3",
        "正向",
        "通过预防性养护延长的道路平均使用年限，以评估报告为准。",
    ),
    (
        "效益指标",
        "可持续影响指标",
        "养护信息化覆盖率",
        "≥",
        "90",
        "%",
        "2",
        "正向",
        "纳入养护管理信息系统的道路里程占全部道路里程的比例。",
    ),
    (
        "满意度指标",
        "服务对象满意度指标",
        "市民满意度",
        "≥",
        "95",
        "%",
        "3",
        "正向",
        "委托第三方问卷调查市民对城市道路状况的满意比例。",
    ),
    (
        "满意度指标",
        "服务对象满意度指标",
        "沿街商户满意度",
        "≥",
        "95",
        "%",
        "2",
        "正向",
        "问卷调查沿街商户对道路养护施工组织的满意比例。",
    ),
]
THREE_LEVEL_WIDTHS = [12, 18, 24, 9, 10, 10, 8, 10, 60]


def three_level_book(name: str, shaded: bool = False) -> Workbook:
    header = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "计量单位", "权重", "指标方向性", "指标解释"]
    rows: list[list[str]] = [
        ["项目支出绩效目标申报表"],
        ["（2021年度）"],
        ["项目名称", "城市道路养护"],
        ["主管部门及代码", "[501]市住房和城乡建设局", "实施单位", "", "", "501001 市政设施管理中心"],
        ["项目资金（万元）", "年度资金总额", "120"],
        ["", "其中：财政拨款", "100"],
        ["", "其他资金", "20"],
        [
            "年度绩效目标",
            "完成城市道路、桥梁和排水设施的日常养护和维修，道路完好率保持在95%以上，市民满意度不低于95%。",
        ],
        header,
    ]
    first = len(rows) + 1
    previous = ("", "")
    for level1, level2, *rest in INDICATORS:
        rows.append([level1 if level1 != previous[0] else "", level2 if (level1, level2) != previous else "", *rest])
        previous = (level1, level2)
    merges = [
        (1, 1, 1, 9),
        (2, 1, 2, 9),
        (3, 2, 3, 9),
        (4, 3, 4, 5),
        (4, 6, 4, 9),
        (5, 1, 7, 1),
        (5, 3, 5, 9),
        (6, 3, 6, 9),
        (7, 3, 7, 9),
        (8, 2, 8, 9),
    ]
    for column, key_length in ((1, 1), (2, 2)):
        start = 0
        for index in range(1, len(INDICATORS) + 1):
            if index == len(INDICATORS) or INDICATORS[index][:key_length] != INDICATORS[start][:key_length]:
                if index - start > 1:
                    merges.append((first + start, column, first + index - 1, column))
                start = index
    last = len(rows)
    book = Workbook(
        name,
        rows,
        THREE_LEVEL_WIDTHS,
        merges,
        ruled=set(range(3, last + 1)),
        titles={1, 2},
        breaks=[first + 8, first + 19],
        print_titles=(first - 1, first - 1),
    )
    if shaded:
        book.shaded = {(first - 1, column) for column in range(1, 10)} | {(row, 1) for row in range(first, last + 1)}
    return book


# --- scans -------------------------------------------------------------------------


def scanned(source: Path, out: Path, ocr: bool) -> None:
    """The first page of `source` as an image (150 dpi JPEG), alone or under invisible text."""
    import ctypes

    import pypdfium2 as pdfium
    from pypdfium2 import raw

    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [
                "pdftoppm",
                "-jpeg",
                "-r",
                "100",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(source),
                str(Path(folder) / "page"),
            ],
            check=True,
        )
        image_path = Path(folder) / "page.jpg"
        pdf = pdfium.PdfDocument.new()
        width, height = 841.89, 595.28
        page = pdf.new_page(width, height)
        image = pdfium.PdfImage.new(pdf)
        image.load_jpeg(str(image_path))
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        page.insert_obj(image)
        if ocr:
            font = raw.FPDFText_LoadStandardFont(pdf.raw, b"Helvetica")
            for index, words in enumerate(["2019", "239001", "631580.00 466316.00 0 0 165264.00", "95%"]):
                text = raw.FPDFPageObj_CreateTextObj(pdf.raw, font, ctypes.c_float(9.0))
                encoded = (words + "\x00").encode("utf-16-le")
                raw.FPDFText_SetText(
                    text, ctypes.cast(ctypes.create_string_buffer(encoded), ctypes.POINTER(raw.FPDF_WCHAR))
                )
                raw.FPDFTextObj_SetTextRenderMode(text, raw.FPDF_TEXTRENDERMODE_INVISIBLE)
                raw.FPDFPageObj_Transform(text, 1, 0, 0, 1, 60, height - 80 - 40 * index)
                raw.FPDFPage_InsertObject(page.raw, text)
        page.gen_content()
        pdf.save(str(out))


def encrypted(out: Path) -> None:
    """A one-page PDF under the standard security handler with an unknown user password."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"41" * 32 + b"> /U <" + b"42" * 32 + b"> /P -4 >>",
    ]
    data = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += (
        b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff>"
        b"<00112233445566778899aabbccddeeff>] >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    out.write_bytes(data)


def browser_seed(out: Path, repeat_header: bool = True) -> None:
    """The seed as an HTML table printed to PDF by Chromium (see the module's doc);
    without `repeat_header`, the header is the table's first rows, on the first page only."""
    from html import escape

    rows = [line.rstrip("\n").split("\t") for line in SEED.read_text(encoding="utf-8").splitlines()]
    rows = [row + [""] * (14 - len(row)) for row in rows if any(cell.strip() for cell in row)]
    title, header = rows[0][0], rows[1:3]
    data = [row for row in rows[3:] if row[0] != title and row[:2] != header[0][:2] and row[2:4] != header[1][2:4]]
    widths = (5, 9, 6, 6, 5, 5, 6, 6, 9, 9, 14, 9, 7, 14)
    columns = "".join(f'<col style="width:{width}%">' for width in widths)
    head = "thead" if repeat_header else "tbody"

    def table_row(row: list[str], tag: str = "td") -> str:
        return "<tr>" + "".join(f"<{tag}>{escape(cell)}</{tag}>" for cell in row) + "</tr>"

    page = (
        '<html><head><meta charset="utf-8"><style>'
        "@page { size: A4 landscape; margin: 10mm; }"
        f'body {{ font-family: "{FONT}"; font-size: 8pt; }} h1 {{ text-align: center; font-size: 14pt; }}'
        "table { border-collapse: collapse; width: 100%; table-layout: fixed; }"
        "td, th { border: 0.5pt solid #000; padding: 1pt 2pt; word-wrap: break-word; font-weight: normal; }"
        "</style></head><body>"
        f"<h1>{escape(title)}</h1><table><colgroup>{columns}"
        f"</colgroup><{head}>{table_row(header[0], 'th')}{table_row(header[1], 'th')}</{head}>"
        f"<tbody>{''.join(table_row(row) for row in data)}</tbody></table></body></html>"
    )
    print_page(page, out)


def print_page(page: str, out: Path) -> None:
    """An HTML page printed to PDF by Chromium (A4 landscape), as a browser's print does."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        source = Path(folder) / "page.html"
        source.write_text(page, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        view = browser.new_page()
        view.goto(source.as_uri())
        view.pdf(path=str(out), format="A4", landscape=True)
        browser.close()


def workbook_page(source: Path) -> str:
    """A workbook's first sheet as an HTML table (merged cells as rowspan and colspan),
    as a budget system's web report shows it."""
    from html import escape

    from openpyxl import load_workbook

    sheet = load_workbook(source).worksheets[0]
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for merged in sheet.merged_cells.ranges:
        spans[(merged.min_row, merged.min_col)] = (merged.size["rows"], merged.size["columns"])
        covered |= {cell for cell in merged.cells if cell != (merged.min_row, merged.min_col)}
    rows = []
    for row in range(1, sheet.max_row + 1):
        cells = []
        for column in range(1, sheet.max_column + 1):
            if (row, column) in covered:
                continue
            value = sheet.cell(row, column).value
            down, across = spans.get((row, column), (1, 1))
            text = "" if value is None else escape(str(value)).replace("\n", "<br>")
            cells.append(f'<td rowspan="{down}" colspan="{across}">{text}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        '<html><head><meta charset="utf-8"><style>@page { size: A4 landscape; margin: 10mm; }'
        f'body {{ font-family: "{FONT}"; font-size: 8pt; }} table {{ border-collapse: collapse; width: 100%; }}'
        "td { border: 0.5pt solid #000; padding: 1pt 2pt; word-wrap: break-word; }</style></head>"
        f"<body><table>{''.join(rows)}</table></body></html>"
    )


def main() -> None:
    if shutil.which("soffice") is None or shutil.which("pdftoppm") is None:
        sys.exit("needs LibreOffice (soffice) and poppler (pdftoppm)")
    unwrapped = seed_book("seed-unwrapped")
    unwrapped.unwrapped = {10, 11}
    borderless = seed_book("borderless", last_row=21)
    borderless.borders = False
    books = [
        seed_book("seed"),
        unwrapped,
        three_level_book("three-level"),
        borderless,
        three_level_book("shaded", shaded=True),
    ]
    with tempfile.TemporaryDirectory() as folder:
        for book in books:
            xlsx = Path(folder) / f"{book.name}.xlsx"
            write_xlsx(book, xlsx)
            convert(xlsx, HERE / f"{book.name}.pdf")
            (HERE / f"{book.name}.json").write_text(
                json.dumps(expected(book), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
    scanned(HERE / "seed.pdf", HERE / "scanned.pdf", ocr=False)
    scanned(HERE / "seed.pdf", HERE / "scanned-ocr.pdf", ocr=True)
    encrypted(HERE / "encrypted.pdf")
    browser_seed(HERE / "seed-browser.pdf")
    browser_seed(HERE / "seed-browser-no-header.pdf", repeat_header=False)
    with tempfile.TemporaryDirectory() as folder:
        for name, table in CORPUS_FIXTURES.items():
            styled = Path(folder) / f"{name}.xlsx"
            exported(ROOT / "tests" / "corpus" / f"{table}.xlsx", styled)
            convert(styled, HERE / f"{name}.pdf")


if __name__ == "__main__":
    main()
