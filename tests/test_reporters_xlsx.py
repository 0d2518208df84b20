"""The annotated workbook, opened with openpyxl as a budget officer's Excel would
open it: the table itself, the cells with findings filled and commented, a first
sheet 检查结果 that says whether the table may be submitted and lists every finding
(where, what the cell says, the problem, how to fix it) with a link to its cell,
every sheet printable on A4, and the input untouched."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import SAMPLE, run_cli, sample_variant, set_cell
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lintgoals.api import lint
from lintgoals.model import FileResult, Finding, Location, Report, Severity
from lintgoals.reporters import ReportOptions
from lintgoals.reporters.common import place_label, verdict
from lintgoals.reporters.xlsx import write_xlsx

ROOT = Path(__file__).resolve().parents[1]
DEFECTS = ROOT / "examples" / "defects-2020.tsv"
ERROR_FILL, WARNING_FILL, INFO_FILL = "00FFC7CE", "00FFEB9C", "00DDEBF7"
HEADINGS = ["级别", "位置", "指标", "当前值", "问题", "怎么改", "规则"]
EN_HEADINGS = ["Severity", "Place", "Indicator", "Current value", "Problem", "How to fix", "Rule"]


def annotate(report: Report, lang: str = "zh", destination: str | None = None, fail_on: str = "error") -> Workbook:
    stream = io.BytesIO()
    write_xlsx(report, stream, ReportOptions(lang=lang, destination=destination, fail_on=fail_on))
    return load_workbook(io.BytesIO(stream.getvalue()))


def dump_workbook(workbook: Workbook) -> str:
    """A stable text dump of a workbook for golden files: each sheet's print setup and
    non-empty cells with their value (numbers with their format), and for marked
    cells their fill and comment; links by target."""
    lines: list[str] = []
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        lines.append(
            f"== {sheet.title} (paper {setup.paperSize}, {setup.orientation}, "
            f"{setup.fitToWidth}x{setup.fitToHeight} pages, titles {sheet.print_title_rows}, "
            f"frozen {sheet.freeze_panes})"
        )
        for row in sheet.iter_rows():
            for cell in row:
                fill = cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None
                if cell.value is None and cell.comment is None:
                    continue
                parts = [cell.coordinate, repr(cell.value)]
                if cell.data_type == "n":
                    parts.append(f"format={cell.number_format}")
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


def header_row(workbook: Workbook) -> int:
    """The findings table's header: the row the panes are frozen under."""
    return int(workbook.worksheets[0].freeze_panes[1:]) - 1


def headings(workbook: Workbook) -> list[str]:
    sheet = workbook.worksheets[0]
    return [cell.value for cell in sheet[header_row(workbook)] if cell.value is not None]


def findings_rows(workbook: Workbook) -> list[dict]:
    """The findings table's rows, each by heading (an empty cell is "")."""
    sheet, names = workbook.worksheets[0], headings(workbook)
    return [
        dict(zip(names, (value or "" for value in row), strict=False))
        for row in sheet.iter_rows(min_row=header_row(workbook) + 1, max_col=len(names), values_only=True)
    ]


def top_block(workbook: Workbook) -> list[str]:
    """The lines above the findings table: the verdict, the counts and the scope."""
    sheet = workbook.worksheets[0]
    return [row[0] for row in sheet.iter_rows(max_row=header_row(workbook) - 1, max_col=1, values_only=True)]


def cell_of(workbook: Workbook, row_index: int, heading: str):  # type: ignore[no-untyped-def]
    """The findings sheet's cell of the `row_index`-th finding (from 0) under `heading`."""
    return workbook.worksheets[0].cell(
        row=header_row(workbook) + 1 + row_index, column=headings(workbook).index(heading) + 1
    )


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
            value = sheet.cell(row=line_number, column=column).value
            if isinstance(value, str) or value is None:
                assert (value or "") == text
            else:  # an amount, as a number
                assert Decimal(str(value)) == Decimal(text)
    assert sheet["J10"].value == "约500人" and sheet["J10"].data_type == "s"  # an indicator's value stays text


