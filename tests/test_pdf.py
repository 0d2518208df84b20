"""Tables published as PDF, as a user checks them: every cell read at its page, row
and column; the seed as PDF judged as the seed as text; each pitfall of a PDF
(spill, cut-off text, merged cells across pages, shading, scans, OCR layers, no
ruling, encryption, a file that is no PDF) said, at its page and cell.

The fixtures are committed PDFs (tests/data/pdf/, made by make.py with
LibreOffice, which the tests never need), each with the cells it must read as.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE, check_json, run_cli, stderr_lines

from lintgoals.readers import read
from lintgoals.readers.pdf import PdfTable, read_pdf_here

DATA = Path(__file__).resolve().parent / "data" / "pdf"
EXIT_FINDINGS, EXIT_ERROR = 1, 2
# Findings about reading the PDF itself, which the text table has not.
PDF_READING = {("LG003", "spill"), ("LG003", "cut_off")}


def expected(name: str) -> dict[str, Any]:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def cells_read(table: PdfTable) -> dict[tuple[int, int], dict[int, str]]:
    """(page, row on the page) → {1-based column: text} of the filled cells."""
    found: dict[tuple[int, int], dict[int, str]] = {}
    for sheet in table.sheets:
        for row in sheet.rows:
            cells = found.setdefault(table.places[row.line], {})
            cells.update({column: text for column, text in enumerate(row.cells, start=1) if text})
    return found


@pytest.fixture(scope="module")
def tables() -> dict[str, PdfTable]:
    return {name: read_pdf_here(DATA / f"{name}.pdf") for name in ("seed", "seed-unwrapped", "three-level", "shaded")}


def pdf_findings(*args: str | Path) -> tuple[Any, list[dict[str, Any]]]:
    result, report = check_json(*args)
    return result, report["findings"]


# --- every cell where the fixture put it ----------------------------------------------


@pytest.mark.parametrize("name", ["seed", "seed-unwrapped", "three-level", "shaded"])
def test_every_cell_is_read_at_its_page_row_and_column(tables: dict[str, PdfTable], name: str) -> None:
    table, wanted = tables[name], expected(name)
    found = cells_read(table)
    unwrapped = {tuple(cell) for cell in wanted.get("unwrapped", [])}
    missed = []
    for cell in wanted["cells"]:
        row = found.get((cell["page"], cell["row"]), {})
        if cell["column"] is None:  # a title, centred over the table wherever it falls
            ok = cell["text"] in row.values()
        elif (cell["page"], cell["row"], cell["column"]) in unwrapped:
            # Unwrapped text may be cut off by its neighbour: what is read starts it (and is flagged below).
            ok = bool(row.get(cell["column"])) and cell["text"].startswith(row[cell["column"]])
        else:
            ok = row.get(cell["column"]) == cell["text"]
        if not ok:
            missed.append((cell, row.get(cell["column"] or 0)))
    assert missed == []
    # Nothing else is read: no text twice, none from a repeated header, none drawn but not seen.
    places = {(cell["page"], cell["row"], cell["column"]) for cell in wanted["cells"]}
    titles = {(cell["page"], cell["row"]) for cell in wanted["cells"] if cell["column"] is None}
    extra = [
        (place, column, text)
        for place, row in found.items()
        for column, text in row.items()
        if (*place, column) not in places and place not in titles
    ]
    assert extra == []
    assert sorted({page for page, _ in found}) == list(range(1, wanted["pages"] + 1))


def test_each_cell_has_its_box_on_its_page(tables: dict[str, PdfTable]) -> None:
    table = tables["seed"]
    assert table.page_sizes[1] == pytest.approx((841.89, 595.3), abs=0.1)  # A4 landscape
    found = cells_read(table)
    line = next(line for line, place in table.places.items() if place == (1, 4))
    assert found[(1, 4)][1] == "239"
    left, top, right, bottom = table.boxes[(line, 1)]
    assert 0 <= left < right <= 841.89 and 0 <= top < bottom <= 595.3
    assert table.boxes[(line, 2)][0] == pytest.approx(right, abs=0.5)  # the next column starts at its border


def test_the_reader_runs_isolated_and_reads_the_same() -> None:
    table = read(DATA / "seed.pdf")
    assert isinstance(table, PdfTable)
    assert cells_read(table) == cells_read(read_pdf_here(DATA / "seed.pdf"))


# --- the seed as PDF is judged as the seed as text --------------------------------------


def judged(findings: list[dict[str, Any]]) -> list[tuple[str, str | None, str | None]]:
    return sorted((f["code"], f["project"], f["indicator"]) for f in findings)


def test_the_seed_as_pdf_gives_the_findings_of_the_seed_as_text() -> None:
    _, as_text = pdf_findings(SAMPLE)
    result, as_pdf = pdf_findings(DATA / "seed.pdf")
    assert result.exit_code == EXIT_FINDINGS
    assert judged(as_pdf) == judged(as_text)
    assert len(as_pdf) == 24


@pytest.mark.parametrize("name", ["seed-browser", "seed-browser-no-header"])
def test_the_seed_printed_by_a_browser_gives_the_findings_of_the_seed_as_text(name: str) -> None:
    # Another exporter: no merged cells, codes and amounts wrapped inside their cells,
    # and rows split across page breaks (what budget systems' web reports print), the
    # rest of a row under the repeated header or, without one, opening the next page.
    _, as_text = pdf_findings(SAMPLE)
    _, as_pdf = pdf_findings(DATA / f"{name}.pdf")
    assert judged(as_pdf) == judged(as_text)


def test_wrapped_codes_and_amounts_and_split_rows_are_read_whole() -> None:
    found = cells_read(read_pdf_here(DATA / "seed-browser.pdf"))
    # 239001 and 631580.00 are drawn on two lines each (2390|01, 63158|0.00): read whole.
    assert found[(1, 5)] == {1: "239001", 2: "驻京联络处本级"}
    assert found[(1, 6)][3] == "631580.00"
    # This row begins at the foot of page 3 and goes on under the header of page 4.
    assert found[(3, 6)] == {2: "对在京重要人士的日常联", 3: "20000.00", 4: "20000.00", 5: "0", 6: "0", 7: "0"}
    assert not any("日常联" in text for place, row in found.items() if place[0] == 4 for text in row.values())


def test_wrapped_text_reaching_its_border_is_not_cut_off() -> None:
    # The browser sets a full-width "）" against the border of 指标值（个|性）: its glyph box
    # reaches past it, but the text was wrapped, so nothing is hidden.
    _, findings = pdf_findings(DATA / "seed-browser.pdf")
    assert [f for f in findings if f["code"] == "LG003" and f["page"] is not None and "PDF" in f["message"]] == []


CORPUS = Path(__file__).resolve().parent / "corpus"


@pytest.mark.parametrize(
    ("name", "table"),
    [
        ("corpus-merged-over-pages", "hunan-changde-lixian_2021_shiyongjunyanjiusuo"),
        ("corpus-list-in-cell", "hunan-xiangtan_2024_wupaoche"),
    ],
)
def test_a_corpus_table_as_pdf_reads_and_judges_as_its_workbook(name: str, table: str) -> None:
    # Real tables exported as departments do (tests/data/pdf/make.py): merged cells whose
    # text LibreOffice draws on the next page, beside the grid; a list on lines of one cell.
    def texts(rows: Any) -> list[list[str]]:
        return [["".join(cell.split()) for cell in row.cells] for row in rows]

    workbook = texts(read(CORPUS / f"{table}.xlsx").sheets[0].rows)
    assert texts(read_pdf_here(DATA / f"{name}.pdf").sheets[0].rows) == workbook
    _, as_workbook = pdf_findings(CORPUS / f"{table}.xlsx")
    _, as_pdf = pdf_findings(DATA / f"{name}.pdf")
    assert judged(as_pdf) == [
        (code, project, (indicator or "").replace("\n", "") or None) for code, project, indicator in judged(as_workbook)
    ]


def test_a_page_that_repeats_the_first_pages_data_keeps_it(tmp_path: Path) -> None:
    # Two copies of the seed in one file: the second's first page repeats the first's
    # title and header (dropped) and its data rows (kept: they are no header).
    import pypdfium2 as pdfium

    source, twice = pdfium.PdfDocument(DATA / "seed.pdf"), pdfium.PdfDocument.new()
    twice.import_pages(source)
    twice.import_pages(source)
    twice.save(str(tmp_path / "twice.pdf"))
    doubled = tmp_path / "twice.tsv"
    doubled.write_text(SAMPLE.read_text(encoding="utf-8") * 2, encoding="utf-8")
    _, as_text = pdf_findings(doubled)
    _, report = check_json(tmp_path / "twice.pdf")
    assert (report["files"][0]["units"], report["files"][0]["indicators"]) == (6, 92)
    assert judged(report["findings"]) == judged(as_text)


def test_the_unwrapped_seed_differs_only_by_its_reading_findings() -> None:
    _, as_text = pdf_findings(SAMPLE)
    _, as_pdf = pdf_findings(DATA / "seed-unwrapped.pdf")
    reading = [f for f in as_pdf if f["code"] == "LG003" and "PDF" in f["message"]]
    rest = [f for f in as_pdf if f not in reading]
    assert reading
    # The judging findings are the text table's, apart from those about a value cut
    # off in the PDF (its text is another: 相当。每月每平方米 without 200元左右。).
    cut_indicators = {f["indicator"] for f in reading if "不完整" in f["message"]}
    assert [key for key in judged(rest) if key not in judged(as_text)] == []
    assert [key for key in judged(as_text) if key not in judged(rest) and key[2] not in cut_indicators] == []


# --- the pitfalls, each said at its cell -----------------------------------------------


def test_spill_over_is_lg003_at_the_cell_it_starts_in_and_reads_as_that_cells() -> None:
    _, findings = pdf_findings(DATA / "seed-unwrapped.pdf")
    (spill,) = [f for f in findings if f["code"] == "LG003" and (f["page"], f["line"], f["column"]) == (1, 7, 11)]
    assert "越过右边框" in spill["message"] and spill["header"] == "指标描述"
    assert (spill["project"], spill["indicator"]) == ("办公及生活用房租用", "租赁用房质量及规格标准化")
    assert spill["text"] == "定性指标。质量是否符合办公居住要求，规格设计是否符合办公用房标准，是否与办公需求相适应。"
    assert spill["unit"] == {"code": "239001", "name": "驻京联络处本级"}


def test_cut_off_text_is_lg003_at_its_cell_and_says_it_may_be_incomplete() -> None:
    _, findings = pdf_findings(DATA / "seed-unwrapped.pdf")
    (cut,) = [f for f in findings if f["code"] == "LG003" and (f["page"], f["line"], f["column"]) == (3, 4, 10)]
    assert "可能不完整" in cut["message"] and "不超出上年接待费标" in cut["message"]
    assert (cut["project"], cut["indicator"], cut["header"]) == ("公务接待费", "年度经费控制率", "指标值")


def test_every_cell_read_incomplete_is_flagged_and_only_unwrapped_cells_are(tables: dict[str, PdfTable]) -> None:
    table, wanted = tables["seed-unwrapped"], expected("seed-unwrapped")
    found = cells_read(table)
    flags = {
        (note.location.page, note.location.line, note.location.column): note.variant
        for note in table.notes
        if note.code == "LG003"
    }
    unwrapped = {tuple(cell) for cell in wanted["unwrapped"]}
    assert set(flags) <= unwrapped
    incomplete = {
        (c["page"], c["row"], c["column"])
        for c in wanted["cells"]
        if (c["page"], c["row"], c["column"]) in unwrapped
        and found[(c["page"], c["row"])].get(c["column"]) != c["text"]
    }
    assert incomplete and {place: flags.get(place) for place in incomplete} == dict.fromkeys(incomplete, "cut_off")
    assert "spill" in flags.values()


def test_a_text_report_places_a_pdf_finding_by_page_row_and_header() -> None:
    result = run_cli("check", DATA / "seed-unwrapped.pdf")
    assert "第 3 页 第 4 行·指标值" in result.stdout
    english = run_cli("check", "--lang", "en", DATA / "seed-unwrapped.pdf")
    assert "page 3, line 4 · 指标值" in english.stdout


@pytest.mark.parametrize("name", ["three-level", "shaded"])
def test_merged_cells_across_pages_are_joined(tables: dict[str, PdfTable], name: str) -> None:
    found = cells_read(tables[name])
    # 产出指标 is merged over 20 rows from page 1 into page 2, 质量指标 over 5 rows across
    # the same break; the exporter draws their text once, in the middle of the whole range.
    # Each is read once, into the range's first cell, as the workbook holds it.
    level1 = [(place, cells[1]) for place, cells in sorted(found.items()) if cells.get(1) and place >= (1, 9)]
    assert level1 == [((1, 9), "一级指标"), ((1, 10), "产出指标"), ((3, 2), "效益指标"), ((3, 10), "满意度指标")]
    level2 = [(place, cells[2]) for place, cells in sorted(found.items()) if cells.get(2, "").endswith("指标")]
    assert level2[:4] == [((1, 9), "二级指标"), ((1, 10), "数量指标"), ((1, 18), "质量指标"), ((2, 6), "时效指标")]
    _, report = check_json("--layout", "three-level", DATA / f"{name}.pdf")
    assert report["files"][0]["indicators"] == 30
    # No indicator lost its 一级 or 二级: no finding says a category is missing.
    assert not [f for f in report["findings"] if f["code"] in ("LG004",)]


def test_shading_is_not_taken_for_borders(tables: dict[str, PdfTable]) -> None:
    # The shaded table (grey header and 一级 cells: filled rectangles) reads as the plain one.
    assert cells_read(tables["shaded"]) == cells_read(tables["three-level"])
    assert tables["shaded"].places == tables["three-level"].places


def assert_unreadable(result: Any, findings: list[dict[str, Any]], name: str, variant_words: str) -> None:
    """LG001 alone, exit 2 with one line on stderr naming the file, no traceback."""
    assert result.exit_code == EXIT_ERROR, result.output
    assert "Traceback" not in result.stderr
    (line,) = stderr_lines(result)
    assert name in line
    assert [f["code"] for f in findings] == ["LG001"]
    assert variant_words in findings[0]["message"]


def test_a_scanned_page_is_lg001_page_1_is_a_scan() -> None:
    result, findings = pdf_findings(DATA / "scanned.pdf")
    assert_unreadable(result, findings, "scanned.pdf", "第 1 页是扫描图像，没有文字层，无法读取")


def test_a_scan_with_an_invisible_ocr_layer_is_lg001() -> None:
    result, findings = pdf_findings(DATA / "scanned-ocr.pdf")
    assert_unreadable(result, findings, "scanned-ocr.pdf", "文字识别（OCR）层")


def test_an_encrypted_pdf_is_lg001() -> None:
    result, findings = pdf_findings(DATA / "encrypted.pdf")
    assert_unreadable(result, findings, "encrypted.pdf", "密码保护")


@pytest.mark.parametrize("content", [b"\tnot a pdf at all\n", b"%PDF-1.7\n%broken\n1 0 obj\n<<", b"PK\x03\x04" * 50])
def test_a_file_named_pdf_that_is_no_pdf_is_lg001(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "绩效目标表.pdf"
    path.write_bytes(content)
    result, findings = pdf_findings(path)
    assert_unreadable(result, findings, "绩效目标表.pdf", "PDF")


def test_a_page_with_text_but_no_ruled_table_says_so() -> None:
    _, report = check_json(DATA / "borderless.pdf")
    said = [f for f in report["findings"] if f["code"] == "LG001"]
    assert [(f["page"], f["line"]) for f in said] == [(1, None)]
    assert "第 1 页有文字但没有画出表格线" in said[0]["message"]
    # The terminal says the page once: the message names it, so no place goes before it.
    text = run_cli("check", DATA / "borderless.pdf").stdout
    assert "LG001 第 1 页有文字但没有画出表格线" in text and "第 1 页 第 1 页" not in text


# --- where reports put the page ---------------------------------------------------------


def test_json_and_sarif_carry_the_page(tmp_path: Path) -> None:
    _, report = check_json(DATA / "seed.pdf")
    assert all(f["page"] is not None for f in report["findings"])
    _, text_report = check_json(SAMPLE)
    assert all(f["page"] is None for f in text_report["findings"])
    sarif = tmp_path / "report.sarif"
    run_cli("check", "-f", "sarif", "-o", sarif, DATA / "seed.pdf")
    results = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in results]
    pages = [(f["page"], f["line"]) for f in report["findings"]]
    assert [(region["properties"]["page"], region["startLine"]) for region in regions] == pages


def test_the_html_report_shows_the_page(tmp_path: Path) -> None:
    html = tmp_path / "report.html"
    run_cli("check", "-f", "html", "-o", html, DATA / "seed-unwrapped.pdf")
    page = html.read_text(encoding="utf-8")
    assert "第 3 页 第 4 行·指标值" in page
    assert '<td class="line">第 3 页 ' in page


def test_a_parsed_pdf_keeps_its_pages(tmp_path: Path) -> None:
    model = tmp_path / "seed.json"
    result = run_cli("parse", DATA / "seed.pdf")
    assert result.exit_code == 0, result.output
    model.write_text(result.stdout, encoding="utf-8")
    document = json.loads(result.stdout)
    project = next(unit for unit in document["units"] if unit["projects"])["projects"][0]
    assert project["location"]["page"] == 1
    _, again = check_json(model)
    _, direct = check_json(DATA / "seed.pdf")
    assert [(f["code"], f["page"], f["line"]) for f in again["findings"]] == [
        (f["code"], f["page"], f["line"]) for f in direct["findings"]
    ]


def test_the_annotated_workbook_has_a_sheet_a_page_and_marks_the_cell(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    marked = tmp_path / "marked.xlsx"
    run_cli("check", "--annotate", marked, DATA / "seed-unwrapped.pdf")
    workbook = load_workbook(marked)
    assert workbook.sheetnames[1:] == [f"seed-unwrapped 第{page}页" for page in range(1, 8)]
    cell = workbook["seed-unwrapped 第3页"]["J4"]  # 第 3 页 第 4 行, column 10
    assert cell.value == "不超出上年接待费标"
    assert cell.comment is not None and "LG003" in cell.comment.text
    links = [
        row[1].hyperlink.location
        for row in workbook.worksheets[0].iter_rows()
        if row[1].value == "第 3 页 第 4 行·指标值" and row[1].hyperlink
    ]
    assert links and links[0] == "'seed-unwrapped 第3页'!J4"


def test_the_html_report_shows_a_pdf_cells_crop_on_request(tmp_path: Path) -> None:
    import base64
    import re
    import struct

    plain, cropped = tmp_path / "plain.html", tmp_path / "cropped.html"
    run_cli("check", "-f", "html", "-o", plain, DATA / "seed-unwrapped.pdf", SAMPLE)
    result = run_cli("check", "--pdf-crops", "-f", "html", "-o", cropped, DATA / "seed-unwrapped.pdf", SAMPLE)
    assert result.exit_code == EXIT_FINDINGS
    assert '<img class="crop"' not in plain.read_text(encoding="utf-8")
    page = cropped.read_text(encoding="utf-8")
    images = re.findall(r'<img class="crop" src="data:image/png;base64,([^"]+)" alt="([^"]+)"', page)
    _, report = check_json(DATA / "seed-unwrapped.pdf")
    on_cells = [f for f in report["findings"] if f["column"] is not None]
    assert len(images) == len(on_cells)  # one a finding on a PDF cell; none for the text table
    png = next(base64.b64decode(data) for data, alt in images if alt == "第 3 页 第 4 行·指标值")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    # The cell (column 10: 43.5 points wide, a row of 15.7) and its margins, at 2 pixels a point.
    assert 250 < width < 300 and 40 < height < 60
