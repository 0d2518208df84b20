"""The HTML report (`--format html`): one self-contained page a budget officer opens
offline in any browser, to find each problem in their own table and fix it.

From the top: the verdict (may the table be submitted, what each severity means
for that, what was checked, with what, when, and which version of the file);
then the problems in one short list, each a link to its place; the rules folded
away; then every file → unit → project, each project showing the rows of its
table with the findings beside the row and cell they point at, and the rule's
explanation one click away. On a phone each row is a card; on paper (A4) a
button prints only the rows with problems. Every piece of text passes through
`esc`: cells hold whatever their authors typed, `<script>` included.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from html import escape
from pathlib import PurePath
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
    counted_view,
    file_stamp_note,
    framework_name,
    layout_name,
    place_label,
    rule_titles,
    scope_note,
    set_aside_note,
    shown_time,
    skipped_notes,
    unit_label,
    verdict,
    worst,
)
from lintgoals.reporters.html_assets import SCRIPT, STYLE
from lintgoals.words import catalog

# The short list of problems under the verdict names at most this many; the rest
# are in the tables below, as the list says.
LIST_LIMIT = 200


@dataclass(slots=True, frozen=True)
class HtmlWords:
    """The HTML report's own words."""

    html_lang: str
    title: str
    scope_labels: tuple[str, str, str, str, str]  # file, table, layout, checked with, checked at
    several_files: str
    checked_at: str  # time and version
    problems: str  # the short list's heading
    problems_note: str
    problem_headings: tuple[str, str, str, str, str]  # file, severity, place, indicator, problem
    more: str
    whole: str  # the link text of a finding that names no line
    next: str
    hint: str
    hint_filters: str  # the part of the hint true only with the script, which shows the filters
    files: str
    units: str
    projects: str
    indicators: str
    counts: str  # a document's units, projects and indicators
    severities: tuple[str, str, str]  # error, warning, info: one finding's label
    severity_plurals: tuple[str, str, str]  # the same as nouns for counts (cards, table headings)
    counted: str  # a severity with its count, in badges
    by_rule: str
    rule_headings: tuple[str, str, str, str, str]  # code, title, severity, count, what it checks
    file_headings: tuple[str, str, str, str, str]  # file, layout, units, projects, indicators
    unit_summary: str
    unit_projects: str
    filter_label: str
    all_rules: str
    clear: str
    shown: str
    print_problems: str
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
    page: str  # a PDF table's page, before the row on it
    note_sep: str  # between the notes of the scope (packs, config, skipped rules)
    no_findings: str
    footer: str


@cache
def words_for(lang: str) -> HtmlWords:
    """The report's words in a language (lintgoals/words/), typed."""
    return HtmlWords(**catalog(lang).html)


def esc(text: object) -> str:
    return escape(str(text), quote=True)


@dataclass(slots=True)
class Page:
    """What every part of the page needs: its words, the rules' texts and titles,
    and each finding's anchor (by the finding's identity) in the order the page shows them."""

    words: HtmlWords
    rules: dict[str, RuleDoc]
    titles: dict[str, str] = field(default_factory=dict)
    anchors: dict[int, str] = field(default_factory=dict)
    following: dict[str, str] = field(default_factory=dict)  # anchor -> the next finding's anchor
    crops: dict[int, str] = field(default_factory=dict)  # a PDF cell's image (data URI), by the finding's identity

    @property
    def lang(self) -> str:
        return "en" if self.words.html_lang == "en" else "zh"

    def severity(self, severity: Severity) -> str:
        return self.words.severities[SEVERITY_ORDER.index(Severity(severity))]

    def severity_noun(self, severity: Severity) -> str:
        return self.words.severity_plurals[SEVERITY_ORDER.index(Severity(severity))]

    def severity_count(self, severity: Severity, count: int) -> str:
        noun = self.severity(severity) if count == 1 else self.severity_noun(severity)
        return self.words.counted.format(noun=noun, n=count)

    def title(self, finding: Finding) -> str:
        return self.titles.get(finding.code) or finding.name

    def anchor(self, finding: Finding) -> str:
        return self.anchors.get(id(finding), "")


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

    def in_order(self, document: Document) -> list[Finding]:
        """The findings in the order the page shows them."""
        found = list(self.file_level)
        for u, unit in enumerate(document.units):
            found += self.units.get(u, [])
            for p in range(len(unit.projects)):
                if (u, p) in self.projects:
                    found += self.projects[(u, p)].all()
        return found

    def unit_findings(self, unit_index: int, unit: Unit) -> list[Finding]:
        return [
            *self.units.get(unit_index, []),
            *(
                f
                for p in range(len(unit.projects))
                for f in self.projects.get((unit_index, p), ProjectFindings()).all()
            ),
        ]


