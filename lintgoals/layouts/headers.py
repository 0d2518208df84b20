"""Header recognition: which column holds which field, found by header text."""

from __future__ import annotations

import re
import unicodedata

WHITESPACE = re.compile(r"\s+")


def normalize_header(text: str) -> str:
    """Full-width brackets and letters to half-width, no spaces: （个性） == (个性)."""
    return WHITESPACE.sub("", unicodedata.normalize("NFKC", text))


def find_columns(cells: list[str], aliases: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Map each field to the 1-based column whose header is one of its aliases."""
    normalized = [normalize_header(cell) for cell in cells]
    columns: dict[str, int] = {}
    for field_name, names in aliases.items():
        for index, header in enumerate(normalized):
            if header in names:
                columns[field_name] = index + 1
                break
    return columns