def test_amounts_from_a_text_table_are_numbers_and_codes_stay_text(defects_book: Workbook) -> None:
    sheet = defects_book["defects-2020"]
    row = [sheet.cell(row=9, column=column) for column in range(3, 8)]  # 总计, 一般公共预算 … 其他资金 of 教师培训
    assert [cell.value for cell in row] == [500000, 400000, 0, 0, 50000]
    assert all(cell.data_type == "n" and cell.number_format == "#,##0.00" for cell in row)
    assert sheet["A8"].value == "401001" and sheet["A8"].data_type == "s"  # a unit code is not an amount
    assert sheet["B9"].value == "教师培训" and sheet["B9"].data_type == "s"
    assert sheet["A3"].value == "单位编码" and sheet["C4"].value == "总计"  # the headers stay as written
    assert sheet["C9"].comment.text.startswith("LG101: ")  # and the marked amount keeps its mark


def test_amount_with_separators_becomes_a_number_and_other_text_stays(tmp_path: Path) -> None:
    def change(lines: list[str]) -> None:
        set_cell(lines, 8, 1, "0239001")  # a unit code with a leading zero
        set_cell(lines, 9, 3, "631,580.00")

    sheet = annotate(lint([sample_variant(tmp_path, "amounts.tsv", change)]))["amounts"]
    assert sheet["C9"].value == 631580 and sheet["C9"].data_type == "n"
    assert sheet["D9"].value == 466316 and sheet["G9"].value == 165264
    assert sheet["A8"].value == "0239001" and sheet["A8"].data_type == "s"
    assert sheet["J15"].data_type == "s"  # 相当。每月每平方米200元左右。


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
    marked = {
        cell.coordinate
        for row in sheet.iter_rows()
        for cell in row
        if cell.comment is not None or fill_of(sheet, cell.coordinate)
    }
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


def test_findings_table_says_where_what_why_and_how_to_fix(defects_book: Workbook) -> None:
    report = lint([DEFECTS.relative_to(ROOT)])
    assert headings(defects_book) == HEADINGS
    rows = findings_rows(defects_book)
    assert len(rows) == len(report.findings)
    index = next(i for i, row in enumerate(rows) if row["规则"].startswith("LG101"))
    rule = next(rule for rule in report.rules if rule.code == "LG101")
    assert rows[index] == {
        "级别": "错误\n（必须修改）",
        "位置": "第 9 行·总计",
        "指标": "教师培训",
        "当前值": "500000.00",
        "问题": "资金总计 500000.00 不等于各来源之和 450000.00（相差 50000.00）",
        "怎么改": rule.explanation,
        "规则": f"LG101 {rule.title}",
    }
    assert rule.title and rule.explanation  # 资金合计不等于各来源之和; why, and what to correct
    link = cell_of(defects_book, index, "位置")
    assert link.hyperlink.location == "'defects-2020'!C9"
    sheet = defects_book.worksheets[0]
    assert sheet.auto_filter.ref == f"A{header_row(defects_book)}:G{header_row(defects_book) + len(rows)}"
    assert cell_of(defects_book, index, "级别").fill.fgColor.rgb == ERROR_FILL


def test_an_indicator_is_named_and_the_place_is_the_line_and_its_header() -> None:
    book = annotate(lint([SAMPLE]))
    rows = findings_rows(book)
    row = next(row for row in rows if row["位置"] == "第 15 行·指标值")
    assert row["指标"] == "年单位租金与同类地段租金比" and row["当前值"] == "相当。每月每平方米200元左右。"
    assert row["规则"] == "LG306 指标值是约数" and row["级别"] == "警告\n（建议修改）"
    assert "第 45 行·二级指标（个性）" in {row["位置"] for row in rows}


def test_errors_come_first_then_the_tables_order(defects_book: Workbook) -> None:
    rows = findings_rows(defects_book)
    severities = [row["级别"].split("\n")[0] for row in rows]
    assert severities == sorted(severities, key=["错误", "警告", "提示"].index)
    lines = [int(re.match(r"第 (\d+) 行", row["位置"]).group(1)) for row in rows if row["级别"].startswith("错误")]
    assert lines == sorted(lines)