def place_findings(document: Document, findings: list[Finding]) -> Placement:
    """Each finding under what it is about (Finding.subject), on its row where it has one."""
    placement = Placement()
    for finding in findings:
        subject = finding.subject
        if subject is None:
            placement.file_level.append(finding)
        elif subject.project is None:
            placement.units.setdefault(subject.unit, []).append(finding)
        else:
            found = placement.projects.setdefault((subject.unit, subject.project), ProjectFindings())
            row = row_of(document.units[subject.unit].projects[subject.project], finding)
            if row is None:
                found.loose.append(finding)
            else:
                found.rows.setdefault(row, []).append(finding)
    return placement


def row_of(project: Project, finding: Finding) -> int | None:
    """The row of a project's table a finding is on: i + 1 for its indicator i, 0 for the
    project's own row (its name and funding cells), None for neither (about the project
    as a whole, pointing elsewhere)."""
    if finding.subject is not None and finding.subject.indicator is not None:
        return finding.subject.indicator + 1
    location = finding.location
    own = [
        project.location,
        *(amount.location for name in FUNDING_FIELDS if (amount := getattr(project.funding, name)) is not None),
    ]
    return (
        0
        if any(
            (other.sheet, other.page, other.line) == (location.sheet, location.page, location.line)
            for other in own
            if location.line is not None
        )
        else None
    )


def number_findings(report: Report, placements: dict[int, Placement], page: Page) -> list[tuple[int, Finding]]:
    """Give every finding an anchor (f-1, f-2, … in the order the page shows them) and
    a link to the next; returns (file number, finding) in that order."""
    shown: list[tuple[int, Finding]] = []
    for number, result in enumerate(report.files, start=1):
        placement = placements.get(number)
        findings = (
            result.findings if placement is None or result.document is None else placement.in_order(result.document)
        )
        shown += [(number, finding) for finding in findings]
    for position, (_, finding) in enumerate(shown, start=1):
        page.anchors[id(finding)] = f"f-{position}"
        if position < len(shown):
            page.following[f"f-{position}"] = f"f-{position + 1}"
    return shown


# --- pieces ---------------------------------------------------------------------


def severity_badge(severity: Severity, page: Page, count: int | None = None) -> str:
    label = page.severity(severity) if count is None else page.severity_count(severity, count)
    return f'<span class="badge sev-{severity.value}">{esc(label)}</span>'


def why(code: str, page: Page) -> str:
    rule = page.rules.get(code)
    if rule is None or not rule.explanation:
        return ""
    return f'<details class="rule-why"><summary>{esc(page.words.why)}</summary><p>{esc(rule.explanation)}</p></details>'


def finding_item(finding: Finding, page: Page) -> str:
    severity = Severity(finding.severity)
    anchor = page.anchor(finding)
    place = place_label(finding, page.lang)
    rule = f"{finding.code} {page.title(finding)}"
    meta = (f'<span class="place">{esc(place)}</span> · ' if place else "") + esc(rule)
    following = page.following.get(anchor)
    link = f'<a class="next" href="#{following}">{esc(page.words.next)}</a>' if following else ""
    identity = f' id="{anchor}"' if anchor else ""
    return (
        f'<li class="finding sev-{severity.value}"{identity} data-severity="{severity.value}" '
        f'data-code="{esc(finding.code)}">{severity_badge(severity, page)} '
        f'<span class="msg">{esc(finding.message)}</span> <span class="where">{meta}</span>'
        f"{link}{crop_image(finding, page)}{why(finding.code, page)}</li>"
    )


def crop_image(finding: Finding, page: Page) -> str:
    """The PDF cell a finding is on, as the page draws it (with --pdf-crops)."""
    uri = page.crops.get(id(finding))
    if uri is None:
        return ""
    # Styled in place: the page's stylesheet (and the report's goldens) stay as they are without crops.
    return (
        f'<img class="crop" src="{uri}" alt="{esc(place_label(finding, page.lang))}" '
        'style="display:block;max-width:100%;margin:.3em 0;border:1px solid #bbb">'
    )


