"""Readers turn a file's bytes into rows of cells, each cell with its position.

A reader knows nothing of layouts or rules: it only decodes and splits.
"""

from __future__ import annotations

from pathlib import Path

from lintgoals.readers.table import ReadError, Row, Sheet, Table
from lintgoals.readers.text import read_text

TEXT_SUFFIXES = (".tsv", ".txt", ".csv")


def read(path: Path) -> Table:
    """Read any supported file into a Table; raise ReadError when it cannot be read."""
    return read_text(path)


__all__ = ["TEXT_SUFFIXES", "ReadError", "Row", "Sheet", "Table", "read"]
