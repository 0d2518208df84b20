"""The HTML report (`--format html`): one self-contained page a budget officer opens
offline in any browser.

A summary comes first (files, units, projects, indicators, findings by severity
and by rule); then every file → unit → project, each project showing the rows of
its table with the findings beside the row and cell they point at, and the
rule's explanation one click away. Every piece of text passes through `esc`:
cells hold whatever their authors typed, `<script>` included.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html import escape
from typing import TextIO

from lintgoals.model import (
    FUNDING_FIELDS,
    Document,
    DocumentSummary,
    FileResult,
    Finding,
    Indicator,
    Location,
    Project,
    Report,
    RuleDoc,
    Severity,
    Unit,
)
from lintgoals.reporters import ReportOptions
from lintgoals.reporters.common import (
    SEVERITY_ORDER,
    cell_reference,
    counted_view,
    framework_name,
    scope_note,
    scope_words,
    set_aside_note,
    skipped_notes,
    unit_label,
    worst,
)
from lintgoals.reporters.html_assets import SCRIPT, STYLE
from lintgoals.reporters.places import Places, row_of


def esc(text: object) -> str:
    return escape(str(text), quote=True)


@dataclass(slots=True, frozen=True)
class Words:
    """The page's own words in one language."""

    html_lang: str
    title: str
    generated: tuple[str, str]  # for one file, for several
    hint: str
    files: str
    units: str
    projects: str
    indicators: str
    counts: str  # a document's units, projects and indicators
    severities: tuple[str, str, str]  # error, warning, info: one finding's label
    severity_plurals: tuple[str, str, str]  # the same as nouns for counts (cards, table headings)
    counted: str  # a severity with its count, in badges
    by_rule: str
    rule_headings: tuple[str, str, str, str, str]  # code, name, severity, count, what it checks
    file_headings: tuple[str, str, str, str, str]  # file, layout, units, projects, indicators
    filter_label: str
    all_rules: str
    clear: str
    shown: str
    unreadable: str
    clean: str
    no_unit: str
    ok: str
    row_headings: tuple[str, str, str, str, str, str]  # line, category, name, value, description, problems
    funding_labels: tuple[str, str, str, str, str]  # as FUNDING_FIELDS
    attribute_labels: tuple[str, str, str, str]  # operator, measure unit, weight, direction
    operators: dict[str, str]
    directions: dict[str, str]
    why: str
    line: str
    line_column: str
    no_findings: str
    footer: str


ZH = Words(
    html_lang="zh-CN",
    title="绩效目标表检查报告",
    generated=("lintgoals {version} · 检查了 {files} 个文件", "lintgoals {version} · 检查了 {files} 个文件"),
    hint="每个项目下列出表中的各行，问题写在它所指的行旁边，出错的单元格有底色。"
         "点“为什么？怎么改？”看规则说明；用上方的筛选只看某一级别或某条规则。",
    files="文件", units="单位", projects="项目", indicators="指标",
    counts="{units} 个单位，{projects} 个项目，{indicators} 个指标",
    severities=("错误", "警告", "提示"),
    severity_plurals=("错误", "警告", "提示"),
    counted="{word} {n}",
    by_rule="按规则",
    rule_headings=("代码", "规则", "级别", "数量", "检查内容"),
    file_headings=("文件", "表样", "单位", "项目", "指标"),
    filter_label="筛选：",
    all_rules="全部规则",
    clear="显示全部",
    shown="显示 {shown} / {total} 个问题",
    unreadable="无法读取",
    clean="未发现问题",
    no_unit="不属于任何单位",
    ok="无问题",
    row_headings=("行", "一级指标", "明细指标", "指标值", "指标描述", "问题"),
    funding_labels=("总计", "一般公共预算", "政府性基金", "专户资金", "其他资金"),
    attribute_labels=("指标性质", "计量单位", "权重", "指标方向"),
    operators={">=": "≥", "<=": "≤", "qualitative": "定性"},
    directions={"positive": "正向", "negative": "反向"},
    why="为什么？怎么改？",
    line="第 {line} 行",
    line_column="第 {line} 行第 {column} 列",
    no_findings="本次检查没有发现问题。",
    footer="由 lintgoals {version} 生成。本页不联网，可直接保存、转发或打印（A4）。",
)

