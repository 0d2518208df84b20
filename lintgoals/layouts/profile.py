"""Layout profiles: YAML data saying which header texts mean which field, and
which structure (how rows group into units, projects and indicators) applies.

The shipped profiles are in layouts/profiles/; a config adds its own with
`layouts: [path.yaml]`. A profile is validated against layout.schema.json.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lintgoals.layouts.headers import Fields, HeaderMatch, HeaderMatcher, field_names
from lintgoals.package_data import PACKAGE, load_schema
from lintgoals.readers.table import Row
from lintgoals.yamlfile import ConfigError, YamlDocument, load_yaml, schema_error


@dataclass(slots=True, frozen=True)
class LayoutProfile:
    name: str
    structure: str
    columns: Fields  # field → what its header may say
    required: tuple[str, ...]  # fields whose headers must all be present
    block: Fields  # field → labels in the block above the table (project-block)
    # A field with no column of its own whose place another takes: where a table
    # has no 三级 column, its 二级 column names the indicators ({level3: level2}).
    stand_ins: dict[str, str]
    regions: str | None  # the field a target per region stands for (区域目标值), if the layout allows it
    table_end: re.Pattern[str]  # words of a row that closes the form under a table (审核意见, 填表人)
    matcher: HeaderMatcher
    title: tuple[str, str] = ("", "")  # what reports call the layout, in zh and en

    def header_at(self, row: Row, below: Row | None) -> HeaderMatch | None:
        """The header of this layout starting at `row`, if it starts one."""
        if not self.matcher.any_known(row.cells):
            return None  # the common case, a row of data: decided from cached scores of its cells
        match = self.matcher.match(row, below, self.regions)
        columns = match.columns
        for name, stand_in in self.stand_ins.items():
            if name not in columns and stand_in in columns:
                columns[name] = columns.pop(stand_in)
        return match if all(name in columns for name in self.required) else None


def profile_from_data(data: dict[str, Any]) -> LayoutProfile:
    keywords, weak = data.get("keywords") or {}, data.get("weak") or {}
    columns = {name: field_names(names, keywords.get(name), weak.get(name)) for name, names in data["columns"].items()}
    block_keywords = data.get("block_keywords") or {}
    block = {name: field_names(names, block_keywords.get(name)) for name, names in (data.get("block") or {}).items()}
    return LayoutProfile(
        name=data["layout"],
        structure=data["structure"],
        columns=columns,
        required=tuple(data["required"]),
        block=block,
        stand_ins=dict(data.get("stand_ins") or {}),
        regions=data.get("regions"),
        table_end=re.compile("|".join(map(re.escape, data.get("table_end") or [])) or "(?!)"),
        matcher=HeaderMatcher(columns),
        title=((data.get("title") or {}).get("zh", ""), (data.get("title") or {}).get("en", "")),
    )


def layout_schema() -> dict[str, Any]:
    return load_schema("layout.schema.json")


def load_profile(path: Path, shipped: bool = False) -> LayoutProfile:
    """A profile, validated unless it is one of the shipped ones (the test suite validates those)."""
    document = load_yaml(path)
    if not isinstance(document.data, dict):
        raise ConfigError(str(path), 1, "a layout profile is a mapping with layout, structure, columns, required")
    problem = None if shipped else schema_error(document, layout_schema(), "layout")
    if problem:
        raise problem
    data = document.data
    check_known_fields(document)
    for key, of in (
        ("required", "columns"),
        ("keywords", "columns"),
        ("weak", "columns"),
        ("stand_ins", "columns"),
        ("block_keywords", "block"),
    ):
        unknown = [name for name in data.get(key) or [] if name not in (data.get(of) or {})]
        if unknown:
            raise document.error((key,), f"field '{unknown[0]}' in {key} has no entry in {of}")
    return profile_from_data(document.data)


def check_known_fields(document: YamlDocument) -> None:
    """Every field a profile names is one its structure reads: a misspelt optional
    field (`measure_units:`) would otherwise be silently ignored."""
    from lintgoals.layouts import structure_fields  # the structures' own declarations
    from lintgoals.rules import did_you_mean

    data = document.data
    columns, block = structure_fields(data["structure"])
    for key, known in (
        ("columns", columns),
        ("keywords", columns),
        ("weak", columns),
        ("block", block),
        ("block_keywords", block),
    ):
        for name in data.get(key) or {}:
            if name not in known:
                listed = ", ".join(sorted(known)) or "none"
                raise document.error(
                    (key, name),
                    f"{key}: '{name}' is no field of the {data['structure']} "
                    f"structure{did_you_mean(name, known)} (known: {listed})",
                )


@cache
def shipped_profiles() -> tuple[LayoutProfile, ...]:
    folder = PACKAGE / "layouts" / "profiles"
    return tuple(
        load_profile(folder / name, shipped=True)
        for name in sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".yaml"))
    )


def load_profiles(extra: list[Path]) -> tuple[LayoutProfile, ...]:
    """The shipped profiles and a config's own; a config's profile of the same name replaces the shipped one."""
    added = [load_profile(path) for path in extra]
    names = {profile.name for profile in added}
    return tuple(p for p in shipped_profiles() if p.name not in names) + tuple(added)
