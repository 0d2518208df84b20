"""The HTML report as a budget officer opens it: self-contained, findings beside the
rows they point at, explanations one click away, filters, Chinese or English, and
every piece of cell text shown as text."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import SAMPLE, sample_variant, set_cell

from lintgoals.api import lint
from lintgoals.model import Document, FileResult, Finding, Location, Report, Severity
from lintgoals.reporters import ReportOptions
from lintgoals.reporters.html import write_html

ROOT = Path(__file__).resolve().parents[1]
DEFECTS = ROOT / "examples" / "defects-2020.tsv"


def html_of(report: Report, lang: str = "zh") -> str:
    stream = io.StringIO()
    write_html(report, stream, ReportOptions(lang=lang, version="9.9.9"))
    return stream.getvalue()


@pytest.fixture(scope="module")
def defects_page() -> str:
    return html_of(lint([DEFECTS]))


class Elements(HTMLParser):
    """Tags with their attributes, and every script and style body, as a browser parses them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in = tag if tag in self.raw else None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.raw[self._in].append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in = None


def parse(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    return parser


def row_holding(page: str, text: str) -> str:
    """The <tr>…</tr> of the table row whose cell holds `text`."""
    rows = [row for row in re.findall(r"<tr[ >].*?</tr>", page, re.DOTALL) if f">{text}<" in row]
    assert len(rows) == 1, (text, len(rows))
    return rows[0]


def test_page_is_self_contained(defects_page: str) -> None:
    elements = parse(defects_page)
    assert len(elements.raw["script"]) == 1 and len(elements.raw["style"]) == 1
    for tag, attributes in elements.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed"), tag
        assert "src" not in attributes, tag
        href = attributes.get("href")
        assert href is None or href.startswith("#"), href
    assert "http://" not in defects_page and "https://" not in defects_page
    assert "@import" not in elements.raw["style"][0] and "url(" not in elements.raw["style"][0]


def test_page_is_chinese_by_default(defects_page: str) -> None:
    assert '<html lang="zh-CN">' in defects_page
    assert "<title>绩效目标表检查报告</title>" in defects_page
    assert "<th>一级指标</th><th>明细指标</th><th>指标值</th><th>指标描述</th><th>问题</th>" in defects_page


def test_summary_counts_files_units_projects_indicators_and_severities(defects_page: str) -> None:
    cards = {label: int(number) for number, label in re.findall(
        r'<span class="n">(\d+)</span><span class="label">([^<]+)</span>', defects_page)}
    assert cards == {"文件": 1, "单位": 4, "项目": 10, "指标": 33, "错误": 16, "警告": 12, "提示": 0}


def test_summary_counts_findings_by_rule_with_the_rule_summary(defects_page: str) -> None:
    row = re.search(r'<tr><td><code class="code-link" data-code="LG307">.*?</tr>', defects_page).group(0)
    assert "range-value" in row and '<td class="num">2</td>' in row and "“3-5次”这样的范围" in row


def test_finding_sits_beside_the_row_and_cell_it_points_at(defects_page: str) -> None:
    row = row_holding(defects_page, "约500人")
    assert "LG306" in row and "培训教师人数" in row
    assert '<td class="hit-warning">约500人' in row  # the value cell is shaded, not the whole row
    assert '<td class="hit-warning">培训教师人数' not in row
    assert "LG306" not in row_holding(defects_page, "2-4门")  # and only beside its own row


def test_project_row_shows_funding_with_the_wrong_amount_marked(defects_page: str) -> None:
    row = row_holding(defects_page, "-20000.00")
    assert "LG102" in row
    assert '<span class="amount hit-error"><span class="label">其他资金</span>-20000.00</span>' in row


def test_namesake_projects_keep_their_own_findings(defects_page: str) -> None:
    # The table has 教研活动 twice (LG402): the second one's findings stay with it.
    sections = re.findall(r'<details class="project" data-group open><summary>教研活动 .*?</details>\s*(?=<details'
                          r'|</section)', defects_page, re.DOTALL)
    assert len(sections) == 2
    assert "LG204" in sections[0] and "LG402" not in sections[0]
    assert "LG402" in sections[1] and "LG205" in sections[1] and "LG204" not in sections[1]


def test_finding_outside_any_unit_is_listed_under_the_file(defects_page: str) -> None:
    block = re.search(r"<h3>不属于任何单位</h3>.*?</section>", defects_page, re.DOTALL).group(0)
    assert "LG004" in block and "无主项目" in block


def test_explanation_is_one_click_away(defects_page: str) -> None:
    item = re.search(r'<li class="finding sev-error" data-severity="error" data-code="LG101">.*?</li>',
                     defects_page, re.DOTALL).group(0)
    assert '<details class="rule-why"><summary>为什么？怎么改？</summary>' in item
    assert "总计必须等于一般公共预算" in item


def test_filters_by_severity_and_code_are_hidden_until_the_script_shows_them(defects_page: str) -> None:
    bar = re.search(r'<nav id="filters" hidden>.*?</nav>', defects_page, re.DOTALL).group(0)
    assert 'value="error" checked' in bar and 'value="warning" checked' in bar
    assert 'value="info"' not in bar  # no info findings, no info filter
    assert '<option value="LG303">LG303 vague-value (1)</option>' in bar
    findings = re.findall(r'<li class="finding [^"]+" data-severity="(\w+)" data-code="(\w+)"', defects_page)
    assert len(findings) == 28


def test_print_layout_is_a4(defects_page: str) -> None:
    assert "@page { size: A4 portrait;" in defects_page
    assert "@media print" in defects_page


def test_english_page() -> None:
    page = html_of(lint([DEFECTS]), lang="en")
    assert '<html lang="en">' in page
    assert "<th>category</th><th>indicator</th><th>target</th><th>description</th><th>problems</th>" in page
    assert "Why, and how to fix" in page and "为什么" not in page
    assert '<span class="label">errors</span>' in page
    assert "1 file checked" in page


def test_cell_text_is_escaped_never_markup(tmp_path: Path) -> None:
    def plant(lines: list[str]) -> None:
        set_cell(lines, 14, 10, "<script>alert('x')</script>&amp;")  # a satisfaction target
    path = sample_variant(tmp_path, "script.tsv", plant)
    page = html_of(lint([path]))
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&amp;amp;" in page
    elements = parse(page)
    assert len(elements.raw["script"]) == 1  # only the page's own


def test_unreadable_file_says_so_with_its_reason() -> None:
    finding = Finding("LG001", "unreadable-file", Severity.ERROR, "无法读取文件：不是 Excel 工作簿",
                      Location("broken.xlsx"))
    page = html_of(Report([FileResult("broken.xlsx", None, [finding], error="broken.xlsx: 不是 Excel 工作簿")]))
    section = re.search(r'<section class="file".*?</section>', page, re.DOTALL).group(0)
    assert '<span class="unreadable">无法读取</span>' in section
    assert "broken.xlsx: 不是 Excel 工作簿" in section and "LG001" in section


def test_workbook_finding_names_its_sheet_and_cell() -> None:
    document = Document("budget.xlsx", "seed-2019", Location("budget.xlsx"))
    finding = Finding("LG305", "percent-out-of-range", Severity.INFO, "百分比 120% 超出 0–100",
                      Location("budget.xlsx", 9, 3, sheet="绩效 目标", cell="C9"))
    page = html_of(Report([FileResult("budget.xlsx", document, [finding])]))
    assert "LG305 percent-out-of-range · &#x27;绩效 目标&#x27;!C9" in page


def test_clean_file_says_no_problems_and_keeps_projects_closed() -> None:
    page = html_of(lint([ROOT / "examples" / "clean-2020.tsv"]))
    assert '<span class="clean">未发现问题</span>' in page
    assert "<p>本次检查没有发现问题。</p>" in page
    assert '<nav id="filters"' not in page  # nothing to filter
    assert "<details class=\"project\" data-group><summary>" in page and " open>" not in page


def test_several_files_get_a_file_table_with_links() -> None:
    page = html_of(lint([DEFECTS, SAMPLE]))
    assert '<a href="#file-1">' in page and '<a href="#file-2">' in page
    assert 'id="file-1"' in page and 'id="file-2"' in page
