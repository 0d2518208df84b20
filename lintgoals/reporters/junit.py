"""JUnit XML (`--format junit`): for CI servers that show test results (Jenkins,
GitLab's test report, Azure Pipelines).

One <testsuite> per file. Test cases are the checks that ran: each active rule
once per place it looks at — rules about projects or their indicators once per
project, rules about units once per unit, rules about the whole document once
per file. (A rule's `when` filter may skip some of those places; they are still
counted as passed, since nothing there is wrong.) A test case fails with the
findings at or above --fail-on; findings below it are listed in <system-out>
and the case passes. A finding about a place the document does not have (an
orphan row) gets a case of its own. A file that could not be read is one
<error> case.

Only the standard library: this runs in pipelines.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import TextIO

from lintgoals.model import Document, FileResult, Finding, Report, RuleDoc
from lintgoals.reporters import ReportOptions
from lintgoals.reporters.common import counted_view, fails, unit_label
from lintgoals.words import catalog

SUITES_NAME = "lintgoals"
# Characters XML 1.0 cannot hold at all, not even escaped; cell text may have them.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(slots=True)
class Case:
    rule: RuleDoc | None
    classname: str
    name: str
    findings: list[Finding] = field(default_factory=list)


def class_name(path: str, *parts: str) -> str:
    # The file comes first, so that Jenkins (which groups by class name across
    # suites) keeps namesake units of different files apart.
    return " › ".join((path, *parts))


def rule_case(rule: RuleDoc, classname: str) -> Case:
    return Case(rule, classname, f"{rule.code} {rule.name}")


def planned_cases(document: Document, rules: list[RuleDoc], lang: str) -> dict[tuple[str, int, int], Case]:
    """Every rule × place, keyed by (code, unit index, project index); -1 means none."""
    cases: dict[tuple[str, int, int], Case] = {}
    whole = class_name(document.path, catalog(lang).junit["whole_file"])
    for rule in rules:
        if rule.target == "document":
            cases[(rule.code, -1, -1)] = rule_case(rule, whole)
    for u, unit in enumerate(document.units):
        for rule in rules:
            if rule.target == "unit":
                cases[(rule.code, u, -1)] = rule_case(rule, class_name(document.path, unit_label(unit.code, unit.name)))
        for p, project in enumerate(unit.projects):
            for rule in rules:
                if rule.target in ("project", "indicator"):
                    cases[(rule.code, u, p)] = rule_case(
                        rule, class_name(document.path, unit_label(unit.code, unit.name), project.name)
                    )
    return cases


def case_key(rule: RuleDoc | None, finding: Finding) -> tuple[str, int, int]:
    """The planned case a finding belongs to: the one for its rule at its subject."""
    subject = finding.subject
    target = rule.target if rule else "document"
    if target == "document" or subject is None:
        return (finding.code, -1, -1)
    if target == "unit" or subject.project is None:
        return (finding.code, subject.unit, -1)
    return (finding.code, subject.unit, subject.project)


def document_cases(document: Document, findings: list[Finding], rules: list[RuleDoc], lang: str) -> list[Case]:
    by_code = {rule.code: rule for rule in rules}
    cases = planned_cases(document, rules, lang)
    for finding in findings:
        rule = by_code.get(finding.code)
        key = case_key(rule, finding)
        if key not in cases:
            # A place the plan does not have: an orphan row, or a finding at another
            # level than its rule's target. It gets a case of its own.
            parts = [part for part in (unit_label(finding.unit_code, finding.unit_name), finding.project) if part]
            place = (
                class_name(document.path, *parts)
                if parts
                else class_name(document.path, catalog(lang).junit["whole_file"])
            )
            cases[key] = Case(rule, place, f"{finding.code} {finding.name}")
        cases[key].findings.append(finding)
    return list(cases.values())


def finding_text(finding: Finding) -> str:
    location = finding.location
    where = str(location) + (f" ({location.sheet}!{location.cell})" if location.cell and location.sheet else "")
    indicator = f" [{finding.indicator}]" if finding.indicator else ""
    return f"{where}: {finding.severity} {finding.code} {finding.message}{indicator}"


def case_element(case: Case, fail_on: str, path: str) -> ET.Element:
    element = ET.Element("testcase", {"classname": case.classname, "name": case.name, "file": path, "time": "0"})
    failing = [f for f in case.findings if fails(f.severity, fail_on)]
    passing = [f for f in case.findings if not fails(f.severity, fail_on)]
    if failing:
        failure = ET.SubElement(
            element,
            "failure",
            {
                "message": failing[0].message + (f" (+{len(failing) - 1})" if len(failing) > 1 else ""),
                "type": failing[0].code,
            },
        )
        failure.text = "\n".join(finding_text(f) for f in failing)
    if passing:
        ET.SubElement(element, "system-out").text = "\n".join(finding_text(f) for f in passing)
    return element


def suite_element(result: FileResult, rules: list[RuleDoc], options: ReportOptions) -> ET.Element:
    suite = ET.Element("testsuite", {"name": result.path})
    if result.document is None:
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": class_name(result.path),
                "name": catalog(options.lang).junit["read_case"],
                "file": result.path,
                "time": "0",
            },
        )
        error = ET.SubElement(case, "error", {"message": result.error or "unreadable", "type": "unreadable"})
        error.text = "\n".join([result.error or "", *(finding_text(f) for f in result.findings)]).strip()
        counts = {"tests": 1, "failures": 0, "errors": 1}
    else:
        cases = document_cases(result.document, result.findings, rules, options.lang)
        elements = [case_element(case, options.fail_on, result.path) for case in cases]
        suite.extend(elements)
        failures = sum(1 for element in elements if element.find("failure") is not None)
        counts = {"tests": len(elements), "failures": failures, "errors": 0}
    suite.attrib.update({key: str(value) for key, value in counts.items()} | {"skipped": "0", "time": "0"})
    return suite


def write_junit(report: Report, stream: TextIO, options: ReportOptions) -> None:
    report = counted_view(report)  # accepted and known findings are not for CI to act on
    root = ET.Element("testsuites", {"name": SUITES_NAME})
    suites = [suite_element(result, report.rules, options) for result in report.files]
    root.extend(suites)
    for key in ("tests", "failures", "errors"):
        root.set(key, str(sum(int(suite.get(key, "0")) for suite in suites)))
    for element in root.iter():
        element.text = NOT_XML.sub("\ufffd", element.text) if element.text else element.text
        for key, value in element.attrib.items():
            element.set(key, NOT_XML.sub("\ufffd", value))
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
