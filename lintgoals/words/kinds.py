"""What each surface needs said: one dataclass per report that words its own
sentences, filled in by each language's catalog (zh.py, en.py). The simpler word
sets (scope notes, places, verdicts …) are mappings, held to the same keys in
every language by tests/test_words.py."""

from __future__ import annotations

from dataclasses import dataclass

from lintgoals.model import Severity


@dataclass(slots=True, frozen=True)
class TextWords:
    """The terminal report's words. Nouns are (singular, plural)."""

    severities: tuple[tuple[str, str], tuple[str, str], tuple[str, str]]  # error, warning, info
    file: tuple[str, str]
    unit: tuple[str, str]
    project: tuple[str, str]
    indicator: tuple[str, str]
    count_template: str  # how a number and its noun are put together
    severity_count_template: str  # the same for "3 errors" / "错误 3"
    list_sep: str
    open_paren: str
    close_paren: str
    colon: str
    unreadable: str
    indicator_label: str
    checked: str
    could_not_read: str
    by_rule: str
    by_unit: str
    no_unit: str
    not_listed: str  # after --max-findings N: how many more there are
    no_problems: str
    checked_by: str  # the scope note, the version and the time
    meaning_sep: str  # between a severity and what it means for submission
    lang: str

    def count(self, number: int, noun: tuple[str, str]) -> str:
        return self.count_template.format(n=number, noun=noun[0] if number == 1 else noun[1])

    def severity_word(self, severity: Severity) -> str:
        return self.severities[list(Severity).index(severity)][0]

    def severity_count(self, severity: Severity, number: int) -> str:
        singular, plural = self.severities[list(Severity).index(severity)]
        return self.severity_count_template.format(n=number, noun=singular if number == 1 else plural)


@dataclass(slots=True, frozen=True)
class XlsxWords:
    """The 检查结果 sheet of the annotated workbook."""

    sheet: str
    headings: dict[str, str]  # by column key
    severities: tuple[str, str, str]  # error, warning, info
    severity_cell: str  # the 级别 column: a severity and what it means for submission
    # What each kind of finding means for submission, in the counts of the top block.
    meanings: dict[str, str]
    count_names: tuple[str, str, str]  # the severities, as the counts name them
    count: str
    count_sep: str
    file_line: str  # a file checked: its name, and how it was read
    file_part_sep: str
    unread: str  # a file that could not be read
    checked_by: str  # after the scope note (packs, config): the version,
    checked_at: str  # and the time
    scope_sep: str
    set_aside: str
    whole_file: str  # the place of a finding about a whole file
    footer: str  # every printed page: the sheet's name and the page number (Excel's &A, &P, &N)


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
