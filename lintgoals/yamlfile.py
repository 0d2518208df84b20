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
# (a "billion laughs"). What aliases add is counted, not what the file itself
# holds (a model document of a few thousand indicators has hundreds of thousands
# of values, each written out): a document whose aliases add more values than
# this, or that nests deeper than anything that walks it recursively (jsonschema,
# line recording) can follow, is refused first.
MAX_YAML_ALIAS_VALUES = 100_000
MAX_YAML_DEPTH = 64
# An integer longer than this is refused at its line (Python will not even read
# one of more than 4,300 digits); no pack, config or document needs a tenth of it.
MAX_YAML_INT_DIGITS = 100
# Parsing YAML costs about 400 bytes of memory for every value the file holds
# (each is a node with two marks before it is data), fifty times the size of a
# model document and more for one of short values ("[1,1,1,…]"). A pack, config
# or layout is a few kilobytes and a few thousand values; a model document of
# a thousand indicators about a megabyte and 70,000 values. A YAML file past
# either limit is refused before any node is built (the values are counted from
# the parser's events, in constant memory); a larger model is sent as JSON.
MAX_YAML_BYTES = 8 * 1024 * 1024
MAX_YAML_VALUES = 1_000_000


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
    deep, whose aliases expand too far or holding an integer too long to read is
    a YAMLError at its line."""
    count_values(text)
    loader = SAFE_LOADER(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            AliasCount().measure(node, 0)
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


YAML_INT_TAG = "tag:yaml.org,2002:int"
VALUE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)
END_EVENTS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def count_values(text: str) -> None:
    """The values a YAML text holds as written and how deeply it nests them, counted
    from the parser's events (each dropped once counted): a YAMLError at the value
    past MAX_YAML_VALUES or MAX_YAML_DEPTH, before a node tree that large is built."""
    loader = SAFE_LOADER(text)
    # (types-PyYAML has MarkedYAMLError take a yaml.error.Mark only; libyaml's events carry
    # yaml._yaml.Mark, with the same attributes, which serves it alike: `type: ignore[arg-type]`.)
    try:
        values = depth = 0
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, VALUE_EVENTS):
                values += 1
                if values > MAX_YAML_VALUES:
                    raise yaml.MarkedYAMLError(
                        problem=f"more than {MAX_YAML_VALUES:,} values",
                        problem_mark=event.start_mark,  # type: ignore[arg-type]
                    )
                if not isinstance(event, yaml.ScalarEvent):
                    depth += 1
                    if depth > MAX_YAML_DEPTH + 1:
                        raise yaml.MarkedYAMLError(
                            problem=f"nested more than {MAX_YAML_DEPTH} levels deep",
                            problem_mark=event.start_mark,  # type: ignore[arg-type]
                        )
            elif isinstance(event, END_EVENTS):
                depth -= 1
    finally:
        loader.dispose()


class AliasCount:
    """The node tree walked once, in document order, each node measured (the values
    it stands for once its aliases are expanded, and how deep it nests): a node met
    again is an alias, and adds what it stands for to the count of values aliases
    add, which may not pass MAX_YAML_ALIAS_VALUES (an alias bomb)."""

    def __init__(self) -> None:
        self.measured: dict[int, tuple[int, int]] = {}  # id of a node: (its expanded size, its height)
        self.added = 0  # values the aliases met so far stand for

    def measure(self, node: yaml.Node, depth: int) -> tuple[int, int]:
        if depth > MAX_YAML_DEPTH:
            raise too_deep(node)
        if isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = node.value
        else:
            if node.tag == YAML_INT_TAG and len(node.value) > MAX_YAML_INT_DIGITS:
                raise yaml.MarkedYAMLError(
                    problem=f"an integer of {len(node.value):,} digits (at most {MAX_YAML_INT_DIGITS})",
                    problem_mark=node.start_mark,
                )
            children = []
        size, height = 1, 0
        for child in children:
            known = self.measured.get(id(child))
            if known is None:
                known = self.measure(child, depth + 1)
            else:  # an alias: what it stands for, as deep as it is used
                if depth + 1 + known[1] > MAX_YAML_DEPTH:
                    raise too_deep(node)
                self.added += known[0]
                if self.added > MAX_YAML_ALIAS_VALUES:
                    raise yaml.MarkedYAMLError(
                        problem=f"aliases expand this to more than {MAX_YAML_ALIAS_VALUES:,} values (an alias bomb?)",
                        problem_mark=node.start_mark,
                    )
            size += known[0]
            height = max(height, known[1] + 1)
        self.measured[id(node)] = (size, height)
        return size, height


def too_deep(node: yaml.Node) -> yaml.MarkedYAMLError:
    return yaml.MarkedYAMLError(problem=f"nested more than {MAX_YAML_DEPTH} levels deep", problem_mark=node.start_mark)


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
            return document.error(
                (*at, unknown[0]), f"unknown key '{unknown[0]}' in {describe(at, label)} (known: {', '.join(known)})"
            )
    return document.error(at, f"{describe(at, label)}: {error.message}")


def describe(at: JsonPath, label: str) -> str:
    if not at:
        return label
    return ".".join(str(part) if isinstance(part, str) else f"[{part}]" for part in at).replace(".[", "[")