def test_no_column_is_the_same_on_every_row(defects_book: Workbook) -> None:
    rows = findings_rows(defects_book)
    for heading in headings(defects_book):
        assert len({row[heading] for row in rows}) > 1, heading
    assert "文件" not in headings(defects_book)  # one file: no file column


def test_no_rule_slug_reaches_the_findings_sheet(defects_book: Workbook) -> None:
    slugs = {rule.name for rule in lint([DEFECTS.relative_to(ROOT)]).rules}
    texts = [str(value) for row in defects_book.worksheets[0].iter_rows(values_only=True) for value in row if value]
    assert "funding-sum" in slugs
    assert not [text for text in texts if any(re.search(rf"\b{re.escape(slug)}\b", text) for slug in slugs)]


def test_top_block_says_whether_to_submit_and_what_each_severity_means() -> None:
    report = lint([DEFECTS.relative_to(ROOT)])
    book = annotate(report)
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    block = top_block(book)
    assert block[0] == verdict(report, "error", "zh").headline
    assert block[0].startswith("请修改后再提交") and str(errors) in block[0]
    assert block[0] == book.worksheets[0]["A1"].value and book.worksheets[0]["A1"].font.b
    assert fill_of(book.worksheets[0], "A1") == ERROR_FILL
    assert block[1] == f"错误 {errors} — 提交前必须修改；　警告 {warnings} — 建议修改；　提示 0 — 供参考"
    scope = "\n".join(block)
    stamp = report.files[0].stamp
    size = f"{stamp.size / 1024:.1f} KB"
    assert f"文件：examples/defects-2020.tsv（2019 指标体系；{size} · SHA-256 {stamp.short}）" in scope
    assert "此表无“权重”“指标性质”“计量单位”“指标方向”列" in scope
    assert "规则包：core；配置：无（默认）；lintgoals 0.1.0，检查时间：2026-01-01 08:00（北京时间）" in scope


def test_what_must_be_fixed_follows_fail_on() -> None:
    report = lint([DEFECTS.relative_to(ROOT)])
    book = annotate(report, fail_on="warning")
    must = report.count(Severity.ERROR) + report.count(Severity.WARNING)
    assert top_block(book)[0] == verdict(report, "warning", "zh").headline and str(must) in top_block(book)[0]
    assert f"警告 {report.count(Severity.WARNING)} — 提交前必须修改" in top_block(book)[1]
    assert {row["级别"] for row in findings_rows(book)} == {"错误\n（必须修改）", "警告\n（必须修改）"}


def test_a_clean_table_may_be_submitted() -> None:
    book = annotate(lint([ROOT / "examples" / "clean-2020.tsv"]))
    assert top_block(book)[0].startswith("可以提交")
    assert fill_of(book.worksheets[0], "A1") == "00C6EFCE"
    assert findings_rows(book) == [] and headings(book) == HEADINGS


def test_set_aside_findings_are_counted_not_listed() -> None:
    report = lint([DEFECTS.relative_to(ROOT)])
    accepted = next(f for f in report.findings if f.code == "LG101")
    files = [
        replace(
            result, findings=[replace(f, suppressed="已报财政局同意") if f is accepted else f for f in result.findings]
        )
        for result in report.files
    ]
    book = annotate(Report(files, report.rules, report.run))
    assert "不计入结果：已豁免 1 个" in top_block(book)
    assert not any(row["规则"].startswith("LG101") for row in findings_rows(book))
    assert book["defects-2020"]["C9"].comment is None and fill_of(book["defects-2020"], "C9") is None


def test_long_texts_wrap_in_rows_tall_enough_and_titles_run_on(defects_book: Workbook) -> None:
    rows = findings_rows(defects_book)
    index = next(i for i, row in enumerate(rows) if row["规则"].startswith("LG003"))  # the longest message
    message = cell_of(defects_book, index, "问题")
    assert message.alignment.wrap_text
    assert defects_book.worksheets[0].row_dimensions[message.row].height >= 32  # two lines at least
    table = defects_book["defects-2020"]
    assert not table["A1"].alignment.wrap_text  # the table's title runs across the empty cells
    assert table.column_dimensions["A"].width < 20  # and does not widen the unit code column


