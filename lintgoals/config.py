"""lintgoals.yaml: found in the current folder or a parent, or given with --config."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lintgoals.package_data import load_schema
from lintgoals.yamlfile import ConfigError, YamlDocument, load_yaml, schema_error

CONFIG_NAME = "lintgoals.yaml"
FAIL_ON = ("error", "warning", "info", "never")


@dataclass(slots=True, frozen=True)
class AcceptedFinding:
    """An exception: findings of a code, about what it names, accepted for a reason
    (until a day, if given). It matches what a finding is about (file, unit code or
    name, project, indicator), never a line: editing the table does not break it."""

    code: str
    reason: str
    file: str | None = None
    unit: str | None = None
    project: str | None = None
    indicator: str | None = None
    until: date | None = None
    line: int | None = None  # where the config writes it


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
    exceptions: list[AcceptedFinding] = field(default_factory=list)
    # --select replaces the config's `select`, --ignore adds to its `ignore`: kept
    # apart, so that a code that names no rule is reported where it was written.
    cli_select: list[str] | None = None
    cli_ignore: list[str] = field(default_factory=list)
    path: Path | None = None  # the file it was read from
    base: Path | None = None  # where pack paths in `extends` are relative to
    source: YamlDocument | None = None  # for errors that name a line of the file

    @property
    def selected(self) -> list[str]:
        return self.select if self.cli_select is None else self.cli_select

    @property
    def ignored(self) -> list[str]:
        return [*self.ignore, *self.cli_ignore]


def accepted_finding(document: YamlDocument, index: int, entry: dict[str, Any]) -> AcceptedFinding:
    until = entry.get("until")
    if until is not None and not isinstance(until, date):
        try:
            until = date.fromisoformat(str(until))
        except ValueError:
            raise document.error(
                ("exceptions", index, "until"), f"until: '{until}' is not a date (2027-12-31)"
            ) from None
    unit = entry.get("unit")
    return AcceptedFinding(
        entry["code"],
        entry["reason"],
        entry.get("file"),
        None if unit is None else str(unit),
        entry.get("project"),
        entry.get("indicator"),
        until,
        document.line(("exceptions", index)),
    )


def split_codes(value: str | list[str] | None) -> list[str]:
    """Codes and prefixes, from a list or a comma-separated string ("LG1,LG301")."""
    items = value.split(",") if isinstance(value, str) else (value or [])
    return [item.strip().upper() for item in items if item.strip()]


@dataclass(slots=True)
class Discovery:
    """The config found for a folder, and those passed over as untrusted (each with why)."""

    path: Path | None = None
    passed_over: list[tuple[Path, str]] = field(default_factory=list)


def discover(start: Path) -> Discovery:
    """The lintgoals.yaml of `start` or its nearest parent. The search ends at the
    root of a repository (a folder with .git) or at the user's home, whichever
    comes first. A config in a folder anybody may write to (/tmp) is obeyed only
    if the folder and the file are the user's own: anyone could have put it there."""
    found = Discovery()
    home = safe_home()
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            doubt = untrusted(folder, candidate)
            if doubt is None:
                found.path = candidate
                return found
            found.passed_over.append((candidate, doubt))
        if (folder / ".git").exists() or folder == home:
            break
    return found


def safe_home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError, OSError):  # no home: the search goes up to the root
        return None


def untrusted(folder: Path, config: Path) -> str | None:
    """Why a config found on the way up may not be obeyed, or None."""
    try:
        folder_stat, config_stat = folder.stat(), config.stat()
    except OSError as error:
        return error.strerror or str(error)
    user = os.geteuid() if hasattr(os, "geteuid") else None
    if config_stat.st_mode & stat.S_IWOTH:
        return "anybody may change it; give it with --config to use it"
    shared_folder = folder_stat.st_mode & stat.S_IWOTH
    if shared_folder and user is not None and (folder_stat.st_uid != user or config_stat.st_uid != user):
        return "it lies where anybody may write and is not yours; give it with --config to use it"
    return None


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    document = load_yaml(path)
    data = document.data if document.data is not None else {}
    if not isinstance(data, dict):
        raise ConfigError(
            str(path),
            1,
            "a config is a mapping (extends, params, select, ignore, severity, fail_on, lang, layouts, layout)",
        )
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
        exceptions=[
            accepted_finding(document, index, entry) for index, entry in enumerate(data.get("exceptions") or [])
        ],
        path=path,
        base=path.parent,
        source=document,
    )
