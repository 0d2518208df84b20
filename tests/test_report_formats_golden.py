"""Golden files: every report format of every bundled example equals its checked-in
copy under tests/golden/, as ruff's snapshot tests do. The reports are made by the
command line from the repository's root (so paths are the relative ones a user
types), with the version replaced by VERSION; the workbook is compared as a text
dump of its cells, fills, comments and links, not as zip bytes.

After an intended change, regenerate with
`LINTGOALS_UPDATE_GOLDEN=1 pytest tests/test_report_formats_golden.py` and read the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from test_reporters_xlsx import dump_workbook

from lintgoals import cli

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLES = sorted((ROOT / "examples").glob("*.tsv"))
# format -> the golden file's suffix
SUFFIXES = {
    "text": "text.txt",
    "html": "html",
    "xlsx": "xlsx.txt",
    "sarif": "sarif.json",
    "junit": "junit.xml",
    "github": "github.txt",
    "gitlab": "gitlab.json",
}


@pytest.fixture(autouse=True)
def from_the_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(cli, "__version__", "VERSION")
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)


def report_text(table: Path, format_name: str, folder: Path) -> str:
    output = folder / f"report.{format_name}"
    result = CliRunner().invoke(cli.main, ["check", str(table.relative_to(ROOT)), "-f", format_name, "-o", str(output)])
    assert result.exit_code in (0, 1), result.output
    if format_name == "xlsx":
        return dump_workbook(load_workbook(output))
    return output.read_text(encoding="utf-8")


@pytest.mark.parametrize("format_name", sorted(SUFFIXES))
@pytest.mark.parametrize("table", EXAMPLES, ids=lambda path: path.stem)
def test_report_matches_golden_file(table: Path, format_name: str, tmp_path: Path) -> None:
    golden = GOLDEN / f"{table.stem}.{SUFFIXES[format_name]}"
    text = report_text(table, format_name, tmp_path)
    if os.environ.get("LINTGOALS_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8", newline="\n")
    assert text == golden.read_text(encoding="utf-8")
