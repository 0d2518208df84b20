"""YAML files (rule packs, configs) read safely, with the line of every key kept
so that an error can name the line a person has to fix."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

JsonPath = tuple[str | int, ...]
# libyaml's parser where it is installed (several times faster); both load safely, with marks.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Aliases let a few lines of YAML stand for an exponentially large document
# (a "billion laughs"); a rule pack or config holds a few thousand values.
# A document that expands to more, or nests deeper than anything that walks it
# recursively (jsonschema, line recording) can follow, is refused first.
MAX_YAML_NODES = 100_000
MAX_YAML_DEPTH = 64
# A pack, config or layout is a few kilobytes; a model document a few megabytes.
MAX_YAML_BYTES = 64 * 1024 * 1024


class ConfigError(Exception):
    """A rule pack or config that cannot be used: one line, naming file and line."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        super().__init__(message)
        self.path, self.line, self.message = path, line, message

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"

    def __reduce__(self) -> tuple[type[ConfigError], tuple[str, int | None, str]]:
        # Raised in a worker process (--jobs), it is pickled back to the main one.
        return ConfigError, (self.path, self.line, self.message)


@dataclass(slots=True)
class YamlDocument:
    path: str
    data: Any
    lines: dict[JsonPath, int]
    sha256: str = ""  # of the file's text: what a run's record names it by

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
        if not path.is_file():
            raise ConfigError(str(path), None, "not a regular file" if path.exists() else "file not found")
        if path.stat().st_size > MAX_YAML_BYTES:
            raise ConfigError(str(path), None, f"file too large (over {MAX_YAML_BYTES // 1024 // 1024} MB)")
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(str(path), None, f"cannot read: {error}") from None
    try:
        node, data = compose_and_construct(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise ConfigError(str(path), mark.line + 1 if mark else None, f"invalid YAML: {problem}") from None
    lines: dict[JsonPath, int] = {}
    if node is not None:
        record_lines(node, (), lines)
    return YamlDocument(str(path), data, lines, hashlib.sha256(text.encode("utf-8")).hexdigest())


def safe_load(text: str) -> Any:
    """yaml.safe_load, within the bounds of compose_and_construct."""
    return compose_and_construct(text)[1]


def compose_and_construct(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree and the data of a YAML text, by the safe loader only (a tag
    such as !!python/object is an error, never a Python object); a document too
    deep or too large once its aliases are expanded is a YAMLError at its line."""
    loader = SAFE_LOADER(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            expanded_size(node, {}, 0)
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def expanded_size(node: yaml.Node, sizes: dict[int, int], depth: int) -> int:
    """How many nodes `node` stands for once its aliases are expanded: a shared
    node is measured once and counted at every use."""
    if id(node) in sizes:
        return sizes[id(node)]
    if depth > MAX_YAML_DEPTH:
        raise yaml.MarkedYAMLError(problem=f"nested more than {MAX_YAML_DEPTH} levels deep",
                                   problem_mark=node.start_mark)
    children: list[yaml.Node] = []
    if isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    elif isinstance(node, yaml.SequenceNode):
        children = node.value
    size = 1 + sum(expanded_size(child, sizes, depth + 1) for child in children)
    if size > MAX_YAML_NODES:
        raise yaml.MarkedYAMLError(problem=f"aliases expand this to more than {MAX_YAML_NODES:,} values "
                                           "(an alias bomb?)", problem_mark=node.start_mark)
    sizes[id(node)] = size
    return size


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
