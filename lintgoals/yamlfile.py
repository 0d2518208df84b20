"""YAML files (rule packs, configs) read safely, with the line of every key kept
so that an error can name the line a person has to fix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

JsonPath = tuple[str | int, ...]
# libyaml's parser where it is installed (several times faster); both load safely, with marks.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ConfigError(Exception):
    """A rule pack or config that cannot be used: one line, naming file and line."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        super().__init__(message)
        self.path, self.line, self.message = path, line, message

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(slots=True)
class YamlDocument:
    path: str
    data: Any
    lines: dict[JsonPath, int]

    def line(self, at: JsonPath) -> int | None:
        """The line of `at`, or of its nearest ancestor that has one."""
        for end in range(len(at), -1, -1):
            if at[:end] in self.lines:
                return self.lines[at[:end]]
        return None

    def error(self, at: JsonPath, message: str) -> ConfigError:
        return ConfigError(self.path, self.line(at), message)


def load_yaml(path: Path) -> YamlDocument:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(str(path), None, "file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(str(path), None, f"cannot read: {error}") from None
    loader = SAFE_LOADER(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise ConfigError(str(path), mark.line + 1 if mark else None, f"invalid YAML: {problem}") from None
    finally:
        loader.dispose()
    lines: dict[JsonPath, int] = {}
    if node is not None:
        record_lines(node, (), lines)
    return YamlDocument(str(path), data, lines)


def record_lines(node: yaml.Node, at: JsonPath, lines: dict[JsonPath, int]) -> None:
    lines[at] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            record_lines(value_node, (*at, key), lines)
            lines[(*at, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            record_lines(item, (*at, index), lines)


def schema_error(document: YamlDocument, schema: dict[str, Any], label: str) -> ConfigError | None:
    """The first way `document` breaks `schema`, as a ConfigError at the offending key."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    error = best_match(Draft202012Validator(schema).iter_errors(document.data))
    if error is None:
        return None
    at: JsonPath = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = error.schema.get("properties", {})
        unknown = [key for key in error.instance if key not in known]
        if unknown:
            return document.error((*at, unknown[0]), f"unknown key '{unknown[0]}' in {describe(at, label)}"
                                  f" (known: {', '.join(known)})")
    return document.error(at, f"{describe(at, label)}: {error.message}")


def describe(at: JsonPath, label: str) -> str:
    if not at:
        return label
    return ".".join(str(part) if isinstance(part, str) else f"[{part}]" for part in at).replace(".[", "[")
