"""The words lintgoals shows people, one catalog per language: `zh.py` and `en.py`.

Everything a report, the service's page or `lintgoals rule` says in words of its
own (not a rule's message, which its pack holds) is in a catalog. A surface asks
`catalog(lang)` and reads its part; a new language is one more module with the same
parts, which tests/test_words.py holds to the same keys and placeholders.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import Any

LANGUAGES = ("zh", "en")


@dataclass(slots=True, frozen=True)
class Catalog:
    lang: str
    # The words of the text, workbook and HTML reports: each reporter types its own
    # (TextWords, XlsxWords, HtmlWords), so a run builds only the one it writes.
    text: dict[str, Any]
    xlsx: dict[str, Any]
    html: dict[str, Any]
    scope: dict[str, Any]
    set_aside: dict[str, str]
    place: dict[str, str]
    verdict: dict[str, Any]
    junit: dict[str, str]
    placeholders: dict[str, str]
    brackets: tuple[str, str]
    targets: dict[str, str]
    severities: dict[str, str]
    local_time: tuple[int, str]  # hours from UTC, and how a report names the zone
    rule_view: dict[str, Any]
    service: dict[str, Any]


@cache
def catalog(lang: str) -> Catalog:
    """The catalog of a language; Chinese for any other (the reports' default)."""
    found: Catalog = import_module(f"{__name__}.{lang if lang in LANGUAGES else 'zh'}").CATALOG
    return found
