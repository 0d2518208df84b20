"""The engine runs compiled rules over a Document and renders their findings."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lintgoals.checks.base import display
from lintgoals.guards import RULE_TIME_LIMIT, RuleTimeout, time_limit
from lintgoals.model import FUNDING_FIELDS, Amount, Document, Finding, Indicator, Issue, Location, Project, Unit
from lintgoals.rules import Rule, RuleSet
from lintgoals.subject_index import NO_INDEX, SubjectIndex
from lintgoals.subjects import Subject, context, subjects
from lintgoals.yamlfile import ConfigError


class Placeholders:
    """Message parameters, looked up in the hit's, the subject's, then the rule's
    options; only those the message uses are formatted. A placeholder nothing
    filled stays empty rather than failing."""

    __slots__ = ("sources",)

    def __init__(self, *sources: dict[str, Any]) -> None:
        self.sources = sources

    def __getitem__(self, key: str) -> str:
        for source in self.sources:
            if key in source:
                return display(source[key])
        return ""


def render(rule: Rule, params: dict[str, Any], variant: str | None, lang: str, *more: dict[str, Any]) -> str:
    return rule.template(variant, lang).format_map(Placeholders(params, *more))


def make_finding(
    rule: Rule,
    message: str,
    location: Location,
    unit: Unit | None,
    project: Project | None,
    indicator: Indicator | None,
    index: SubjectIndex,
) -> Finding:
    severity = rule.severity
    assert severity is not None, rule.code  # the engine runs the active rules only
    return Finding(
        rule.code,
        rule.name,
        severity,
        message,
        location,
        unit.code if unit else None,
        unit.name if unit else None,
        project.name if project else None,
        indicator.name if indicator else None,
        cell_text(location, project, indicator),
        subject=index.ref(unit, project, indicator),
    )


def cell_text(location: Location, project: Project | None, indicator: Indicator | None) -> str | None:
    """What the cell a finding points at holds, as the table wrote it: an indicator's
    name, value, description or category, or one of its project's amounts."""
    if location.line is None:
        return None
    if indicator is not None and (location.page, location.line) == (indicator.location.page, indicator.location.line):
        name, value, description = indicator.columns[:3]
        texts = {
            indicator.measure_unit_column: indicator.measure_unit or "",
            name: indicator.name,
            value: indicator.value_text,
            description: indicator.description,
            indicator.location.column: indicator.category_raw,
        }
        return texts.get(location.column)
    if project is not None:
        for field_name in FUNDING_FIELDS:
            amount: Amount | None = getattr(project.funding, field_name)
            if amount is not None and amount.location == location:
                return amount.raw
    return None


# Units are checked in batches of about this many indicators: each rule walks a
# batch's subjects, listed once for all rules, and no more than a batch of them
# is held at a time (a department's table has hundreds of thousands).
BATCH_INDICATORS = 20_000


@dataclass(slots=True)
class Outcome:
    """What the rules made of a document: its findings in table order, and the
    rules that did not run because the table has no column for what they check."""

    findings: list[Finding]
    skipped: tuple[tuple[str, str], ...]  # (code, TABLE_FIELDS name)


def run(ruleset: RuleSet, document: Document, issues: list[Issue], lang: str = "zh", locate: bool = True) -> Outcome:
    """Findings of every active rule the table can satisfy, in table order (line, column,
    code); with `locate`, each with its subject's position in the document (Finding.subject:
    what a report showing the document needs; a run over hundreds of thousands of
    findings that keeps no document saves the memory)."""
    rules, skipped = [], []
    for rule in ruleset.active():
        missing = rule.missing_field(document.fields)
        if missing is None:
            rules.append(rule)
        else:
            skipped.append((rule.code, missing))
    index = SubjectIndex(document) if locate else NO_INDEX
    whole = [rule for rule in rules if rule.target == "document"]
    parts = [rule for rule in rules if rule.target != "document"]
    findings = one_per_cell(
        [finding for rule in whole for finding in timed_rule(rule, [Subject(document)], lang, document, index)], rules
    )
    for batch in unit_batches(document):
        targets = {target: list(subjects(document, target, batch)) for target in {rule.target for rule in parts}}
        # A cell belongs to one batch: its findings are made one per cell there, and
        # the ones superseded never outlive their batch.
        findings += one_per_cell(
            [finding for rule in parts for finding in timed_rule(rule, targets[rule.target], lang, document, index)],
            rules,
        )
        index.forget_indicators()  # a batch's projects are done with: their positions need not be held
    findings += one_per_cell(render_issues(ruleset, issues, lang, index), rules)
    findings.sort(key=finding_order)
    return Outcome(findings, tuple(skipped))


