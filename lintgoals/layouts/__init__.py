"""Layouts turn rows into a Document: units, projects, funding and indicators.

A layout also reports what is wrong with the structure itself (LG002–LG006) as
Issues; the engine renders them with the messages of the active rule packs.
"""

from __future__ import annotations

from lintgoals.layouts.seed2019 import build_seed_2019
from lintgoals.model import Document, Issue
from lintgoals.readers import Table


def build(table: Table) -> tuple[Document, list[Issue]]:
    """Build the model of a table; raise ReadError(LG002) when no layout fits."""
    return build_seed_2019(table)


__all__ = ["build"]
