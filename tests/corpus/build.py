"""Build the corpus workbooks from their transcriptions.

Each table of the real-table corpus is transcribed, cell for cell, into
tests/corpus/tables/NAME.yaml: where it was published, its key (what a reviewer
sees in it), and its sheets as rows of cells. This script writes the workbook
(tests/corpus/NAME.xlsx) that lintgoals is run on; a table published as text
(.tsv, .csv, .txt) is kept as that file and has no `sheets`.

    python tests/corpus/build.py            # every table
    python tests/corpus/build.py NAME ...   # some

A cell is a string (text), a number (a number cell), null or "" (empty), or a
mapping {v: 0.95, fmt: "0%"} for a number shown with a format (a percentage,
a date serial). Row numbers in the key are worksheet rows: the first row of
`rows` is row 1.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

CORPUS = Path(__file__).resolve().parent
TABLES = CORPUS / "tables"
FIXED_TIME = datetime(2026, 1, 1)  # workbook properties: the same bytes of metadata at every build


def load_entry(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def entries() -> list[tuple[Path, dict[str, Any]]]:
    return [(path, load_entry(path)) for path in sorted(TABLES.glob("*.yaml"))]


def cell_value(cell: Any) -> tuple[Any, str | None]:
    """The value to write and its number format, if it has one."""
    if isinstance(cell, dict):
        return cell["v"], cell.get("fmt")
    if cell == "":
        return None, None
    return cell, None


def build_workbook(entry: dict[str, Any], target: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    workbook = Workbook()
    workbook.remove(workbook.active)
    wrap = Alignment(wrap_text=True, vertical="center")
    for sheet_data in entry["sheets"]:
        sheet = workbook.create_sheet(str(sheet_data.get("name") or "Sheet1"))
        for row_number, row in enumerate(sheet_data.get("rows") or [], start=1):
            for column_number, cell in enumerate(row or [], start=1):
                value, number_format = cell_value(cell)
                if value is None:
                    continue
                target_cell = sheet.cell(row_number, column_number, value)
                if isinstance(value, str):
                    target_cell.data_type = "s"  # text, even where it starts with "=": as published
                if number_format:
                    target_cell.number_format = number_format
                if isinstance(value, str) and "\n" in value:
                    target_cell.alignment = wrap
        for merged in sheet_data.get("merges") or []:
            sheet.merge_cells(merged)
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    workbook.save(target)


def build(names: list[str]) -> list[Path]:
    built = []
    for path, entry in entries():
        if names and path.stem not in names and entry["file"] not in names:
            continue
        if "sheets" not in entry:
            continue  # published as text: the file itself is the transcription
        target = CORPUS / entry["file"]
        build_workbook(entry, target)
        built.append(target)
    return built


if __name__ == "__main__":
    for built_path in build(sys.argv[1:]):
        print(built_path.relative_to(CORPUS.parent.parent))
