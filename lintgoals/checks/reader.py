"""`check: reader`: rules whose findings the reader and layout make (LG0xx).

They are declared in packs like every other rule, so they are listed,
explained, selected, ignored and re-rated the same way; the engine renders the
issues the layout reported with their messages.
"""

from __future__ import annotations

from collections.abc import Iterator

from lintgoals.checks.base import Check, Hit, Options, options_schema
from lintgoals.subjects import Subject


def check_reader(subject: Subject, options: Options) -> Iterator[Hit]:
    return iter(())


READER_PARAMS = frozenset({"reason", "headers", "columns", "name", "value", "description", "ignored",
                           "text", "category", "sheet"})
READER_VARIANTS = frozenset({"empty", "binary", "undecodable", "unreadable", "malformed", "encrypted",
                             "not_workbook", "bad_sheet", "no_header", "project", "indicator", "extra"})

CHECKS = (
    Check("reader", check_reader, options_schema([]), READER_PARAMS, variants=READER_VARIANTS),
)
