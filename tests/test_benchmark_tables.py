"""The benchmark's table generator: tables of the shape asked for, the same for the same seed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from lintgoals.api import lint

GENERATE = Path(__file__).resolve().parent.parent / "benchmarks" / "generate.py"


def generate(path: Path, *options: str) -> Path:
    subprocess.run([sys.executable, str(GENERATE), *options, "--out", str(path)], check=True)
    return path


def test_a_table_of_n_units_of_m_projects_of_k_indicators(tmp_path: Path) -> None:
    table = generate(tmp_path / "shaped.tsv", "--units", "30", "--projects", "3", "--indicators", "10")
    (result,) = lint([table]).files
    assert result.summary is not None and result.error is None
    assert (result.summary.units, result.summary.projects, result.summary.indicators) == (30, 90, 900)
    # Page headers every 40 rows, wherever they fall, are read past: nothing is left unread.
    assert not [finding for finding in result.findings if finding.code in ("LG003", "LG004", "LG006")]


def test_the_same_seed_gives_the_same_table_and_another_seed_another(tmp_path: Path) -> None:
    first, again, other = (
        generate(tmp_path / f"{name}.tsv", "--lines", "2000", "--seed", seed)
        for name, seed in (("first", "1"), ("again", "1"), ("other", "2"))
    )
    assert first.read_bytes() == again.read_bytes() != other.read_bytes()
    lines = first.read_text(encoding="utf-8").count("\n")
    assert 1900 <= lines <= 2100