def finding_list(findings: list[Finding], page: Page, loose: bool = False) -> str:
    if not findings:
        return ""
    items = "".join(finding_item(finding, page) for finding in findings)
    return f'<ul class="findings{" loose" if loose else ""}">{items}</ul>'


def severity_badges(findings: list[Finding], page: Page) -> str:
    counts = Counter(Severity(f.severity) for f in findings)
    return "".join(severity_badge(s, page, counts[s]) for s in SEVERITY_ORDER if counts[s])


# --- the rows of a project -------------------------------------------------------


def hitting(location: Location, findings: list[Finding]) -> list[Finding]:
    """The findings that point at exactly this cell."""
    if location.column is None:
        return []
    return [
        f
        for f in findings
        if (f.location.sheet, f.location.page, f.location.line, f.location.column)
        == (location.sheet, location.page, location.line, location.column)
    ]


def shading(location: Location, findings: list[Finding], page: Page) -> tuple[str, str]:
    """The class that shades a cell by the worst finding pointing at it, and the
    anchors of those findings, by which the script shades it by the findings still shown."""
    hits = hitting(location, findings)
    severity = worst(hits)
    if severity is None:
        return "", ""
    anchors = " ".join(page.anchor(f) for f in hits)
    return f"hit-{severity.value}", f' data-hits="{anchors}"'


def cell(text: str, location: Location, findings: list[Finding], page: Page, kind: str, more_html: str = "") -> str:
    """A table cell, shaded when a finding points at exactly it."""
    hit, hits = shading(location, findings, page)
    classes = " ".join(part for part in (kind, hit) if part)
    return f'<td class="{classes}"{hits}>{esc(text)}{more_html}</td>'


def row_classes(findings: list[Finding], base: str = "") -> str:
    severity = worst(findings)
    classes = " ".join(part for part in (base, f"hit row-{severity.value}" if severity else "") if part)
    return f' class="{classes}"' if classes else ""


def line_cell(location: Location, words: HtmlWords) -> str:
    if location.line is None:
        return '<td class="line"></td>'
    # On a phone the number stands alone on its card, so it says what it is: 第 15 行.
    before, _, after = words.line.partition("{line}")
    # A PDF's rows are counted on each page: the page comes first (it wraps above the row in the narrow column).
    page = "" if location.page is None else esc(words.page.format(page=location.page)) + " "
    return (
        f'<td class="line">{page}<span class="phone">{esc(before)}</span>{location.line}'
        f'<span class="phone">{esc(after)}</span></td>'
    )


def project_row(project: Project, findings: list[Finding], page: Page) -> str:
    """The project's own row of the table: its name and its funding cells."""
    amounts = []
    for name, label in zip(FUNDING_FIELDS, page.words.funding_labels, strict=True):
        amount = getattr(project.funding, name)
        if amount is not None:
            amounts.append(
                inline_cell(
                    f'<span class="label">{esc(label)}</span>{esc(amount.raw or "—")}',
                    amount.location,
                    findings,
                    page,
                    "amount",
                )
            )
    content = inline_cell(esc(project.name), project.location, findings, page, "project-name") + "".join(amounts)
    return (
        f"<tr{row_classes(findings, 'project-row')}>{line_cell(project.location, page.words)}"
        f'<td class="funding" colspan="4">{content}</td>'
        f'<td class="problems">{finding_list(findings, page)}</td></tr>'
    )


def inline_cell(content_html: str, location: Location, findings: list[Finding], page: Page, kind: str) -> str:
    hit, hits = shading(location, findings, page)
    return f'<span class="{kind}{" " + hit if hit else ""}"{hits}>{content_html}</span>'


def indicator_attributes(indicator: Indicator, words: HtmlWords) -> str:
    """The columns some layouts add (operator, unit, weight, direction), shown under the value."""
    operator = words.operators.get(indicator.operator or "", indicator.operator)
    direction = words.directions.get(indicator.direction or "", indicator.direction)
    weight = None if indicator.weight is None else format(indicator.weight.normalize(), "f")
    values = (operator, indicator.measure_unit, weight, direction)
    parts = [f"{label} {value}" for label, value in zip(words.attribute_labels, values, strict=True) if value]
    return f'<div class="attrs">{esc(" · ".join(parts))}</div>' if parts else ""


