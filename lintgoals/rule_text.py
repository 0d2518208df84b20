"""A rule as `lintgoals rule CODE` shows it to a person: its message with each
placeholder filled from the rule's options where they fix it ({min} → 95) and
named in words where the table supplies it ({value} → 〔指标值〕)."""

from __future__ import annotations

import re
from typing import Any

from lintgoals.words import catalog

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def readable_template(template: str, options: dict[str, Any], lang: str) -> str:
    """The template with options filled in and every other placeholder named in words."""
    words = catalog(lang)
    open_mark, close_mark = words.brackets

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        value = options.get(name)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value)
        return f"{open_mark}{words.placeholders.get(name, name)}{close_mark}"

    return PLACEHOLDER.sub(fill, template)
