"""The annotated workbook, opened with openpyxl as a budget officer's Excel would
open it: the table itself, the cells with findings filled and commented, a first
sheet listing every finding with a link to its cell, and the input untouched."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLE, sample_variant, set_cell
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lintgoals.api import lint
from lintgoals.model import FileResult, Finding, Location, Report, Severity
from lintgoals.reporters import ReportOptions
from lintgoals.reporters.xlsx import write_xlsx

ROOT = Path(__file__).resolve().parents[1]
DEFECTS = ROOT / "examples" / "defects-2020.tsv"
ERROR_FILL, WARNING_FILL, INFO_FILL = "00FFC7CE", "00FFEB9C", "00DDEBF7"
HEADINGS = ["文件", "工作表", "单元格", "级别", "代码", "规则", "问题", "单位", "项目", "指标"]


def annotate(report: Report, lang: str = "zh", destination: str | None = None) -> Workbook:
    stream = io.BytesIO()
    write_xlsx(report, stream, ReportOptions(lang=lang, destination=destination))
    return load_workbook(io.BytesIO(stream.getvalue()))


def dump_workbook(workbook: Workbook) -> str:
    """A stable text dump of a workbook for golden files: each sheet's non-empty cells
    with their value, and for marked cells their fill and comment; links by target."""
    lines: list[str] = []
    for sheet in workbook.worksheets:
        lines.append(f"== {sheet.title}")
        for row in sheet.iter_rows():
            for cell in row:
                fill = cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None
                if cell.value is None and cell.comment is None:
                    continue
                parts = [cell.coordinate, repr(cell.value)]
                if cell.hyperlink is not None:
                    parts.append(f"link={cell.hyperlink.location}")
                if fill:
                    parts.append(f"fill={fill}")
                if cell.comment is not None:
                    parts.append(f"comment={cell.comment.text!r}")
                lines.append(" ".join(parts))
    return "\n".join(lines) + "\n"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fill_of(sheet, coordinate: str) -> str | None:  # type: ignore[no-untyped-def]
    cell = sheet[coordinate]
    return cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None


def findings_rows(workbook: Workbook) -> list[tuple]:
    return list(workbook.worksheets[0].iter_rows(values_only=True))


# --- a text input ------------------------------------------------------------------

@pytest.fixture(scope="module")
def defects_book() -> Workbook:
    return annotate(lint([DEFECTS.relative_to(ROOT)]))


def test_text_input_becomes_a_sheet_after_the_findings(defects_book: Workbook) -> None:
    assert defects_book.sheetnames == ["检查结果", "defects-2020"]
    assert defects_book.active.title == "检查结果"


def test_text_cells_land_at_their_line_and_column(defects_book: Workbook) -> None:
    sheet = defects_book["defects-2020"]
    lines = DEFECTS.read_text(encoding="utf-8").split("\n")
    for line_number in (1, 9, 13, 54):
        cells = lines[line_number - 1].split("\t")
        for column, text in enumerate(cells, start=1):
            assert (sheet.cell(row=line_number, column=column).value or "") == text
    assert sheet["C9"].value == "500000.00"  # text stays text, as the table wrote it
    assert sheet["C9"].data_type == "s"


def test_every_located_finding_marks_its_cell(defects_book: Workbook) -> None:
    report = lint([DEFECTS.relative_to(ROOT)])
    sheet = defects_book["defects-2020"]
    by_cell: dict[str, list[Finding]] = {}
    for finding in report.findings:
        coordinate = f"{get_column_letter(finding.location.column or 1)}{finding.location.line}"
        by_cell.setdefault(coordinate, []).append(finding)
    for coordinate, findings in by_cell.items():
        assert sheet[coordinate].comment.text == "\n".join(f"{f.code}: {f.message}" for f in findings)
        worst = max(findings, key=lambda f: f.severity.rank).severity
        assert fill_of(sheet, coordinate) == {Severity.ERROR: ERROR_FILL, Severity.WARNING: WARNING_FILL}[worst]
    marked = {cell.coordinate for row in sheet.iter_rows() for cell in row
              if cell.comment is not None or fill_of(sheet, cell.coordinate)}
    assert marked == set(by_cell)  # and nothing else


def test_cells_without_findings_are_left_as_they_are(defects_book: Workbook) -> None:
    sheet = defects_book["defects-2020"]
    assert fill_of(sheet, "J22") is None and sheet["J22"].comment is None  # ≥20人: fine
    assert sheet["J22"].value == "≥20人"


def test_several_findings_on_one_cell_share_one_comment(tmp_path: Path) -> None:
    book = annotate(lint([SAMPLE]))
    cell = book[SAMPLE.stem[:31]]["J47"]  # 20天左右，按…而定: LG303 and LG306
    assert [line.split(":")[0] for line in cell.comment.text.splitlines()] == ["LG303", "LG306"]
    assert cell.comment.author == "lintgoals"
    assert fill_of(book[SAMPLE.stem[:31]], "J47") == WARNING_FILL


def test_findings_sheet_lists_every_finding_with_a_link(defects_book: Workbook) -> None:
    report = lint([DEFECTS.relative_to(ROOT)])
    rows = findings_rows(defects_book)
    assert list(rows[0]) == HEADINGS
    assert len(rows) == 1 + len(report.findings)
    funding = next(row for row in rows if row[4] == "LG101")
    assert funding == ("examples/defects-2020.tsv", "defects-2020", "C9", "错误", "LG101", "funding-sum",
                       "资金总计 500000.00 不等于各来源之和 450000.00（相差 50000.00）", "401001 市教育局本级",
                       "教师培训", None)
    sheet = defects_book.worksheets[0]
    link_cell = sheet.cell(row=rows.index(funding) + 1, column=3)
    assert link_cell.hyperlink.location == "'defects-2020'!C9"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:J{len(rows)}"


def test_long_texts_wrap_in_rows_tall_enough_and_titles_run_on(defects_book: Workbook) -> None:
    findings = defects_book.worksheets[0]
    shifted = next(row for row in findings.iter_rows() if row[4].value == "LG003")  # the longest message
    assert shifted[6].alignment.wrap_text
    assert findings.row_dimensions[shifted[0].row].height >= 32  # two lines at least
    table = defects_book["defects-2020"]
    assert not table["A1"].alignment.wrap_text  # the table's title runs across the empty cells
    assert table.column_dimensions["A"].width < 20  # and does not widen the unit code column


def test_sheets_print_landscape_one_page_wide(defects_book: Workbook) -> None:
    for sheet in defects_book.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert defects_book.worksheets[0].print_title_rows == "$1:$1"


def test_finding_without_a_column_marks_the_first_cell_of_its_row() -> None:
    finding = Finding("LG003", "shifted-cells", Severity.WARNING, "错位", Location(str(SAMPLE), 4))
    book = annotate(Report([FileResult(str(SAMPLE), None, [finding])]))
    assert book[SAMPLE.stem[:31]]["A4"].comment.text == "LG003: 错位"


def test_english_findings_sheet() -> None:
    book = annotate(lint([DEFECTS]), lang="en")
    assert book.sheetnames[0] == "Findings"
    assert list(findings_rows(book)[0]) == ["File", "Sheet", "Cell", "Severity", "Code", "Rule", "Message", "Unit",
                                            "Project", "Indicator"]
    assert findings_rows(book)[1][3] == "error"


def test_formula_looking_cell_text_stays_text(tmp_path: Path) -> None:
    path = sample_variant(tmp_path, "formula.tsv", lambda lines: set_cell(lines, 13, 10, "=HYPERLINK(\"x\")\x07"))
    sheet = annotate(lint([path]))["formula"]
    assert sheet["J13"].data_type == "s"
    assert sheet["J13"].value == "=HYPERLINK(\"x\")\ufffd"


def test_unreadable_and_whole_file_findings_are_listed_without_a_link(tmp_path: Path) -> None:
    broken = tmp_path / "broken.tsv"
    broken.write_bytes(b"")
    book = annotate(lint([broken]))
    rows = findings_rows(book)
    assert rows[1][4] == "LG001" and rows[1][2] is None
    assert book.worksheets[0].cell(row=2, column=3).hyperlink is None
    assert book.sheetnames == ["检查结果"]


def test_unreadable_file_without_its_rule_is_still_listed() -> None:
    book = annotate(Report([FileResult("gone.xlsx", None, [], error="gone.xlsx: 不是工作簿")]))
    assert findings_rows(book)[1] == ("gone.xlsx", None, None, "错误", None, None, "gone.xlsx: 不是工作簿", None,
                                      None, None)


# --- several inputs ----------------------------------------------------------------

def test_several_inputs_make_one_workbook_with_unique_sheet_names(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    long_name = "很长的文件名" * 8
    first = sample_variant(tmp_path / "a", "table.tsv", lambda lines: None)
    second = sample_variant(tmp_path / "b", "TABLE.tsv", lambda lines: None)
    third = sample_variant(tmp_path, f"{long_name}[x].tsv", lambda lines: None)
    book = annotate(lint([first, second, third]))
    assert book.sheetnames == ["检查结果", "table", "TABLE (2)", (long_name + "_x_")[:31]]
    assert all(len(name) <= 31 for name in book.sheetnames)
    rows = findings_rows(book)
    assert {row[1] for row in rows[1:]} == {"table", "TABLE (2)", (long_name + "_x_")[:31]}
    link = next(book.worksheets[0].cell(row=i + 1, column=3) for i, row in enumerate(rows) if row[1] == "TABLE (2)")
    assert link.hyperlink.location.startswith("'TABLE (2)'!")


# --- a workbook input --------------------------------------------------------------

def defects_workbook(path: Path) -> Path:
    """The defects table typed into a workbook, with a style, a merged title, an
    author's comment and a second sheet that the copy must keep."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "绩效目标"
    for row, line in enumerate(DEFECTS.read_text(encoding="utf-8").split("\n"), start=1):
        for column, text in enumerate(line.split("\t"), start=1):
            if text:
                sheet.cell(row=row, column=column, value=text)
    sheet["A1"].font = Font(bold=True, size=16)
    sheet.merge_cells("A1:F1")
    sheet["J13"].comment = Comment("请核实", "张三")
    sheet.column_dimensions["J"].width = 33
    workbook.create_sheet("说明")["A1"] = "填表说明"
    workbook.save(path)
    return path


