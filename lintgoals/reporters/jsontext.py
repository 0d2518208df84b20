"""Indented JSON text, the same as json.dumps(value, ensure_ascii=False, indent=2),
made several times faster: the standard library encodes indented JSON in pure
Python, token by token, and a large table's report holds tens of thousands of
findings. Strings are encoded by json's C function; the rest is joined once.
"""

from __future__ import annotations

from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any


def indented(value: Any, level: int = 0) -> str:
    """`value` as indented JSON; `level` shifts every line but the first right by two spaces a level."""
    parts: list[str] = []
    write(value, level, parts.append)
    return "".join(parts)


def write(value: Any, level: int, out: Callable[[str], None]) -> None:
    if isinstance(value, dict):
        write_items(value.items(), level, out, "{", "}", keyed=True)
    elif isinstance(value, (list, tuple)):
        write_items(((None, item) for item in value), level, out, "[", "]", keyed=False)
    else:
        out(scalar(value))


def write_items(items: Any, level: int, out: Callable[[str], None], opening: str, closing: str,
                keyed: bool) -> None:
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