EN = Words(
    html_lang="en",
    title="Performance target table check",
    generated=("lintgoals {version} · {files} file checked", "lintgoals {version} · {files} files checked"),
    hint="Each project shows the rows of its table, with every problem beside the row it is about and "
         "the cell in question shaded. Open “Why, and how to fix” for the rule's explanation; use the "
         "filters above to see one severity or one rule.",
    files="files", units="units", projects="projects", indicators="indicators",
    counts="{units} units, {projects} projects, {indicators} indicators",
    severities=("error", "warning", "info"),
    severity_plurals=("errors", "warnings", "info"),
    counted="{n} {noun}",
    by_rule="By rule",
    rule_headings=("code", "rule", "severity", "count", "what it checks"),
    file_headings=("file", "layout", "units", "projects", "indicators"),
    filter_label="Filter:",
    all_rules="all rules",
    clear="show all",
    shown="showing {shown} of {total} findings",
    unreadable="could not be read",
    clean="no problems found",
    no_unit="not in any unit",
    ok="no problems",
    row_headings=("line", "category", "indicator", "target", "description", "problems"),
    funding_labels=("total", "general budget", "government funds", "special accounts", "other"),
    attribute_labels=("operator", "unit", "weight", "direction"),
    operators={">=": "≥", "<=": "≤"},
    directions={},
    why="Why, and how to fix",
    line="line {line}",
    line_column="line {line}, column {column}",
    no_findings="No problems were found.",
    footer="Made by lintgoals {version}. This page needs no network: save, forward or print it (A4).",
)


def words_for(lang: str) -> Words:
    return EN if lang == "en" else ZH


@dataclass(slots=True)
class Page:
    """What every part of the page needs: its words and the rules' texts."""

    words: Words
    rules: dict[str, RuleDoc]

    @property
    def lang(self) -> str:
        return "en" if self.words.html_lang == "en" else "zh"

    def severity(self, severity: Severity) -> str:
        return self.words.severities[SEVERITY_ORDER.index(Severity(severity))]

    def severity_noun(self, severity: Severity) -> str:
        return self.words.severity_plurals[SEVERITY_ORDER.index(Severity(severity))]

    def severity_count(self, severity: Severity, count: int) -> str:
        noun = self.severity(severity) if count == 1 else self.severity_noun(severity)
        return self.words.counted.format(word=self.severity(severity), noun=noun, n=count)


# --- placing findings in a document ------------------------------------------

@dataclass(slots=True)
class ProjectFindings:
    rows: dict[int, list[Finding]] = field(default_factory=dict)  # row index (0: the project's own row)
    loose: list[Finding] = field(default_factory=list)  # about the project, on none of its rows

    def all(self) -> list[Finding]:
        return [*self.loose, *(f for row in sorted(self.rows) for f in self.rows[row])]


@dataclass(slots=True)
class Placement:
    """A file's findings by where they sit in its document."""

    file_level: list[Finding] = field(default_factory=list)
    units: dict[int, list[Finding]] = field(default_factory=dict)
    projects: dict[tuple[int, int], ProjectFindings] = field(default_factory=dict)


def place_findings(document: Document, findings: list[Finding]) -> Placement:
    placement = Placement()
    places = Places.of(document)
    for finding in findings:
        unit_index, project_index = places.place(finding)
        if unit_index is None:
            placement.file_level.append(finding)
        elif project_index is None:
            placement.units.setdefault(unit_index, []).append(finding)
        else:
            found = placement.projects.setdefault((unit_index, project_index), ProjectFindings())
            row = row_of(document.units[unit_index].projects[project_index], finding)
            if row is None:
                found.loose.append(finding)
            else:
                found.rows.setdefault(row, []).append(finding)
    return placement


# --- pieces ---------------------------------------------------------------------

def where(finding: Finding, words: Words) -> str:
    location = finding.location
    reference = cell_reference(location)
    if reference:
        return reference
    if location.line is None:
        return ""
    if location.column is None:
        return words.line.format(line=location.line)
    return words.line_column.format(line=location.line, column=location.column)


def severity_badge(severity: Severity, page: Page, count: int | None = None) -> str:
    label = page.severity(severity) if count is None else page.severity_count(severity, count)
    return f'<span class="badge sev-{severity.value}">{esc(label)}</span>'


def why(code: str, page: Page) -> str:
    rule = page.rules.get(code)
    if rule is None or not rule.explanation:
        return ""
    return (f'<details class="rule-why"><summary>{esc(page.words.why)}</summary>'
            f"<p>{esc(rule.explanation)}</p></details>")