@pytest.fixture
def workbook_input(tmp_path: Path) -> Path:
    return defects_workbook(tmp_path / "budget.xlsx")


def test_workbook_input_is_copied_whole_and_marked(workbook_input: Path) -> None:
    before = sha256(workbook_input)
    report = lint([workbook_input])
    book = annotate(report)
    assert sha256(workbook_input) == before  # the input is never written
    assert book.sheetnames == ["检查结果", "绩效目标", "说明"]
    sheet = book["绩效目标"]
    assert sheet["A1"].font.b and sheet["A1"].font.sz == 16
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:F1"]
    assert sheet.column_dimensions["J"].width == 33
    assert book["说明"]["A1"].value == "填表说明"
    assert fill_of(sheet, "C9") == ERROR_FILL
    assert sheet["C9"].comment.text.startswith("LG101: 资金总计")


def test_workbook_findings_link_to_their_sheet_and_cell(workbook_input: Path) -> None:
    report = lint([workbook_input])
    book = annotate(report)
    rows = findings_rows(book)
    located = [f for f in report.findings if f.location.cell]
    assert located and len(rows) == 1 + len(report.findings)
    for finding in located:
        index = next(i for i, row in enumerate(rows) if row[4] == finding.code and row[6] == finding.message)
        assert rows[index][1:3] == (finding.location.sheet, finding.location.cell)
        link = book.worksheets[0].cell(row=index + 1, column=3).hyperlink
        assert link.location == f"'{finding.location.sheet}'!{finding.location.cell}"
        assert f"{finding.code}: {finding.message}" in book[finding.location.sheet][finding.location.cell].comment.text


