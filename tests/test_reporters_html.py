"""The HTML report as a budget officer opens it: the verdict first, then the problems,
each a link to its row; findings beside the rows and cells they point at, places
named as the table names them (第 14 行·指标值, Sheet!F12（指标值）), rules by
title, explanations one click away, filters, Chinese or English, and every piece
of cell text shown as text. (How it looks in a browser: test_report_pages.py.)"""

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
from lintgoals.reporters import html as html_reporter
from lintgoals.reporters.html import write_html

ROOT = Path(__file__).resolve().parents[1]
DEFECTS = ROOT / "examples" / "defects-2020.tsv"
WORKBOOK = ROOT / "examples" / "workbooks" / "three-level-defects.xlsx"


def html_of(report: Report, lang: str = "zh", fail_on: str = "error") -> str:
    stream = io.StringIO()
    write_html(report, stream, ReportOptions(lang=lang, version="9.9.9", fail_on=fail_on))
    return stream.getvalue()


@pytest.fixture(scope="module")
def defects_report() -> Report:
    with pytest.MonkeyPatch.context() as patch:  # made before conftest's fixed_run_time, which is per test
        patch.setenv("SOURCE_DATE_EPOCH", "1767225600")
        return lint([DEFECTS])


@pytest.fixture(scope="module")
def defects_page(defects_report: Report) -> str:
    return html_of(defects_report)


def count(report: Report, severity: Severity | None = None) -> int:
    """How many findings the report has (of one severity): the defects example grows with
    every rule that gets one, so the page is held to the report, not to a number."""
    return sum(1 for finding in report.findings if severity is None or finding.severity is severity)


class Elements(HTMLParser):
    """Tags with their attributes, every script and style body, and the text a reader
    sees (outside script and style), as a browser parses them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self.text: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in = tag if tag in self.raw else None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.raw[self._in].append(data)
        else:
            self.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def ids(self) -> set[str]:
        return {attributes["id"] for _, attributes in self.tags if attributes.get("id")}


def parse(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    return parser


def visible_text(page: str) -> str:
    return "".join(parse(page).text)


def row_holding(page: str, text: str) -> str:
    """The <tr>…</tr> of a project's table whose cell holds `text`."""
    tables = "".join(re.findall(r'<table class="rows">.*?</table>', page, re.DOTALL))
    rows = [row for row in re.findall(r"<tr[ >].*?</tr>", tables, re.DOTALL) if f">{text}<" in row]
    assert len(rows) == 1, (text, len(rows))
    return rows[0]


def section(page: str, pattern: str) -> str:
    found = re.search(pattern, page, re.DOTALL)
    assert found, pattern
    return found.group(0)


def verdict_of(page: str) -> str:
    return section(page, r'<section class="verdict.*?</section>')


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


def test_verdict_comes_first_and_says_what_each_severity_means(defects_report: Report, defects_page: str) -> None:
    box = verdict_of(defects_page)
    errors, warnings = count(defects_report, Severity.ERROR), count(defects_report, Severity.WARNING)
    assert errors and warnings
    assert f'<p class="headline">请修改后再提交：有 {errors} 个问题提交前必须修改</p>' in box
    assert f'<span class="badge sev-error">错误 {errors}</span> — 提交前必须修改' in box
    assert f'<span class="badge sev-warning">警告 {warnings}</span> — 建议修改' in box
    assert '<span class="badge sev-info">提示 0</span> — 供参考' in box
    # Nothing but the page's title comes before it.
    assert defects_page.index('<section class="verdict') < defects_page.index("<h2")


def test_verdict_box_names_the_file_its_stamp_layout_scope_version_and_time(
    defects_report: Report, defects_page: str
) -> None:
    scope = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", verdict_of(defects_page)))
    assert scope["文件"].startswith(str(DEFECTS)) and re.search(r"· \d+\.\d KB · SHA-256 [0-9a-f]{8}$", scope["文件"])
    summary = defects_report.files[0].summary
    assert scope["表格"] == (
        f"2020年市级部门预算项目绩效目标表 · {summary.units} 个单位，{summary.projects} 个项目，"
        f"{summary.indicators} 个指标"
    )
    assert scope["表样"] == "部门预算项目绩效目标表（单位、项目、指标逐行排列） · 2019 指标体系"
    assert scope["检查范围"].startswith("规则包：core；配置：无（默认）；此表无“权重”")
    assert scope["检查时间"] == "2026-01-01 08:00（北京时间） · lintgoals 9.9.9"  # SOURCE_DATE_EPOCH, in Beijing time
    assert "seed-2019" not in visible_text(defects_page)  # the layout by its title, never by its name


