"""Shared helpers for the command-line tests: the real sample table, variants of
it written to tmp_path, and `lintgoals` run in-process with click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from lintgoals.cli import main

# The `browser` fixture of the tests that look at pages (tests/browser_helpers.py).
pytest_plugins = ["browser_helpers"]


@pytest.fixture(autouse=True)
def fixed_run_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every report says when it was made; in the tests, at one fixed moment (2026-01-01)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")


# The published Shaoxing 2019 table (a copy of the shared sample).
SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "shaoxing-2019-beijing-office.tsv"


def sample_lines() -> list[str]:
    """The sample's physical lines, without line ends (index 0 is line 1)."""
    return SAMPLE.read_text(encoding="utf-8").split("\n")


def sample_variant(tmp_path: Path, name: str, change: Callable[[list[str]], None]) -> Path:
    """The sample with `change` applied to its lines, written as UTF-8 to tmp_path/name."""
    lines = sample_lines()
    change(lines)
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def set_cell(lines: list[str], line: int, column: int, text: str) -> None:
    """Put `text` into the 1-based column of the 1-based line of tab-separated `lines`."""
    cells = lines[line - 1].split("\t")
    cells[column - 1] = text
    lines[line - 1] = "\t".join(cells)


def run_cli(*args: str | Path) -> Result:
    """`lintgoals ARGS` in-process; stderr is kept apart from stdout. A crash
    (anything but a normal exit) fails the calling test with its traceback."""
    result = CliRunner().invoke(main, [str(arg) for arg in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"lintgoals {' '.join(map(str, args))} crashed") from result.exception
    return result


def check_json(*args: str | Path) -> tuple[Result, dict[str, Any]]:
    """`lintgoals check -f json ARGS`: the result and the parsed report."""
    result = run_cli("check", "-f", "json", *args)
    return result, json.loads(result.stdout)


def codes_and_lines(report: dict[str, Any]) -> list[tuple[str, int | None]]:
    """What a pipeline looks at first: (code, line) of every finding, in report order."""
    return [(finding["code"], finding["line"]) for finding in report["findings"]]


def findings_of(*args: str | Path) -> list[tuple[str, int | None]]:
    """(code, line) of the findings of `lintgoals check -f json ARGS`."""
    return codes_and_lines(check_json(*args)[1])


def stderr_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def stabilise(report: dict[str, Any]) -> dict[str, Any]:
    """A JSON report with what changes from run to run or edit to edit replaced:
    the version, the time of the run, the hashes of the packs and config."""
    report["tool"]["version"] = "VERSION"
    run = report.get("run") or {}
    run.update({"lintgoals": "VERSION", "time": "TIME"})
    for pack in run.get("packs", []):
        pack["sha256"] = "SHA256"
    if run.get("config"):
        run["config"]["sha256"] = "SHA256"
    return report


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    """A table written as CSV, UTF-8: the quickest way to make one of any layout."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def parse_model(path: Path) -> dict[str, Any]:
    """`lintgoals parse PATH`: the model as JSON."""
    result = run_cli("parse", path)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)
