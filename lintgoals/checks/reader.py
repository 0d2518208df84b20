"""`check: reader`: rules whose findings the reader and layout make (LG0xx).

They are declared in packs like every other rule, so they are listed,
explained, selected, ignored and re-rated the same way; the engine renders the
issues the layout reported with their messages.
"""

from __future__ import annotations

from collections.abc import Iterator

from lintgoals.checks.base import Check, Hit, NoOptions, options_schema
from lintgoals.subjects import Subject


def check_reader(subject: Subject, options: NoOptions) -> Iterator[Hit]:
    return iter(())


READER_PARAMS = frozenset(
    {
        "reason",
        "headers",
        "columns",
        "name",
        "value",
        "description",
        "ignored",
        "text",
        "category",
        "sheet",
        "count",
        "limit",
        "size",
        "encoding",
        "main",
        "cell",
        "memory",
        "seconds",
        "date",
        "code",
        "about",
        "until",
        "page",
    }
)
READER_VARIANTS = frozenset(
    {
        "empty",
        "binary",
        "undecodable",
        "unreadable",
        "malformed",
        "encrypted",
        "not_workbook",
        "workbook_limits",
        "bad_sheet",
        "no_header",
        "project",
        "indicator",
        "extra",
        # limits and damage read past (readers/text.py, readers/excel.py)
        "too_large",
        "unzipped_too_large",
        "nul",
        "bad_bytes",
        "mixed_encoding",
        "truncated",
        "line_too_long",
        "cell_too_long",
        "too_many_columns",
        "too_many_rows",
        "sheet_too_large",
        "no_cached_value",
        "yaml_too_large",
        # model documents (document_json.py)
        "not_document",
        # PDF (readers/pdf.py)
        "not_pdf",
        "pdf_encrypted",
        "pdf_limits",
        "no_text",
        "scanned_page",
        "ocr_layer",
        "unmapped_glyphs",
        "page_too_complex",
        "too_many_pages",
        "no_grid",
        "spill",
        "cut_off",
    }
)

CHECKS = (
    Check(
        name="reader",
        function=check_reader,
        options=options_schema([]),
        settings=NoOptions,
        params=READER_PARAMS,
        variants=READER_VARIANTS,
        summary="Findings the reader and layout make (LG0xx): a pack declares them to list, "
        "select and re-rate them; it cannot make new ones.",
        example=None,
    ),
)