def test_fail_on_warning_makes_warnings_must_fix(defects_report: Report) -> None:
    box = verdict_of(html_of(defects_report, fail_on="warning"))
    assert f'<p class="headline">请修改后再提交：有 {count(defects_report)} 个问题提交前必须修改</p>' in box
    assert (
        f'<span class="badge sev-warning">警告 {count(defects_report, Severity.WARNING)}</span> — 提交前必须修改' in box
    )
    assert "建议修改" not in box


def test_clean_table_may_be_submitted() -> None:
    page = html_of(lint([ROOT / "examples" / "clean-2020.tsv"]))
    box = verdict_of(page)
    assert '<section class="verdict pass"' in box
    assert '<p class="headline">可以提交：未发现提交前必须修改的问题</p>' in box
    assert '<span class="clean">未发现问题</span>' in page
    assert '<p class="none">本次检查没有发现问题。</p>' in page
    assert '<nav id="filters"' not in page and 'id="problems"' not in page  # nothing to list or filter
    assert '<details class="project" data-group><summary>' in page and " open>" not in page


def test_problems_come_right_after_the_verdict_and_the_rule_table_is_folded(
    defects_report: Report, defects_page: str
) -> None:
    order = [
        defects_page.index(marker)
        for marker in (
            '<section class="verdict',
            '<section class="problems-list"',
            '<details class="overview rules"',
            '<p class="hint"',
            '<nav id="filters"',
            '<section class="file',
        )
    ]
    assert order == sorted(order)
    rules = len({finding.code for finding in defects_report.findings})
    assert (
        f'<details class="overview rules" id="rules"><summary><h2>按规则统计（{rules} 条规则）</h2></summary>'
        in defects_page
    )


def test_problem_list_links_each_problem_to_its_finding(defects_report: Report, defects_page: str) -> None:
    listed = section(defects_page, r'<section class="problems-list".*?</section>')
    links = re.findall(r'<td class="place"><a href="#(f-\d+)">([^<]+)</a>', listed)
    findings = re.findall(r'<li class="finding [^"]+" id="(f-\d+)"', defects_page)
    assert len(links) == len(findings) == count(defects_report)
    assert sorted(anchor for anchor, _ in links) == sorted(findings)
    assert {anchor for anchor, _ in links} <= parse(defects_page).ids()
    severities = re.findall(r'<td class="sev"><span class="badge sev-(\w+)">', listed)
    assert severities == sorted(severities, key=["error", "warning", "info"].index)  # the must-fix first
    row = section(listed, r'<tr data-for="f-\d+">(?:(?!</tr>).)*约500人.*?</tr>')
    assert "第 10 行·指标值</a>" in row and "培训教师人数" in row and "教师培训" in row
    assert '<b class="rule-title">指标值是约数</b> 指标值“约500人”是约数' in row