def test_findings_sheet_type_is_ten_points_or_more(defects_book: Workbook) -> None:
    sheet = defects_book.worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert cells and all(cell.font.sz >= 10 for cell in cells)
    # With the columns as wide as an A4 page in landscape: printed at about 100 %, not shrunk.
    width = sum(sheet.column_dimensions[get_column_letter(column)].width for column in range(1, 8))
    assert 120 <= width <= 150


def check_print_setup(book: Workbook) -> None:
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert int(setup.paperSize) == 9, sheet.title  # A4
        assert setup.orientation == "landscape"
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_margins.left == pytest.approx(0.4) and sheet.page_margins.top == pytest.approx(0.6)
        assert "&P" in sheet.oddFooter.center.text  # page numbers


def test_every_sheet_prints_on_a4_landscape_one_page_wide_with_its_header_on_every_page(defects_book: Workbook) -> None:
    check_print_setup(defects_book)
    row = header_row(defects_book)
    assert defects_book.worksheets[0].print_title_rows == f"${row}:${row}"
    assert defects_book["defects-2020"].print_title_rows == "$3:$4"  # 单位编码 … over 总计 …
    assert defects_book["defects-2020"].print_options.gridLines  # a text table has no borders of its own
    sample = annotate(lint([SAMPLE]))
    assert sample[SAMPLE.stem[:31]].print_title_rows == "$5:$6"


def test_finding_without_a_column_marks_the_first_cell_of_its_row() -> None:
    finding = Finding("LG003", "shifted-cells", Severity.WARNING, "错位", Location(str(SAMPLE), 4))
    book = annotate(Report([FileResult(str(SAMPLE), None, [finding])]))
    assert book[SAMPLE.stem[:31]]["A4"].comment.text == "LG003: 错位"
    assert findings_rows(book)[0]["位置"] == "第 4 行"


def test_english_findings_sheet() -> None:
    report = lint([DEFECTS])
    book = annotate(report, lang="en")
    assert book.sheetnames[0] == "Findings"
    assert headings(book) == EN_HEADINGS
    assert findings_rows(book)[0]["Severity"] == "error\n(must fix)"
    errors = report.count(Severity.ERROR)
    assert top_block(book)[0] == verdict(report, "error", "en").headline
    assert top_block(book)[0].startswith("Fix before submitting") and str(errors) in top_block(book)[0]
    assert top_block(book)[1].startswith(f"Errors: {errors} — must be fixed before submission;")
    assert any(row["Place"] == "line 9 · 总计" for row in findings_rows(book))
    check_print_setup(book)


def test_formula_looking_cell_text_stays_text(tmp_path: Path) -> None:
    path = sample_variant(tmp_path, "formula.tsv", lambda lines: set_cell(lines, 13, 10, '=HYPERLINK("x")\x07'))
    book = annotate(lint([path]))
    sheet = book["formula"]
    assert sheet["J13"].data_type == "s"
    assert sheet["J13"].value == '=HYPERLINK("x")\ufffd'
    assert not [cell for ws in book.worksheets for row in ws.iter_rows() for cell in row if cell.data_type == "f"]


def test_unreadable_and_whole_file_findings_are_listed_without_a_link(tmp_path: Path) -> None:
    broken = tmp_path / "broken.tsv"
    broken.write_bytes(b"")
    book = annotate(lint([broken]))
    rows = findings_rows(book)
    assert rows[0]["规则"].startswith("LG001") and rows[0]["位置"] == "（整个文件）"
    assert cell_of(book, 0, "位置").hyperlink is None
    assert book.sheetnames == ["检查结果"]
    assert "请修改后再提交" in top_block(book)[0]