def one_per_cell(findings: list[Finding], rules: list[Rule]) -> list[Finding]:
    """One problem, one finding: a rule reports a cell once (target sets of several
    regions share their project's cells), and where a rule that `supersedes` others
    found something, their findings on the same cell go (按实际审批天数 is vague,
    LG303; that it has no number, LG304, says nothing more)."""
    findings.sort(key=finding_order)  # a repeat right after what it repeats
    superseding = {rule.code: rule.supersedes for rule in rules if rule.supersedes}
    superseded = {code for codes in superseding.values() for code in codes}
    covered = {
        (code, finding.location)
        for finding in findings
        if finding.code in superseding
        for code in superseding[finding.code]
    }
    kept: list[Finding] = []
    previous: Finding | None = None
    for finding in findings:
        if previous is not None and finding.code == previous.code and finding.location == previous.location:
            continue
        if finding.code in superseded and (finding.code, finding.location) in covered:
            continue
        kept.append(finding)
        previous = finding
    return kept


def unit_batches(document: Document) -> Iterator[list[Unit]]:
    batch: list[Unit] = []
    size = 0
    for unit in document.units:
        batch.append(unit)
        size += sum(len(project.indicators) for project in unit.projects) + 1
        if size >= BATCH_INDICATORS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def timed_rule(rule: Rule, targets: list[Subject], lang: str, document: Document, index: SubjectIndex) -> list[Finding]:
    """run_rule within RULE_TIME_LIMIT; past it, a ConfigError at the rule's definition."""
    try:
        with time_limit(RULE_TIME_LIMIT):
            return run_rule(rule, targets, lang, index)
    except RuleTimeout:
        path, _, line = rule.source.rpartition(":")
        raise ConfigError(
            path,
            int(line) if line.isdigit() else None,
            f"rule {rule.code} ran longer than {RULE_TIME_LIMIT:.0f} s on {document.path}; "
            "a pattern in it may backtrack catastrophically",
        ) from None


def run_rule(rule: Rule, targets: list[Subject], lang: str, index: SubjectIndex) -> list[Finding]:
    findings = []
    when, check, settings, options = rule.when, rule.check.function, rule.settings, rule.options
    for subject in targets if when is None else filter(when.test, targets):
        for hit in check(subject, settings):
            message = render(rule, hit.params, hit.variant, lang, context(subject), options)
            about = hit.member or subject
            findings.append(
                make_finding(
                    rule, message, hit.location or subject.location, about.unit, about.project, about.indicator, index
                )
            )
    return findings


def render_issues(ruleset: RuleSet, issues: list[Issue], lang: str, index: SubjectIndex) -> list[Finding]:
    """Findings for what the reader and layout noticed, where their rule is active."""
    active = {rule.code: rule for rule in ruleset.active()}
    findings = []
    for issue in issues:
        rule = active.get(issue.code)
        if rule is None:
            continue
        findings.append(
            make_finding(
                rule,
                render(rule, issue.params, issue.variant, lang),
                issue.location,
                issue.unit,
                issue.project,
                issue.indicator,
                index,
            )
        )
    return findings


def finding_order(finding: Finding) -> tuple[Any, ...]:
    where = finding.location
    return (where.path, where.sheet or "", where.page or 0, where.line or 0, where.column or 0, finding.code)
