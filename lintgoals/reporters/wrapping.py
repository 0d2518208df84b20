"""Wrapping mixed Chinese and Latin text to a terminal's width, with a hanging indent.

Terminals give a Chinese character two columns. A line may break at a space or
beside a Chinese character, never inside a run of Latin letters and digits
(第 11、12 列 must not become 第 1⏎1、12 列), never before closing punctuation
(，。）”) and never after opening punctuation (（“).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

Segment = tuple[str, str]  # text, style ("" for none)

NO_LINE_START = frozenset("，。、：；！？）》」』】〕”’…·,.;:!?)]}%％")
NO_LINE_END = frozenset("（《「『【〔“‘([{")


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    return sum(char_width(char) for char in text)


def tokens(text: str) -> list[str]:
    """The pieces a line may break between: a space, one wide character, or a run of
    narrow ones; closing punctuation joins the piece before it, opening punctuation
    the piece after it."""
    pieces: list[str] = []
    for char in text:
        wide = char_width(char) == 2
        previous = pieces[-1] if pieces else ""
        if previous and (char in NO_LINE_START or previous[-1] in NO_LINE_END):
            pieces[-1] += char
        elif (
            previous
            and not wide
            and not char.isspace()
            and not previous[-1].isspace()
            and char_width(previous[-1]) == 1
        ):
            pieces[-1] += char  # a run of Latin letters, digits and signs stays whole
        else:
            pieces.append(char)
    return pieces


def wrap_segments(segments: list[Segment], first_width: int, rest_width: int) -> list[list[Segment]]:
    """The segments laid out in lines of at most `first_width` columns, then
    `rest_width`; a piece longer than a whole line is cut where it must be."""
    lines: list[list[Segment]] = [[]]
    room = first_width
    for text, style in segments:
        for piece in tokens(text):
            width = display_width(piece)
            if width > room and lines[-1] and not piece.isspace():
                lines.append([])
                room = rest_width
            if piece.isspace() and not lines[-1] and len(lines) > 1:
                continue  # no continuation line starts with the space it broke at
            while width > room > 0:  # longer than a line: cut it
                head, piece = cut(piece, room)
                append(lines[-1], head, style)
                lines.append([])
                room, width = rest_width, display_width(piece)
            append(lines[-1], piece, style)
            room -= width
    return [strip_end(line) for line in lines if line]


def cut(text: str, columns: int) -> tuple[str, str]:
    used = 0
    for index, char in enumerate(text):
        used += char_width(char)
        if used > columns:
            return text[: max(index, 1)], text[max(index, 1) :]
    return text, ""


def append(line: list[Segment], text: str, style: str) -> None:
    if line and line[-1][1] == style:
        line[-1] = (line[-1][0] + text, style)
    else:
        line.append((text, style))


def strip_end(line: list[Segment]) -> list[Segment]:
    if line and line[-1][0].endswith(" "):
        line[-1] = (line[-1][0].rstrip(" "), line[-1][1])
    return [segment for segment in line if segment[0]]