def indicator_row(indicator: Indicator, findings: list[Finding], page: Page) -> str:
    category = indicator.category_raw + (f" · {indicator.subcategory}" if indicator.subcategory else "")
    value = cell(
        indicator.value_text,
        indicator.value_location,
        findings,
        page,
        "value",
        indicator_attributes(indicator, page.words),
    )
    return (
        f"<tr{row_classes(findings)}>{line_cell(indicator.location, page.words)}"
        f"{cell(category, indicator.location, findings, page, 'cat')}"
        f"{cell(indicator.name, indicator.name_location, findings, page, 'name')}{value}"
        f"{cell(indicator.description, indicator.description_location, findings, page, 'description')}"
        f'<td class="problems">{finding_list(findings, page)}</td></tr>'
    )


def rows_table(project: Project, found: ProjectFindings, page: Page) -> str:
    headings = "".join(f"<th>{esc(text)}</th>" for text in page.words.row_headings)
    columns = "".join(f'<col class="{name}">' for name in ("line", "cat", "name", "value", "description", "problems"))
    rows = [project_row(project, found.rows.get(0, []), page)]
    rows += [
        indicator_row(indicator, found.rows.get(i + 1, []), page) for i, indicator in enumerate(project.indicators)
    ]
    return (
        f'<table class="rows"><colgroup>{columns}</colgroup><thead><tr>{headings}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def project_section(project: Project, found: ProjectFindings, page: Page) -> str:
    findings = found.all()
    status = severity_badges(findings, page) if findings else f'<span class="badge ok">{esc(page.words.ok)}</span>'
    state = ' has-findings" open' if findings else '"'
    return (
        f'<details class="project{state} data-group>'
        f"<summary>{esc(project.label)} {status}</summary>"
        f'<div class="body">{finding_list(found.loose, page, loose=True)}{rows_table(project, found, page)}'
        f"</div></details>"
    )


def unit_section(unit: Unit, unit_index: int, placement: Placement, page: Page) -> str:
    projects = [
        project_section(project, placement.projects.get((unit_index, i), ProjectFindings()), page)
        for i, project in enumerate(unit.projects)
    ]
    findings = placement.unit_findings(unit_index, unit)
    flagged = sum(1 for i in range(len(unit.projects)) if placement.projects.get((unit_index, i)))
    words = page.words
    summary = ""
    if unit.projects:  # a department heading its units has none of its own
        counts = (words.unit_summary if flagged else words.unit_projects).format(
            projects=len(unit.projects), flagged=flagged
        )
        status = severity_badges(findings, page) if findings else f'<span class="badge ok">{esc(words.ok)}</span>'
        summary = f' <span class="unit-sum">{esc(counts)} {status}</span>'
    elif findings:
        summary = f' <span class="unit-sum">{severity_badges(findings, page)}</span>'
    return (
        f'<section class="unit{" has-findings" if findings else ""}" data-group>'
        f"<h3>{esc(unit_label(unit.code, unit.name))}{summary}</h3>"
        f"{finding_list(placement.units.get(unit_index, []), page, loose=True)}{''.join(projects)}</section>"
    )


# --- files ------------------------------------------------------------------------


def document_counts(summary: DocumentSummary, words: HtmlWords) -> str:
    return words.counts.format(units=summary.units, projects=summary.projects, indicators=summary.indicators)


def file_section(number: int, result: FileResult, placement: Placement | None, page: Page, several: bool) -> str:
    words = page.words
    heading = f'<div class="file-head"><h2>{esc(result.path)}</h2>'
    document = result.document
    has = " has-findings" if result.findings else ""
    if document is None or placement is None:
        reason = esc(result.error or "")
        return (
            f'<section class="file{has}" id="file-{number}" data-group>{heading}'
            f'<span class="unreadable">{esc(words.unreadable)}</span></div>'
            f'<p class="muted">{reason}</p>{finding_list(result.findings, page, loose=True)}</section>'
        )
    summary = result.summary or DocumentSummary.of(document)
    details = " · ".join(
        part
        for part in (
            document.title,
            layout_name(summary, page.lang),
            framework_name(summary, page.lang),
            document_counts(summary, words),
            file_stamp_note(result),
        )
        if part
    )
    # One file: its notes are in the verdict box at the top.
    notes = (
        "".join(f'<p class="muted skipped">{esc(note)}</p>' for note in skipped_notes(result.summary, page.lang))
        if several
        else ""
    )
    status = (
        severity_badges(result.findings, page) if result.findings else f'<span class="clean">{esc(words.clean)}</span>'
    )
    loose = ""
    if placement.file_level:
        loose = (
            f'<section class="unit has-findings" data-group><h3>{esc(words.no_unit)}</h3>'
            f"{finding_list(placement.file_level, page, loose=True)}</section>"
        )
    units = "".join(unit_section(unit, i, placement, page) for i, unit in enumerate(document.units))
    return (
        f'<section class="file{has}" id="file-{number}" data-group>{heading}'
        f'<span class="muted">{esc(details)}</span> {status}</div>{notes}{loose}{units}</section>'
    )


# --- the verdict and the scope ----------------------------------------------------


def scope_rows(report: Report, page: Page, aside: str | None, version: str) -> list[tuple[str, str]]:
    """(label, text) for the scope under the verdict: which file, what table, read how,
    checked with what and when."""
    words, lang = page.words, page.lang
    file_label, table_label, layout_label, with_label, at_label = words.scope_labels
    rows: list[tuple[str, str]] = []
    summaries = [result.summary for result in report.files if result.summary is not None]
    if len(report.files) == 1:
        result = report.files[0]
        rows.append(
            (
                file_label,
                " · ".join(
                    part
                    for part in (result.path, file_stamp_note(result), None if result.summary else words.unreadable)
                    if part
                ),
            )
        )
        if result.summary is not None:
            title = result.document.title if result.document is not None else None
            rows.append(
                (table_label, " · ".join(part for part in (title, document_counts(result.summary, words)) if part))
            )
            rows.append(
                (
                    layout_label,
                    " · ".join(
                        part
                        for part in (layout_name(result.summary, lang), framework_name(result.summary, lang))
                        if part
                    ),
                )
            )
    else:
        rows.append((file_label, words.several_files.format(n=len(report.files))))
        if summaries:
            total = DocumentSummary(
                "",
                sum(s.units for s in summaries),
                sum(s.projects for s in summaries),
                sum(s.indicators for s in summaries),
            )
            rows.append((table_label, document_counts(total, words)))
            frameworks = dict.fromkeys(framework_name(s, lang) for s in summaries)
            layouts = dict.fromkeys(layout_name(s, lang) for s in summaries)
            rows.append((layout_label, " · ".join(part for part in (*layouts, *frameworks) if part)))
    notes = [scope_note(report, lang), aside]
    if len(report.files) == 1:
        notes += skipped_notes(report.files[0].summary, lang)
    checked = words.note_sep.join(note for note in notes if note)
    if checked:
        rows.append((with_label, checked))
    if report.run is not None:
        rows.append((at_label, words.checked_at.format(time=shown_time(report.run.time, lang), version=version)))
    else:
        rows.append((at_label, f"lintgoals {version}"))
    return rows


def verdict_box(report: Report, page: Page, options: ReportOptions, aside: str | None) -> str:
    outcome = verdict(report, options.fail_on, page.lang)
    vwords = catalog(page.lang).verdict
    meanings = dict(zip((vwords["must"], vwords["advisable"], vwords["reference"]), vwords["meanings"], strict=True))
    items = []
    for severity in SEVERITY_ORDER:
        count = report.count(severity)
        meaning = outcome.severity_meaning(severity, options.fail_on, page.lang)
        must = " must" if meaning == vwords["must"] else ""
        items.append(
            f'<li class="meaning{must}{"" if count else " zero"}">'
            f"{severity_badge(severity, page, count)} — {esc(meanings.get(meaning, meaning))}</li>"
        )
    scope = "".join(
        f"<dt>{esc(label)}</dt><dd>{esc(text)}</dd>" for label, text in scope_rows(report, page, aside, options.version)
    )
    state = "pass" if outcome.passes else "fail"
    return (
        f'<section class="verdict {state}" id="verdict"><p class="headline">{esc(outcome.headline)}</p>'
        f'<ul class="meanings">{"".join(items)}</ul><dl class="scope">{scope}</dl></section>'
    )


# --- the problems, in short ---------------------------------------------------------


def problem_list(report: Report, shown: list[tuple[int, Finding]], page: Page) -> str:
    """Every problem in one line, the most serious first, each a link to its row."""
    if not shown:
        return ""
    words = page.words
    several = len(report.files) > 1
    ordered = sorted(shown, key=lambda item: SEVERITY_ORDER.index(Severity(item[1].severity)))
    rows = []
    for number, finding in ordered[:LIST_LIMIT]:
        severity = Severity(finding.severity)
        anchor = page.anchor(finding)
        place = place_label(finding, page.lang) or words.whole
        unit = unit_label(finding.unit_code, finding.unit_name)
        name = finding.indicator or finding.project or unit
        context = finding.project if finding.indicator else unit if finding.project else ""
        path = report.files[number - 1].path
        more = f'<span class="context">{esc(context)}</span>' if context else ""
        file_cell = f'<td class="in-file" title="{esc(path)}">{esc(PurePath(path).name)}</td>' if several else ""
        rows.append(
            f'<tr data-for="{anchor}">{file_cell}<td class="sev">{severity_badge(severity, page)}</td>'
            f'<td class="place"><a href="#{anchor}">{esc(place)}</a></td>'
            f'<td class="indicator">{esc(name)}{more}</td>'
            f'<td class="problem"><b class="rule-title">{esc(page.title(finding))}</b> {esc(finding.message)}</td></tr>'
        )
    headings = words.problem_headings if several else words.problem_headings[1:]
    head = "".join(f"<th>{esc(text)}</th>" for text in headings)
    more = ""
    if len(ordered) > LIST_LIMIT:
        more = f'<p class="more"><a href="#details">{esc(words.more.format(n=len(ordered) - LIST_LIMIT))}</a></p>'
    return (
        f'<section class="problems-list" id="problems"><h2>{esc(words.problems)} '
        f'<span class="muted">({len(ordered)})</span></h2><p class="note">{esc(words.problems_note)}</p>'
        f'<table class="problems{" several" if several else ""}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>{more}</section>"
    )


# --- summary tables ---------------------------------------------------------------


def explanation_after_summary(rule: RuleDoc) -> str:
    """What the explanation adds to the summary, which is its first sentence."""
    explanation = rule.explanation.strip()
    return explanation.removeprefix(rule.summary).strip() if explanation.startswith(rule.summary) else explanation


def rule_table(report: Report, page: Page) -> str:
    """The findings counted by rule, folded: the problems come first."""
    counts = Counter(f.code for f in report.findings)
    if not counts:
        return ""
    firsts = {f.code: f for f in reversed(report.findings)}
    rows = []
    for code in sorted(counts):
        finding = firsts[code]
        rule = page.rules.get(code)
        summary = esc(rule.summary) if rule else ""
        rest = explanation_after_summary(rule) if rule else ""
        if rest:
            summary = f'<details><summary>{summary}</summary><p class="explain">{esc(rest)}</p></details>'
        rows.append(
            f'<tr><td><code class="code-link" data-code="{esc(code)}">{esc(code)}</code></td>'
            f"<td>{esc(page.title(finding))}</td><td>{severity_badge(Severity(finding.severity), page)}</td>"
            f'<td class="num">{counts[code]}</td><td>{summary}</td></tr>'
        )
    headings = "".join(
        f"<th{' class=num' if i == 3 else ''}>{esc(h)}</th>" for i, h in enumerate(page.words.rule_headings)
    )
    return (
        f'<details class="overview rules" id="rules"><summary><h2>{esc(page.words.by_rule.format(n=len(counts)))}'
        f'</h2></summary><table class="by-code"><thead><tr>{headings}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></details>"
    )


def file_table(report: Report, page: Page) -> str:
    """The files at a glance, with links to their sections and each one's stamp; only worth it for several."""
    if len(report.files) < 2:
        return ""
    words = page.words
    headings = [
        f"<th>{esc(words.file_headings[0])}</th>",
        f'<th class="layout">{esc(words.file_headings[1])}</th>',
        *(f'<th class="num count">{esc(h)}</th>' for h in words.file_headings[2:]),
        *(f'<th class="num">{esc(page.severity_noun(s))}</th>' for s in SEVERITY_ORDER),
    ]
    rows = []
    for number, result in enumerate(report.files, start=1):
        stamp = file_stamp_note(result)
        link = f'<a href="#file-{number}">{esc(result.path)}</a>'
        link += f'<span class="stamp">{esc(stamp)}</span>' if stamp else ""
        counts = Counter(Severity(f.severity) for f in result.findings)
        severities = "".join(f'<td class="num">{counts[s] or ""}</td>' for s in SEVERITY_ORDER)
        summary = result.summary
        if summary is None:
            rows.append(
                f'<tr><td>{link}</td><td colspan="4" class="unreadable">{esc(words.unreadable)}</td>{severities}</tr>'
            )
            continue
        rows.append(
            f'<tr><td>{link}</td><td class="layout">{esc(layout_name(summary, page.lang))}</td>'
            f'<td class="num count">{summary.units}</td><td class="num count">{summary.projects}</td>'
            f'<td class="num count">{summary.indicators}</td>{severities}</tr>'
        )
    return (
        f'<section class="overview files-table"><h2>{esc(words.files)}</h2><table><thead><tr>'
        f"{''.join(headings)}</tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def filter_bar(report: Report, page: Page) -> str:
    """Hidden until the script shows it: without the script there is nothing to filter with."""
    findings = report.findings
    if not findings:
        return ""
    counts = Counter(Severity(f.severity) for f in findings)
    boxes = "".join(
        f'<label><input type="checkbox" name="severity" value="{s.value}" checked> '
        f"{severity_badge(s, page, counts[s])}</label>"
        for s in SEVERITY_ORDER
        if counts[s]
    )
    codes = Counter(f.code for f in findings)
    titles = {f.code: page.title(f) for f in findings}
    options = "".join(
        f'<option value="{esc(code)}">{esc(code)} {esc(titles[code])} ({codes[code]})</option>'
        for code in sorted(codes)
    )
    words = page.words
    return (
        f'<nav id="filters" hidden><strong>{esc(words.filter_label)}</strong>{boxes}'
        f'<select id="code-filter"><option value="">{esc(words.all_rules)}</option>{options}</select>'
        f'<button type="button" id="clear-filters">{esc(words.clear)}</button>'
        f'<span id="shown" data-template="{esc(words.shown)}"></span>'
        f'<button type="button" id="print-problems">{esc(words.print_problems)}</button></nav>'
    )


def phone_labels(words: HtmlWords) -> str:
    """The column headings a phone's row card writes before each cell (a phone shows no table head)."""
    labels = zip(("value", "description"), words.row_headings[3:5], strict=True)
    rules = "".join(f'table.rows td.{kind}::before {{ content: "{text}"; }}\n' for kind, text in labels)
    return "@media (max-width: 760px) {\n" + rules + "}\n"


def write_html(report: Report, stream: TextIO, options: ReportOptions) -> None:
    words = words_for(options.lang)
    aside = set_aside_note(report, options.lang)
    report = counted_view(report)
    page = Page(words, {rule.code: rule for rule in report.rules}, rule_titles(report))
    if options.pdf_crops:
        from lintgoals.reporters.pdf_crops import crops

        page.crops = crops(report)
    placements = {
        number: place_findings(result.document, result.findings)
        for number, result in enumerate(report.files, start=1)
        if result.document is not None
    }
    shown = number_findings(report, placements, page)
    several = len(report.files) > 1
    hint = (
        f'<p class="hint" id="details">{esc(words.hint)}<span class="js-only">{esc(words.hint_filters)}</span></p>'
        if report.findings
        else f'<p class="none">{esc(words.no_findings)}</p>'
    )
    body = [
        f"<h1>{esc(words.title)}</h1>",
        verdict_box(report, page, options, aside),
        file_table(report, page),
        problem_list(report, shown, page),
        rule_table(report, page),
        hint,
        filter_bar(report, page),
        *(
            file_section(number, result, placements.get(number), page, several)
            for number, result in enumerate(report.files, start=1)
        ),
        f"<footer>{esc(words.footer.format(version=options.version))}</footer>",
    ]
    stream.write(
        f'<!DOCTYPE html>\n<html lang="{words.html_lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(words.title)}</title>\n<style>{STYLE}{phone_labels(words)}</style>\n</head>\n<body>\n"
        f'<div class="page">\n' + "\n".join(part for part in body if part) + "\n</div>\n"
        f"<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )
