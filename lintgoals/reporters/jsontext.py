"""Indented JSON text, the same as json.dumps(value, ensure_ascii=False, indent=2),
made several times faster: the standard library encodes indented JSON in pure
Python, token by token, and a large table's report holds tens of thousands of
findings. Strings are encoded by json's C function; the rest is joined once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from json.encoder import encode_basestring
from typing import Any, TextIO


def indented(value: Any, level: int = 0) -> str:
    """`value` as indented JSON; `level` shifts every line but the first right by two spaces a level."""
    parts: list[str] = []
    write(value, level, parts.append)
    return "".join(parts)


def write_list(stream: TextIO, items: Iterable[Any], level: int = 0) -> None:
    """indented(list(items), level), written item by item: a report's tens of
    thousands of entries are never held at once, as objects or as text."""
    padding = "\n" + "  " * (level + 1)
    separator = "["
    for item in items:
        stream.write(separator + padding + indented(item, level + 1))
        separator = ","
    stream.write("[]" if separator == "[" else "\n" + "  " * level + "]")


def write_around(stream: TextIO, value: Any, slot: str, items: Iterable[Any]) -> None:
    """indented(value) with the list `items` in the place of the string `slot`,
    written item by item (the report around a list of results is small; the list is not)."""
    head, found, tail = indented(value).partition(encode_basestring(slot))
    if not found:
        raise ValueError(f"{slot!r} is not in the value")
    line = head[head.rfind("\n") + 1 :]
    stream.write(head)
    write_list(stream, items, (len(line) - len(line.lstrip(" "))) // 2)  # the level of the slot's line
    stream.write(tail)


def write(value: Any, level: int, out: Callable[[str], None]) -> None:
    if isinstance(value, dict):
        write_items(value.items(), level, out, "{", "}", keyed=True)
    elif isinstance(value, (list, tuple)):
        write_items(((None, item) for item in value), level, out, "[", "]", keyed=False)
    else:
        out(scalar(value))


def write_items(items: Any, level: int, out: Callable[[str], None], opening: str, closing: str, keyed: bool) -> None:
    padding = "\n" + "  " * (level + 1)
    separator = opening
    for key, item in items:
        out(separator + padding + (encode_basestring(str(key)) + ": " if keyed else ""))
        write(item, level + 1, out)
        separator = ","
    out(opening + closing if separator == opening else "\n" + "  " * level + closing)


def scalar(value: Any) -> str:
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return float.__repr__(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