def finding_item(finding: Finding, page: Page) -> str:
    severity = Severity(finding.severity)
    place = where(finding, page.words)
    meta = " · ".join(part for part in (f"{finding.code} {finding.name}", place) if part)
    return (f'<li class="finding sev-{severity.value}" data-severity="{severity.value}" '
            f'data-code="{esc(finding.code)}">{severity_badge(severity, page)} '
            f'<span class="msg">{esc(finding.message)}</span> <span class="where">{esc(meta)}</span>'
            f"{why(finding.code, page)}</li>")


def finding_list(findings: list[Finding], page: Page, loose: bool = False) -> str:
    if not findings:
        return ""
    items = "".join(finding_item(finding, page) for finding in findings)
    return f'<ul class="findings{" loose" if loose else ""}">{items}</ul>'


def severity_badges(findings: list[Finding], page: Page) -> str:
    counts = Counter(Severity(f.severity) for f in findings)
    return "".join(severity_badge(s, page, counts[s]) for s in SEVERITY_ORDER if counts[s])


# --- the rows of a project -------------------------------------------------------

def hits(location: Location, findings: list[Finding]) -> Severity | None:
    """The worst severity of the findings that point at exactly this cell."""
    return worst(f for f in findings if (f.location.sheet, f.location.line, f.location.column)
                 == (location.sheet, location.line, location.column) and location.column is not None)


def cell(text: str, location: Location, findings: list[Finding], more_html: str = "") -> str:
    """A table cell, shaded when a finding points at exactly it."""
    severity = hits(location, findings)
    attribute = f' class="hit-{severity.value}"' if severity else ""
    return f"<td{attribute}>{esc(text)}{more_html}</td>"


def row_classes(findings: list[Finding], base: str = "") -> str:
    severity = worst(findings)
    classes = " ".join(part for part in (base, f"hit row-{severity.value}" if severity else "") if part)
    return f' class="{classes}"' if classes else ""


def line_cell(location: Location) -> str:
    return f'<td class="line">{"" if location.line is None else location.line}</td>'


def project_row(project: Project, findings: list[Finding], page: Page) -> str:
    """The project's own row of the table: its name and its funding cells."""
    amounts = []
    for name, label in zip(FUNDING_FIELDS, page.words.funding_labels, strict=True):
        amount = getattr(project.funding, name)
        if amount is not None:
            amounts.append(inline_cell(f'<span class="label">{esc(label)}</span>{esc(amount.raw or "—")}',
                                       amount.location, findings, "amount"))
    content = inline_cell(esc(project.name), project.location, findings, "project-name") + "".join(amounts)
    return (f'<tr{row_classes(findings, "project-row")}>{line_cell(project.location)}'
            f'<td colspan="4">{content}</td><td>{finding_list(findings, page)}</td></tr>')


def inline_cell(content_html: str, location: Location, findings: list[Finding], kind: str) -> str:
    severity = hits(location, findings)
    hit = f" hit-{severity.value}" if severity else ""
    return f'<span class="{kind}{hit}">{content_html}</span>'


def indicator_attributes(indicator: Indicator, words: Words) -> str:
    """The columns some layouts add (operator, unit, weight, direction), shown under the value."""
    operator = words.operators.get(indicator.operator or "", indicator.operator)
    direction = words.directions.get(indicator.direction or "", indicator.direction)
    weight = None if indicator.weight is None else format(indicator.weight.normalize(), "f")
    values = (operator, indicator.measure_unit, weight, direction)
    parts = [f"{label} {value}" for label, value in zip(words.attribute_labels, values, strict=True) if value]
    return f'<div class="attrs">{esc(" · ".join(parts))}</div>' if parts else ""


def indicator_row(indicator: Indicator, findings: list[Finding], page: Page) -> str:
    category = indicator.category_raw + (f" · {indicator.subcategory}" if indicator.subcategory else "")
    value = cell(indicator.value_text, indicator.value_location, findings, indicator_attributes(indicator, page.words))
    return (f"<tr{row_classes(findings)}>{line_cell(indicator.location)}"
            f"{cell(category, indicator.location, findings)}"
            f"{cell(indicator.name, indicator.name_location, findings)}{value}"
            f"{cell(indicator.description, indicator.description_location, findings)}"
            f"<td>{finding_list(findings, page)}</td></tr>")