def test_long_problem_list_stops_and_says_how_many_more(
    defects_report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(html_reporter, "LIST_LIMIT", 5)
    listed = section(html_of(defects_report), r'<section class="problems-list".*?</section>')
    assert len(re.findall(r"<tr data-for=", listed)) == 5
    assert f'<a href="#details">还有 {count(defects_report) - 5} 个问题未列在这里，见下文各项目。</a>' in listed


def test_each_finding_links_to_the_next(defects_report: Report, defects_page: str) -> None:
    last = count(defects_report)
    items = re.findall(r'<li class="finding [^"]+" id="f-(\d+)".*?</li>', defects_page, re.DOTALL)
    assert [int(n) for n in items] == list(range(1, last + 1))  # numbered in page order
    for number in range(1, last):
        item = section(defects_page, rf'<li class="finding [^"]+" id="f-{number}".*?</li>')
        assert f'<a class="next" href="#f-{number + 1}">下一个问题 ↓</a>' in item
    assert 'class="next"' not in section(defects_page, rf'<li class="finding [^"]+" id="f-{last}".*?</li>')


def test_places_are_named_by_row_and_column_header(defects_page: str) -> None:
    item = section(
        defects_page,
        r'<li class="finding sev-warning" id="f-\d+" data-severity="warning" '
        r'data-code="LG306">.*?</li>',
    )
    assert '<span class="where"><span class="place">第 10 行·指标值</span> · LG306 指标值是约数</span>' in item
    assert not re.search(r"第 \d+ 行第 \d+ 列", defects_page)


def test_workbook_places_name_sheet_cell_and_header() -> None:
    page = html_of(lint([WORKBOOK]))
    assert '<span class="place">路灯维护!F12（指标值）</span>' in page
    assert '<a href="#f-' in page and "路灯维护!F12（指标值）</a>" in page


def test_rules_are_named_by_title_never_by_slug(defects_report: Report, defects_page: str) -> None:
    slugs = {finding.name for finding in defects_report.findings}
    assert "approximate-value" in slugs
    for slug in slugs:
        assert slug not in defects_page, slug
    table = section(defects_page, r'<table class="by-code">.*?</table>')
    row = section(table, r'<tr><td><code class="code-link" data-code="LG307">.*?</tr>')
    assert "<td>指标值是一个范围</td>" in row and '<td class="num">2</td>' in row and "“3-5次”这样的范围" in row


def test_messages_are_not_followed_by_their_indicator_again(defects_page: str) -> None:
    assert "（指标：" not in defects_page


def test_finding_sits_beside_the_row_and_cell_it_points_at(defects_page: str) -> None:
    row = row_holding(defects_page, "约500人")
    anchor = re.search(r'<li class="finding sev-warning" id="(f-\d+)"[^>]*data-code="LG306"', row).group(1)
    assert "培训教师人数" in row
    # The value cell is shaded, and names the finding that shades it; the name is not.
    assert f'<td class="value hit-warning" data-hits="{anchor}">约500人' in row
    assert '<td class="name">培训教师人数' in row
    assert "LG306" not in row_holding(defects_page, "2-4门")  # and only beside its own row


def test_project_row_shows_funding_with_the_wrong_amount_marked(defects_page: str) -> None:
    row = row_holding(defects_page, "-20000.00")
    assert "LG102" in row
    assert re.search(
        r'<span class="amount hit-error" data-hits="f-\d+"><span class="label">其他资金</span>'
        r"-20000.00</span>",
        row,
    )


def test_namesake_projects_keep_their_own_findings(defects_page: str) -> None:
    # The table has 教研活动 twice (LG402): the second one's findings stay with it.
    sections = re.findall(
        r'<details class="project has-findings" open data-group><summary>教研活动 .*?</details>\s*'
        r"(?=<details|</section)",
        defects_page,
        re.DOTALL,
    )
    assert len(sections) == 2
    assert "LG204" in sections[0] and "LG402" not in sections[0]
    assert "LG402" in sections[1] and "LG205" in sections[1] and "LG204" not in sections[1]


def test_unit_headings_count_projects_and_problems(defects_page: str) -> None:
    assert (
        '<h3>401001 市教育局本级 <span class="unit-sum">8 个项目，8 个有问题 '
        '<span class="badge sev-error">错误 12</span><span class="badge sev-warning">警告 12</span></span></h3>'
        in defects_page
    )
    assert "<h3>401 市教育局</h3>" in defects_page  # a department with no projects of its own: no counts


def test_finding_outside_any_unit_is_listed_under_the_file(defects_page: str) -> None:
    block = section(defects_page, r"<h3>不属于任何单位</h3>.*?</section>")
    assert "LG004" in block and "无主项目" in block


def test_explanation_is_one_click_away(defects_page: str) -> None:
    item = section(
        defects_page,
        r'<li class="finding sev-error" id="f-\d+" data-severity="error" '
        r'data-code="LG101">.*?</li>',
    )
    assert '<details class="rule-why"><summary>为什么？怎么改？</summary>' in item
    assert "总计必须等于一般公共预算" in item


def test_hint_points_down_to_the_filters_only_where_there_are_any(defects_page: str) -> None:
    hint = section(defects_page, r'<p class="hint".*?</p>')
    # The filters are below the hint, and shown only by the script: so is the sentence about them.
    assert '<span class="js-only">用下方的筛选只看某一级别或某条规则。</span>' in hint
    assert defects_page.index('<p class="hint"') < defects_page.index('<nav id="filters"')
    assert ".js-only { display: none; } .js .js-only { display: inline; }" in defects_page


def test_filters_by_severity_and_rule_are_hidden_until_the_script_shows_them(defects_page: str) -> None:
    bar = section(defects_page, r'<nav id="filters" hidden>.*?</nav>')
    assert 'value="error" checked' in bar and 'value="warning" checked' in bar
    assert 'value="info"' not in bar  # no info findings, no info filter
    assert '<option value="LG303">LG303 指标值无法衡量 (1)</option>' in bar
    assert '<button type="button" id="print-problems">只打印有问题的行</button>' in bar


def test_print_layout_is_a4_with_a_mode_for_the_rows_with_problems(defects_page: str) -> None:
    style = parse(defects_page).raw["style"][0]
    assert "@page { size: A4 portrait;" in style and "@media print" in style
    assert ".print-problems table.rows tbody tr:not(.hit)" in style
    assert 'root.classList.add("print-problems");' in parse(defects_page).raw["script"][0]


def test_english_page(defects_report: Report) -> None:
    page = html_of(defects_report, lang="en")
    assert '<html lang="en">' in page
    assert "<th>category</th><th>indicator</th><th>target</th><th>description</th><th>problems</th>" in page
    assert "Why, and how to fix" in page and "为什么" not in visible_text(page)
    box = verdict_of(page)
    assert (
        f'<span class="badge sev-error">{count(defects_report, Severity.ERROR)} errors</span> — must be fixed before submission'
        in box
    )
    assert "<dt>Checked at</dt><dd>2026-01-01 00:00 UTC · lintgoals 9.9.9</dd>" in box
    assert '<section class="problems-list" id="problems"><h2>Problems ' in page
    assert "next problem ↓" in page


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
    finding = Finding(
        "LG001", "unreadable-file", Severity.ERROR, "无法读取文件：不是 Excel 工作簿", Location("broken.xlsx")
    )
    page = html_of(Report([FileResult("broken.xlsx", None, [finding], error="broken.xlsx: 不是 Excel 工作簿")]))
    file_part = section(page, r'<section class="file.*?</section>')
    assert '<span class="unreadable">无法读取</span>' in file_part
    assert "broken.xlsx: 不是 Excel 工作簿" in file_part and "LG001" in file_part
    assert "<dt>文件</dt><dd>broken.xlsx · 无法读取</dd>" in verdict_of(page)
    assert '<td class="place"><a href="#f-1">整个文件</a></td>' in page


def test_workbook_finding_names_its_sheet_and_cell() -> None:
    document = Document("budget.xlsx", "seed-2019", Location("budget.xlsx"))
    finding = Finding(
        "LG305",
        "percent-out-of-range",
        Severity.INFO,
        "百分比 120% 超出 0–100",
        Location("budget.xlsx", 9, 3, sheet="绩效 目标", cell="C9"),
    )
    page = html_of(Report([FileResult("budget.xlsx", document, [finding])]))
    assert '<span class="place">&#x27;绩效 目标&#x27;!C9</span> · LG305' in page


def test_several_files_get_a_file_table_with_links_and_stamps() -> None:
    page = html_of(lint([DEFECTS, SAMPLE]))
    table = section(page, r'<section class="overview files-table">.*?</section>')
    assert '<a href="#file-1">' in table and '<a href="#file-2">' in table
    assert len(re.findall(r'<span class="stamp">\d+\.\d KB · SHA-256 [0-9a-f]{8}</span>', table)) == 2
    assert 'id="file-1"' in page and 'id="file-2"' in page
    assert "<dt>文件</dt><dd>2 个文件，各文件的大小和校验码见下表</dd>" in verdict_of(page)
    # The files first, then the problems (each naming its file), then the rules.
    assert page.index("files-table") < page.index('id="problems"') < page.index('id="rules"')
    assert '<td class="in-file" title="' in page
