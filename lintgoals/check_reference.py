"""The reference of check primitives, generated from their declarations: each
check's summary, its options (type, required, default, meaning) from its options
schema, an example rule and the shipped rules that use it.

`lintgoals checks` prints it; the README's table of checks is its Markdown, and
a test keeps the two equal, so the reference cannot drift from the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from lintgoals.checks import CHECKS, Check


@dataclass(slots=True, frozen=True)
class OptionDoc:
    name: str
    kind: str  # what it holds: "field", "list of fields", "number", …
    need: str  # "required", "optional", or "one of field, fields"
    default: str  # "" when leaving it out means nothing in particular
    about: str


def option_docs(check: Check[Any]) -> list[OptionDoc]:
    schema = check.options
    alternatives = alternative_groups(schema)
    docs = []
    for name, spec in schema.get("properties", {}).items():
        group = next((group for group in alternatives if name in group), None)
        need = (
            "required" if name in schema.get("required", ()) else f"one of {', '.join(group)}" if group else "optional"
        )
        default = spec.get("default")
        docs.append(
            OptionDoc(
                name,
                kind_of(check, name, spec),
                need,
                "" if default is None else inline_yaml(default),
                spec.get("description", ""),
            )
        )
    return docs


def alternative_groups(schema: dict[str, Any]) -> list[tuple[str, ...]]:
    """The sets of options one of which must be given (`oneOf` of `required`), at the top or under `allOf`."""
    groups = []
    for holder in [schema, *schema.get("allOf", ())]:
        if "oneOf" in holder:
            groups.append(tuple(name for branch in holder["oneOf"] for name in branch.get("required", ())))
    return groups


def kind_of(check: Check[Any], name: str, spec: dict[str, Any]) -> str:
    names_fields = name in check.field_options or name in check.member_field_options
    if "enum" in spec:
        return " | ".join(map(str, spec["enum"]))
    kind = spec.get("type")
    if kind == "array":
        return "list of fields" if names_fields else "list of words"
    if kind == "string":
        return "field" if names_fields else "text"
    if kind == "object":
        return "mapping"
    return str(kind) if isinstance(kind, str) else " or ".join(map(str, kind or ["any"]))


def inline_yaml(value: Any) -> str:
    """A value as a pack writes it on one line."""
    return (
        yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, sort_keys=False, width=1000)
        .strip()
        .removesuffix("\n...")
        .removesuffix("...")
        .strip()
    )


def example_lines(check: Check[Any]) -> list[str]:
    """The example as the lines of a rule in a pack (without code, name, severity and messages)."""
    example = check.example
    if example is None:
        return []
    lines = [f"target: {example.target}", f"check: {check.name}"]
    if example.when is not None:
        lines.append(f"when: {inline_yaml(example.when)}")
    if example.options:
        lines.append(f"options: {inline_yaml(example.options)}")
    return lines


def users() -> dict[str, list[str]]:
    """The codes of the shipped rules that use each check."""
    from lintgoals.rules import load_ruleset, shipped_pack_names

    codes: dict[str, set[str]] = {}
    for pack in shipped_pack_names():
        for rule in load_ruleset([pack]).rules:
            codes.setdefault(rule.check.name, set()).add(rule.code)
    return {name: sorted(found) for name, found in codes.items()}


def checks_text(names: list[str] | None = None) -> str:
    """The reference for a terminal: each check, its options aligned, its example."""
    blocks, used_by = [], users()
    for check in CHECKS.values():
        if names and check.name not in names:
            continue
        lines = [f"{check.name} — {check.summary}"]
        docs = option_docs(check)
        if docs:
            widths = [
                max(len(value) for value in column)
                for column in zip(*((doc.name, doc.kind, describe_need(doc)) for doc in docs), strict=True)
            ]
            for doc in docs:
                cells = (doc.name, doc.kind, describe_need(doc))
                lines.append(
                    "  "
                    + "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))
                    + "  "
                    + doc.about
                )
        else:
            lines.append("  (no options)")
        example = example_lines(check)
        if example:
            lines += ["  example:", *("    " + line for line in example)]
        if check.name in used_by:
            lines.append("  used by: " + ", ".join(used_by[check.name]))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def describe_need(doc: OptionDoc) -> str:
    return f"default {doc.default}" if doc.default else doc.need


def checks_markdown() -> str:
    """The README's table of checks."""
    rows = ["| Check | Finds | Options | Example |", "|---|---|---|---|"]
    for check in CHECKS.values():
        options = (
            "<br>".join(
                f"`{doc.name}` {escape(doc.kind)}, {describe_need(doc)}: {escape(doc.about)}"
                for doc in option_docs(check)
            )
            or "—"
        )
        example = "<br>".join(f"`{escape(line)}`" for line in example_lines(check)) or "—"
        rows.append(f"| `{check.name}` | {escape(check.summary)} | {options} | {example} |")
    return "\n".join(rows) + "\n"


def escape(text: str) -> str:
    """Text for a Markdown table cell: a | would end the cell."""
    return text.replace("|", "\\|")
