"""Every issue a reader or layout raises is declared: its code has a `check: reader`
rule in a shipped pack with a message for its variant in both languages. A variant
raised without one would show the rule's general message with nothing filled in
("the file shows: "), which is how LG002 `not_document` once read.

The raises are found in the source (`ReadError(code, variant, …)` and `Issue(code,
location, params, variant, …)` with literal arguments), so a new one cannot be
added without its text."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from lintgoals.checks.reader import READER_VARIANTS
from lintgoals.rules import load_ruleset

PACKAGE = Path(__file__).resolve().parents[1] / "lintgoals"


def literal(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def raised() -> list[tuple[str, str | None, str]]:
    """(code, variant, where) of every ReadError and Issue made with a literal code."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
            if (
                isinstance(node.func, ast.Attribute)
                and node.func.attr == "add"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "notes"
            ):
                found += [("LG001", variant, where) for variant in variants(node.args[0])]  # readers/text.py's notes
                continue
            if not (isinstance(node.func, ast.Name) and node.func.id in ("ReadError", "Issue")):
                continue
            code = literal(node.args[0])
            if code is None:
                continue
            keywords = {keyword.arg: keyword.value for keyword in node.keywords}
            position = 1 if node.func.id == "ReadError" else 3
            variant_node = node.args[position] if len(node.args) > position else keywords.get("variant")
            found += [(code, variant, where) for variant in variants(variant_node)]
    return found


def variants(node: ast.AST | None) -> list[str | None]:
    """The variants an argument can be: a literal, None, or both sides of `a if … else b`."""
    if node is None or isinstance(node, ast.Constant) and node.value is None:
        return [None]
    if isinstance(node, ast.IfExp):
        return [*variants(node.body), *variants(node.orelse)]
    return [literal(node)] if literal(node) is not None else []  # chosen at run time: literals elsewhere


RAISED = raised()
RULES = {
    rule.code: rule
    for pack in ("core", "mof-2021")
    for rule in load_ruleset([pack]).rules
    if rule.check.name == "reader"
}


def test_the_source_raises_issues_at_all() -> None:
    assert len(RAISED) > 30 and {code for code, _, _ in RAISED} >= {"LG001", "LG002", "LG003", "LG004"}


@pytest.mark.parametrize(("code", "variant", "where"), RAISED, ids=lambda value: str(value))
def test_each_raised_issue_has_its_text(code: str, variant: str | None, where: str) -> None:
    rule = RULES.get(code)
    assert rule is not None, f"{where}: {code} has no `check: reader` rule in a shipped pack"
    texts = rule.message if variant is None else rule.variants.get(variant)
    assert texts is not None, f"{where}: {code} variant '{variant}' has no message in {rule.pack}"
    assert texts.get("zh") and texts.get("en"), f"{where}: {code} '{variant}' needs zh and en"
    assert variant is None or variant in READER_VARIANTS