def test_unreadable_file_without_its_rule_is_still_listed() -> None:
    book = annotate(Report([FileResult("gone.xlsx", None, [], error="gone.xlsx: 不是工作簿")]))
    assert findings_rows(book) == [
        {
            "级别": "错误\n（必须修改）",
            "位置": "（整个文件）",
            "指标": "",
            "当前值": "",
            "问题": "gone.xlsx: 不是工作簿",
            "怎么改": "",
            "规则": "",
        }
    ]
    assert top_block(book)[0] == verdict(Report([FileResult("gone.xlsx", None, [])]), "error", "zh").headline
    assert "无法读取" in top_block(book)[0]


def test_a_model_document_is_listed_not_copied(tmp_path: Path) -> None:
    document = tmp_path / "defects.json"
    document.write_text(run_cli("parse", DEFECTS).stdout, encoding="utf-8")
    report = lint([document])
    book = annotate(report)
    assert book.sheetnames == ["检查结果"]  # JSON is no table to mark
    assert len(findings_rows(book)) == len(report.findings) > 0
    assert all(cell_of(book, i, "位置").hyperlink is None for i in range(len(report.findings)))


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
    assert {row["文件"] for row in rows} == {"table.tsv", "TABLE.tsv", f"{long_name}[x].tsv"}
    index = next(i for i, row in enumerate(rows) if row["文件"] == "TABLE.tsv")
    assert cell_of(book, index, "位置").hyperlink.location.startswith("'TABLE (2)'!")
    check_print_setup(book)


def test_file_column_only_for_several_files(tmp_path: Path) -> None:
    single = annotate(lint([SAMPLE]))
    assert "文件" not in headings(single)
    several = annotate(lint([SAMPLE, DEFECTS]))
    assert headings(several) == ["文件", *HEADINGS]
    assert {row["文件"] for row in findings_rows(several)} == {SAMPLE.name, DEFECTS.name}
    assert sum(line.startswith("文件：") for line in top_block(several)) == 2  # each with its size and hash
    same_name = tmp_path / "x" / SAMPLE.name
    same_name.parent.mkdir()
    same_name.write_bytes(SAMPLE.read_bytes())
    clash = annotate(lint([SAMPLE, same_name]))  # two files of one name: named by their paths
    assert {row["文件"] for row in findings_rows(clash)} == {str(SAMPLE), str(same_name)}


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
    assert located and len(rows) == len(report.findings)
    for finding in located:
        index = next(i for i, row in enumerate(rows) if row["问题"] == finding.message)
        assert rows[index]["位置"] == place_label(finding, "zh")  # 绩效目标!C9（总计）
        link = cell_of(book, index, "位置").hyperlink
        assert link.location == f"'{finding.location.sheet}'!{finding.location.cell}"
        assert f"{finding.code}: {finding.message}" in book[finding.location.sheet][finding.location.cell].comment.text
    assert "绩效目标!J13（指标值）" in {row["位置"] for row in rows}


def test_workbook_input_prints_on_a4_with_its_header_on_every_page(workbook_input: Path) -> None:
    book = annotate(lint([workbook_input]))
    check_print_setup(book)
    assert book["绩效目标"].print_title_rows == "$3:$4"
    assert book["说明"].print_title_rows is None  # no table there
    assert book["绩效目标"]["C9"].value == "500000.00"  # the author's own workbook: its cells as they are


def test_authors_print_titles_are_kept(tmp_path: Path) -> None:
    path = defects_workbook(tmp_path / "own.xlsx")
    workbook = load_workbook(path)
    workbook["绩效目标"].print_title_rows = "1:4"
    workbook.save(path)
    for book in (annotate(lint([path])), annotate(lint([path, SAMPLE]))):
        assert book["绩效目标"].print_title_rows == "$1:$4"


def test_authors_comment_is_kept_above_the_findings(workbook_input: Path) -> None:
    cell = annotate(lint([workbook_input]))["绩效目标"]["J13"]
    assert cell.comment.text.startswith("请核实\n\nLG303: ")


def test_finding_in_a_merged_range_marks_its_top_left_cell(workbook_input: Path) -> None:
    finding = Finding(
        "LG002", "no-table", Severity.ERROR, "标题", Location(str(workbook_input), 1, 3, sheet="绩效目标", cell="C1")
    )
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
    check_print_setup(book)
    assert book["绩效目标"].print_title_rows == "$3:$4"


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