def rows_table(project: Project, found: ProjectFindings, page: Page) -> str:
    headings = "".join(f"<th>{esc(text)}</th>" for text in page.words.row_headings)
    columns = "".join(f'<col class="{name}">' for name in ("line", "cat", "name", "value", "description",
                                                              "problems"))
    rows = [project_row(project, found.rows.get(0, []), page)]
    rows += [indicator_row(indicator, found.rows.get(i + 1, []), page)
             for i, indicator in enumerate(project.indicators)]
    return (f'<table class="rows"><colgroup>{columns}</colgroup><thead><tr>{headings}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def project_section(project: Project, found: ProjectFindings, page: Page) -> str:
    findings = found.all()
    status = severity_badges(findings, page) if findings else f'<span class="badge ok">{esc(page.words.ok)}</span>'
    return (f'<details class="project" data-group{" open" if findings else ""}>'
            f"<summary>{esc(project.label)} {status}</summary>"
            f'<div class="body">{finding_list(found.loose, page, loose=True)}{rows_table(project, found, page)}'
            f"</div></details>")


def unit_section(unit: Unit, unit_index: int, placement: Placement, page: Page) -> str:
    projects = [project_section(project, placement.projects.get((unit_index, i), ProjectFindings()), page)
                for i, project in enumerate(unit.projects)]
    return (f'<section class="unit" data-group><h3>{esc(unit_label(unit.code, unit.name))}</h3>'
            f"{finding_list(placement.units.get(unit_index, []), page, loose=True)}{''.join(projects)}</section>")


# --- files ------------------------------------------------------------------------

def document_counts(summary: DocumentSummary, words: Words) -> str:
    return words.counts.format(units=summary.units, projects=summary.projects, indicators=summary.indicators)


def file_section(number: int, result: FileResult, page: Page) -> str:
    words = page.words
    heading = f'<div class="file-head"><h2>{esc(result.path)}</h2>'
    document = result.document
    if document is None:
        reason = esc(result.error or "")
        return (f'<section class="file" id="file-{number}" data-group>{heading}'
                f'<span class="unreadable">{esc(words.unreadable)}</span></div>'
                f'<p class="muted">{reason}</p>{finding_list(result.findings, page, loose=True)}</section>')
    details = " · ".join(part for part in (document.title, document.layout,
                                            framework_name(result.summary, page.lang),
                                            document_counts(result.summary, words)) if part)
    notes = "".join(f'<p class="muted skipped">{esc(note)}</p>' for note in skipped_notes(result.summary, page.lang))
    status = (severity_badges(result.findings, page) if result.findings
              else f'<span class="clean">{esc(words.clean)}</span>')
    placement = place_findings(document, result.findings)
    loose = ""
    if placement.file_level:
        loose = (f'<section class="unit" data-group><h3>{esc(words.no_unit)}</h3>'
                 f"{finding_list(placement.file_level, page, loose=True)}</section>")
    units = "".join(unit_section(unit, i, placement, page) for i, unit in enumerate(document.units))
    return (f'<section class="file" id="file-{number}" data-group>{heading}'
            f'<span class="muted">{esc(details)}</span> {status}</div>{notes}{loose}{units}</section>')


# --- summary ----------------------------------------------------------------------

def count_cards(report: Report, page: Page) -> str:
    summaries = [result.summary for result in report.files if result.summary is not None]
    words = page.words
    cards = [(words.files, len(report.files), ""),
             (words.units, sum(s.units for s in summaries), ""),
             (words.projects, sum(s.projects for s in summaries), ""),
             (words.indicators, sum(s.indicators for s in summaries), "")]
    cards += [(page.severity_noun(s), report.count(s), s.value) for s in SEVERITY_ORDER]
    return '<div class="cards">' + "".join(
        f'<div class="card {kind}{" zero" if kind and not number else ""}"><span class="n">{number}</span>'
        f'<span class="label">{esc(label)}</span></div>' for label, number, kind in cards) + "</div>"


def explanation_after_summary(rule: RuleDoc) -> str:
    """What the explanation adds to the summary, which is its first sentence."""
    explanation = rule.explanation.strip()
    return explanation.removeprefix(rule.summary).strip() if explanation.startswith(rule.summary) else explanation


def rule_table(report: Report, page: Page) -> str:
    counts = Counter(f.code for f in report.findings)
    if not counts:
        return ""
    names = {f.code: (f.name, Severity(f.severity)) for f in report.findings}
    rows = []
    for code in sorted(counts):
        name, severity = names[code]
        rule = page.rules.get(code)
        summary = esc(rule.summary) if rule else ""
        rest = explanation_after_summary(rule) if rule else ""
        if rest:
            summary = f'<details><summary>{summary}</summary><p class="explain">{esc(rest)}</p></details>'
        rows.append(f'<tr><td><code class="code-link" data-code="{esc(code)}">{esc(code)}</code></td>'
                    f"<td>{esc(name)}</td><td>{severity_badge(severity, page)}</td>"
                    f'<td class="num">{counts[code]}</td><td>{summary}</td></tr>')
    headings = "".join(f'<th{" class=num" if i == 3 else ""}>{esc(h)}</th>'
                       for i, h in enumerate(page.words.rule_headings))
    return (f'<section class="overview"><h2>{esc(page.words.by_rule)}</h2><table class="by-code">'
            f"<thead><tr>{headings}</tr></thead><tbody>{''.join(rows)}</tbody></table></section>")


def file_table(report: Report, page: Page) -> str:
    """The files at a glance, with links to their sections; only worth it for several."""
    if len(report.files) < 2:
        return ""
    words = page.words
    headings = [f"<th>{esc(words.file_headings[0])}</th><th>{esc(words.file_headings[1])}</th>",
                *(f'<th class="num">{esc(h)}</th>' for h in words.file_headings[2:]),
                *(f'<th class="num">{esc(page.severity_noun(s))}</th>' for s in SEVERITY_ORDER)]
    rows = []
    for number, result in enumerate(report.files, start=1):
        link = f'<a href="#file-{number}">{esc(result.path)}</a>'
        counts = Counter(Severity(f.severity) for f in result.findings)
        severities = "".join(f'<td class="num">{counts[s] or ""}</td>' for s in SEVERITY_ORDER)
        summary = result.summary
        if summary is None:
            rows.append(f'<tr><td>{link}</td><td colspan="4" class="unreadable">{esc(words.unreadable)}</td>'
                        f"{severities}</tr>")
            continue
        rows.append(f"<tr><td>{link}</td><td>{esc(summary.layout)}</td>"
                    f'<td class="num">{summary.units}</td><td class="num">{summary.projects}</td>'
                    f'<td class="num">{summary.indicators}</td>{severities}</tr>')
    return (f'<section class="overview"><h2>{esc(words.files)}</h2><table><thead><tr>{"".join(headings)}'
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table></section>")


def filter_bar(report: Report, page: Page) -> str:
    """Hidden until the script shows it: without the script there is nothing to filter with."""
    findings = report.findings
    if not findings:
        return ""
    counts = Counter(Severity(f.severity) for f in findings)
    boxes = "".join(f'<label><input type="checkbox" name="severity" value="{s.value}" checked> '
                    f"{severity_badge(s, page, counts[s])}</label>" for s in SEVERITY_ORDER if counts[s])
    codes = Counter(f.code for f in findings)
    names = {f.code: f.name for f in findings}
    options = "".join(f'<option value="{esc(code)}">{esc(code)} {esc(names[code])} ({codes[code]})</option>'
                      for code in sorted(codes))
    words = page.words
    return (f'<nav id="filters" hidden><strong>{esc(words.filter_label)}</strong>{boxes}'
            f'<select id="code-filter"><option value="">{esc(words.all_rules)}</option>{options}</select>'
            f'<button type="button" id="clear-filters">{esc(words.clear)}</button>'
            f'<span id="shown" data-template="{esc(words.shown)}"></span></nav>')


def write_html(report: Report, stream: TextIO, options: ReportOptions) -> None:
    words = words_for(options.lang)
    aside = set_aside_note(report, options.lang)
    report = counted_view(report)
    page = Page(words, {rule.code: rule for rule in report.rules})
    generated = words.generated[0 if len(report.files) == 1 else 1]
    meta = [generated.format(version=options.version, files=len(report.files)), scope_note(report, options.lang),
            scope_words(options.lang)["time"].format(time=report.run.time) if report.run else None, aside]
    body = [
        f"<h1>{esc(words.title)}</h1>",
        f'<p class="meta">{" · ".join(esc(part) for part in meta if part)}</p>',
        count_cards(report, page),
        f'<p class="hint">{esc(words.hint)}</p>' if report.findings else f"<p>{esc(words.no_findings)}</p>",
        file_table(report, page),
        rule_table(report, page),
        filter_bar(report, page),
        *(file_section(number, result, page) for number, result in enumerate(report.files, start=1)),
        f"<footer>{esc(words.footer.format(version=options.version))}</footer>",
    ]
    stream.write(
        f'<!DOCTYPE html>\n<html lang="{words.html_lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(words.title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<div class="page">\n' + "\n".join(part for part in body if part) + "\n</div>\n"
        f"<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )
