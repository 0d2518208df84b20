"""The contract for any input (README, "Robustness"): `lintgoals check` exits 0, 1 or 2
in bounded time, never prints a traceback, never changes an input, and writes a
report file whole or not at all. Damaged lines are LG001 findings at their line
and the rest of the file is still linted; hostile workbooks and rule packs are
refused with a reason.

Time bounds are generous on purpose (CI machines are slow and noisy): they
catch a hang or a blow-up, not a slowdown."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import hostile_files as hostile
import pytest
from conftest import run_cli

EXIT_CODES = {0, 1, 2}
FINDING_IN_SAMPLE = ("LG302", 45)  # a satisfaction target without a percentage: still found after damage


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def lint(tmp_path: Path, *inputs: Path, args: tuple[str, ...] = (), limit: float = 60) -> tuple[int, str, Any]:
    """`python -m lintgoals check -f json -o report.json` in its own process, holding it to
    the contract; the exit code, stderr and the report (None when none was written)."""
    before = {path: digest(path) for path in inputs}
    report = tmp_path / "report.json"
    started = time.monotonic()
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "lintgoals",
            "check",
            "-f",
            "json",
            "-o",
            str(report),
            "--lang",
            "en",
            *args,
            *map(str, inputs),
        ],
        check=False,
        capture_output=True,
        encoding="utf-8",
        timeout=300,
    )
    assert time.monotonic() - started < limit
    assert process.returncode in EXIT_CODES
    assert "Traceback" not in process.stderr
    assert {path: digest(path) for path in inputs} == before
    assert not list(tmp_path.glob(".report.json.*"))  # no half-written temporary file left behind
    return process.returncode, process.stderr, json.loads(report.read_text("utf-8")) if report.exists() else None


def findings(report: dict[str, Any]) -> list[tuple[str, int | None]]:
    return [(finding["code"], finding["line"]) for finding in report["findings"]]


def lg001(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [finding for finding in report["findings"] if finding["code"] == "LG001"]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ── damaged text: the damage at its line, the rest still linted ─────────────


def sample_lines() -> list[bytes]:
    return hostile.sample_bytes().split(b"\n")


def joined(lines: list[bytes]) -> bytes:
    return b"\n".join(lines)


def nul_byte() -> tuple[bytes, int]:
    lines = sample_lines()
    lines[9] = lines[9][:12] + b"\x00" + lines[9][12:]
    return joined(lines), 10


def invalid_utf8() -> tuple[bytes, int]:
    lines = sample_lines()
    lines[30] += b"\xc3\x28\xff"
    return joined(lines), 31


def mixed_encodings() -> tuple[bytes, int]:
    lines = sample_lines()
    # A department pasted the second half of its table from a GBK file.
    return joined(lines[:60] + [line.decode("utf-8").encode("gbk") for line in lines[60:]]), 61


def truncated_in_a_character() -> tuple[bytes, int]:
    data = hostile.sample_bytes()
    cut = data.index("招商引资".encode()) + 2  # inside 招
    return data[:cut], data[:cut].count(b"\n") + 1


def huge_cell() -> tuple[bytes, int]:
    return hostile.with_cell(12, 11, "按合同约定" * 210_000), 12  # over 1 MB of text in one cell


@pytest.mark.parametrize("damage", [nul_byte, invalid_utf8, mixed_encodings, huge_cell, truncated_in_a_character])
def test_damaged_line_is_lg001_at_its_line_and_the_rest_is_linted(
    tmp_path: Path, damage: Callable[[], tuple[bytes, int]]
) -> None:
    data, line = damage()
    code, stderr, report = lint(tmp_path, write(tmp_path, "damaged.tsv", data))
    assert code == 1 and stderr == ""
    assert [finding["line"] for finding in lg001(report)] == [line]
    assert FINDING_IN_SAMPLE in findings(report)


def test_cell_over_the_limit_is_named_by_line_and_column(tmp_path: Path) -> None:
    data = hostile.with_cell(12, 11, "按" * 40_000)
    _, _, report = lint(tmp_path, write(tmp_path, "long-cell.tsv", data))
    (finding,) = lg001(report)
    assert (finding["line"], finding["column"]) == (12, 11)
    assert "40000 characters" in finding["message"]


def test_ten_thousand_columns(tmp_path: Path) -> None:
    lines = sample_lines()
    lines.insert(1, b"\t".join(b"c%d" % column for column in range(10_000)))
    code, _, report = lint(tmp_path, write(tmp_path, "wide.tsv", joined(lines)))
    assert code == 1 and FINDING_IN_SAMPLE[0] in {c for c, _ in findings(report)}


def test_more_columns_than_a_sheet_has(tmp_path: Path) -> None:
    lines = sample_lines()
    lines.insert(1, b"\t" * 20_000)
    _, _, report = lint(tmp_path, write(tmp_path, "wider.tsv", joined(lines)))
    assert [(f["line"], f["column"]) for f in lg001(report)] == [(2, 16_385)]
    assert ("LG302", 46) in findings(report)  # one line lower now


def test_a_50_mb_line(tmp_path: Path) -> None:
    path = write(tmp_path, "one-line.tsv", b"x" * 50_000_000)
    code, stderr, report = lint(tmp_path, path)
    assert code == 2
    (line,) = stderr.splitlines()
    assert path.name in line and "LG002" in line
    assert report["files"][0]["error"]


def test_header_rows_only(tmp_path: Path) -> None:
    code, stderr, report = lint(tmp_path, write(tmp_path, "header.tsv", joined(sample_lines()[:6])))
    assert code == 0 and stderr == "" and report["findings"] == []


def test_an_indicator_before_any_project(tmp_path: Path) -> None:
    lines = sample_lines()
    indicator = lines[10]  # the first project's first indicator row
    lines.insert(6, indicator)  # right under the header, before any unit or project
    _, _, report = lint(tmp_path, write(tmp_path, "orphan.tsv", joined(lines)))
    assert ("LG004", 7) in findings(report)


def test_a_device_or_pipe_is_refused_not_read(tmp_path: Path) -> None:
    result = run_cli("check", "-f", "json", "/dev/zero")
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr


# ── hostile workbooks ───────────────────────────────────────────────────────

WORKBOOKS: dict[str, tuple[Callable[[], bytes], str, str]] = {
    # name: (how to make it, suffix, what stderr says)
    "not a zip": (lambda: b"hello\tworld\n" * 100, ".xlsx", "not a readable workbook"),
    "truncated zip": (lambda: hostile.WORKBOOK.read_bytes()[:3000], ".xlsx", "not a readable workbook"),
    "zip bomb": (lambda: hostile.zip_bomb(600 * 1024 * 1024), ".xlsx", "over the limit of 512 MB"),
    "encrypted xlsx": (hostile.encrypted_ooxml, ".xlsx", "password-protected"),
    "xls with a password": (hostile.xls_with_password, ".xls", "password-protected"),
}


@pytest.mark.parametrize("name", WORKBOOKS)
def test_hostile_workbook_is_refused_with_a_reason(tmp_path: Path, name: str) -> None:
    make, suffix, says = WORKBOOKS[name]
    path = write(tmp_path, f"hostile{suffix}", make())
    code, stderr, report = lint(tmp_path, path, limit=30)
    assert code == 2
    (line,) = stderr.splitlines()
    assert path.name in line and says in line and "LG001" in line
    assert [f["code"] for f in report["findings"]] == ["LG001"]


def test_a_cell_at_the_end_of_the_sheet_does_not_exhaust_memory(tmp_path: Path) -> None:
    # calamine would lay out 17 billion cells (and abort the process): refused from the XML first.
    code, _, report = lint(tmp_path, write(tmp_path, "far.xlsx", hostile.far_cell()))
    (finding,) = lg001(report)
    assert finding["sheet"] == "道路养护" and "17179869184 cells" in finding["message"]
    assert code == 1  # the other sheet is still linted
    assert report["files"][0]["projects"] == 1


def test_a_million_empty_formatted_rows(tmp_path: Path) -> None:
    _, stderr, report = lint(tmp_path, write(tmp_path, "formatted.xlsx", hostile.empty_formatted_rows(1_000_000)))
    assert stderr == "" and report["files"][0]["projects"] == 2


@pytest.mark.parametrize("prefix", ["", "x:"])
def test_formulas_without_saved_results(tmp_path: Path, prefix: str) -> None:
    _, _, report = lint(tmp_path, write(tmp_path, "uncalculated.xlsx", hostile.uncalculated_formulas(prefix)))
    (finding,) = lg001(report)
    assert (finding["sheet"], finding["cell"]) == ("道路养护", "C5")
    assert "=SUM(C6:C7)" in finding["message"]


# ── hostile rule packs, configs and model documents ─────────────────────────


def pack(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    return path


PACKS = {
    "python tag": ("pack: !!python/object/apply:os.system ['echo pwned']\nrules: []\n", 1, "could not determine"),
    "alias bomb": (hostile.alias_bomb(), 5, "alias bomb"),  # line 5: where the expansion passes 100,000
    "too deep": ("pack: deep\nrules: " + "[" * 100 + "]" * 100 + "\n", 2, "nested more than"),
}


@pytest.mark.parametrize("name", PACKS)
def test_hostile_pack_is_one_line_naming_file_and_line(tmp_path: Path, name: str) -> None:
    text, line, says = PACKS[name]
    path = pack(tmp_path, text)
    started = time.monotonic()
    result = run_cli("check", "--rules", path, hostile.SAMPLE)
    assert time.monotonic() - started < 10
    assert result.exit_code == 2
    (message,) = result.stderr.splitlines()
    assert f"{path}:{line}:" in message and says in message


CATASTROPHIC_PACK = """pack: slow
extends: core
rules:
  - code: SL001
    name: nested-repetition
    target: indicator
    severity: error
    check: pattern
    options: {field: description, pattern: "^(a+)+$"}
    message: {zh: "{text}", en: "{text}"}
"""


def test_catastrophic_pattern_is_stopped_and_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("lintgoals.engine.RULE_TIME_LIMIT", 0.5)  # the real limit is 10 s
    table = write(tmp_path, "a.tsv", hostile.with_cell(12, 11, "a" * 5000 + "!"))
    report = tmp_path / "report.json"
    started = time.monotonic()
    result = run_cli("check", "--rules", pack(tmp_path, CATASTROPHIC_PACK), "-f", "json", "-o", report, table)
    assert time.monotonic() - started < 20
    assert result.exit_code == 2
    (message,) = result.stderr.splitlines()
    assert "pack.yaml:4:" in message and "SL001" in message and "a.tsv" in message
    assert not report.exists()  # no report rather than a partial one


def test_polynomial_pattern_on_a_long_cell_is_cheap(tmp_path: Path) -> None:
    # Searching `\s*x$` backtracks quadratically: over a 100,000-character cell that
    # is 5·10⁹ steps; the pattern sees the first 10,000 characters only.
    slow = CATASTROPHIC_PACK.replace("^(a+)+$", r"\\s*x$")
    table = write(tmp_path, "spaces.tsv", hostile.with_cell(12, 11, "a" + " " * 100_000 + "b"))
    started = time.monotonic()
    result = run_cli("check", "--rules", pack(tmp_path, slow), table)
    assert time.monotonic() - started < 30
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.json", "[" * 100_000 + "]" * 100_000),
        ("bomb.yaml", "$schema: https://lintgoals.invalid/schemas/document.schema.json\n" + hostile.alias_bomb()),
        ("tagged.yaml", "!!python/object/apply:os.system ['echo pwned']\n"),
    ],
)
def test_hostile_model_document_is_one_line(tmp_path: Path, name: str, text: str) -> None:
    path = write(tmp_path, name, text.encode())
    code, stderr, _ = lint(tmp_path, path, limit=30)
    assert code == 2
    (line,) = stderr.splitlines()
    assert path.name in line and ("LG001" in line or "LG002" in line)


# ── internal errors: one line, the details only with --debug ────────────────


def explode(*_args: object) -> None:
    raise ZeroDivisionError("deep inside")


def test_internal_error_is_one_line_naming_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("lintgoals.api.build", explode)
    result = run_cli("check", "--jobs", "1", hostile.SAMPLE)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert hostile.SAMPLE.name in line and "internal error" in line and "Traceback" not in result.stderr


def test_internal_error_details_with_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("lintgoals.api.build", explode)
    result = run_cli("check", "--jobs", "1", "--debug", hostile.SAMPLE)
    assert result.exit_code == 2
    assert "internal error" in result.stderr and "Traceback" in result.stderr and "deep inside" in result.stderr


def test_internal_error_outside_any_file_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("lintgoals.cli.write_whole", explode)
    report = tmp_path / "report.json"
    result = run_cli("check", "--jobs", "1", "-f", "json", "-o", report, hostile.SAMPLE)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert "internal error" in line and not report.exists()


# ── crashes the fuzzing found, kept with their inputs ───────────────────────


def test_damaged_xls_that_makes_calamine_panic(tmp_path: Path) -> None:
    # Found by test_fuzz: calamine panics (pyo3's PanicException, not an Exception) on this damaged .xls.
    from test_fuzz import mutate

    path = write(tmp_path, "panic.xls", mutate(hostile.OLD_WORKBOOK.read_bytes(), seed=6, edits=6))
    code, stderr, report = lint(tmp_path, path)
    assert code == 2
    assert "Traceback" not in stderr and path.name in stderr
    assert [f["code"] for f in report["findings"]] == ["LG001"]
