"""lintgoals.yaml: found in the current folder or a parent, or given with --config."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lintgoals.package_data import load_schema
from lintgoals.yamlfile import ConfigError, YamlDocument, load_yaml, schema_error

CONFIG_NAME = "lintgoals.yaml"
FAIL_ON = ("error", "warning", "info", "never")


@dataclass(slots=True)
class Config:
    # The rule packs; None: each table's own framework chooses them (lintgoals.framework).
    extends: list[str] | None = None
    params: dict[str, Any] = field(default_factory=dict)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Any] = field(default_factory=dict)
    fail_on: str = "error"
    lang: str = "zh"
    layouts: list[str] = field(default_factory=list)  # layout profiles of one's own (paths)
    layout: str | None = None  # force one layout by name instead of detecting it
    path: Path | None = None  # the file it was read from
    base: Path | None = None  # where pack paths in `extends` are relative to
    source: YamlDocument | None = None  # for errors that name a line of the file


def split_codes(value: str | list[str] | None) -> list[str]:
    """Codes and prefixes, from a list or a comma-separated string ("LG1,LG301")."""
    items = value.split(",") if isinstance(value, str) else (value or [])
    return [item.strip().upper() for item in items if item.strip()]


def discover(start: Path) -> Path | None:
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    document = load_yaml(path)
    data = document.data if document.data is not None else {}
    if not isinstance(data, dict):
        raise ConfigError(str(path), 1, "a config is a mapping (extends, params, select, ignore, severity, "
                                        "fail_on, lang, layouts, layout)")
    schema = load_schema("config.schema.json")
    document.data = data
    problem = schema_error(document, schema, "config")
    if problem:
        raise problem
    extends = data.get("extends")
    return Config(
        extends=None if extends is None else [extends] if isinstance(extends, str) else list(extends),
        params=data.get("params") or {},
        select=split_codes(data.get("select")),
        ignore=split_codes(data.get("ignore")),
        severity=data.get("severity") or {},
        fail_on=data.get("fail_on", "error"),
        lang=data.get("lang", "zh"),
        layouts=list(data.get("layouts") or []),
        layout=data.get("layout"),
        path=path,
        base=path.parent,
        source=document,
    )
