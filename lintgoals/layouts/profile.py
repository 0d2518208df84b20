"""Layout profiles: YAML data saying which header texts mean which field, and
which structure (how rows group into units, projects and indicators) applies.

The shipped profiles are in layouts/profiles/; a config adds its own with
`layouts: [path.yaml]`. A profile is validated against layout.schema.json.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lintgoals.layouts.headers import Aliases, header_key, match_header, normalize_aliases
from lintgoals.package_data import PACKAGE, load_schema
from lintgoals.readers.table import Row
from lintgoals.yamlfile import ConfigError, load_yaml, schema_error


@dataclass(slots=True, frozen=True)
class LayoutProfile:
    name: str
    structure: str
    columns: Aliases  # field → normalised header texts
    required: tuple[str, ...]  # fields whose headers must all be present
    block: Aliases  # field → labels in the block above the table (project-block)
    signature: frozenset[str]  # header texts of the required fields: a cheap first test for a header row

    def looks_like_header(self, cells: list[str]) -> bool:
        return not self.signature.isdisjoint(map(header_key, cells))

    def header_at(self, row: Row, below: Row | None) -> tuple[dict[str, int], int] | None:
        """The columns of a header of this layout starting at `row`, and its height
        (a header may span the row below), if `row` starts one."""
        if not self.looks_like_header(row.cells):
            return None
        columns, height = match_header(row, below, self.columns)
        return (columns, height) if all(name in columns for name in self.required) else None


def profile_from_data(data: dict[str, Any]) -> LayoutProfile:
    columns = normalize_aliases(data["columns"])
    return LayoutProfile(
        name=data["layout"], structure=data["structure"], columns=columns, required=tuple(data["required"]),
        block=normalize_aliases(data.get("block") or {}),
        signature=frozenset(name for field in data["required"] for name in columns.get(field, ())))


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
    unknown = [field for field in document.data["required"] if field not in document.data["columns"]]
    if unknown:
        raise document.error(("required",), f"required field '{unknown[0]}' has no entry in columns")
    return profile_from_data(document.data)


@cache
def shipped_profiles() -> tuple[LayoutProfile, ...]:
    folder = PACKAGE / "layouts" / "profiles"
    return tuple(load_profile(folder / name, shipped=True)
                 for name in sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".yaml")))


def load_profiles(extra: list[Path]) -> tuple[LayoutProfile, ...]:
    """The shipped profiles and a config's own; a config's profile of the same name replaces the shipped one."""
    added = [load_profile(path) for path in extra]
    names = {profile.name for profile in added}
    return tuple(p for p in shipped_profiles() if p.name not in names) + tuple(added)