def test_authors_comment_is_kept_above_the_findings(workbook_input: Path) -> None:
    cell = annotate(lint([workbook_input]))["绩效目标"]["J13"]
    assert cell.comment.text.startswith("请核实\n\nLG303: ")


def test_finding_in_a_merged_range_marks_its_top_left_cell(workbook_input: Path) -> None:
    finding = Finding("LG002", "no-table", Severity.ERROR, "标题", Location(str(workbook_input), 1, 3,
                                                                          sheet="绩效目标", cell="C1"))
    book = annotate(Report([FileResult(str(workbook_input), None, [finding])]))
    assert book["绩效目标"]["A1"].comment.text == "LG002: 标题"
    assert fill_of(book["绩效目标"], "A1") == ERROR_FILL


def test_findings_sheet_name_does_not_clash_with_the_inputs(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "检查结果"
    workbook.save(tmp_path / "clash.xlsx")
    book = annotate(Report([FileResult(str(tmp_path / "clash.xlsx"), None, [])]))
    assert book.sheetnames == ["检查结果 (2)", "检查结果"]


def test_workbook_among_several_inputs_is_copied_with_its_styles(workbook_input: Path) -> None:
    book = annotate(lint([workbook_input, DEFECTS]))
    assert book.sheetnames == ["检查结果", "绩效目标", "说明", "defects-2020"]
    assert book["绩效目标"]["A1"].font.sz == 16
    assert [str(r) for r in book["绩效目标"].merged_cells.ranges] == ["A1:F1"]
    assert book["绩效目标"]["J13"].comment.text.startswith("请核实\n\nLG303")
    assert fill_of(book["defects-2020"], "C9") == ERROR_FILL


def xlsm_with_macros(path: Path) -> Path:
    defects_workbook(path)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"macros")
    return path


@pytest.mark.parametrize("destination, keeps_macros", [("out.xlsm", True), ("out.xlsx", False)])
def test_xlsm_macros_are_kept_only_in_an_xlsm(tmp_path: Path, destination: str, keeps_macros: bool) -> None:
    source = xlsm_with_macros(tmp_path / "budget.xlsm")
    stream = io.BytesIO()
    write_xlsx(lint([source]), stream, ReportOptions(destination=destination))
    names = zipfile.ZipFile(io.BytesIO(stream.getvalue())).namelist()
    assert ("xl/vbaProject.bin" in names) is keeps_macros
