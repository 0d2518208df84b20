"""Workbooks calamine cannot size up beforehand (.xls, .ods) are read in a child
process: a damaged one that asks for unbounded memory or time, or panics and
prints on stderr, becomes an LG001 and the run goes on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from lintgoals.cli import main
from lintgoals.readers import ReadError, read
from lintgoals.readers.excel import read_workbook
from lintgoals.readers.isolated import read_isolated
from lintgoals.readers.table import Table

WORKBOOKS = Path(__file__).resolve().parent.parent / "examples" / "workbooks"


def greedy(path: Path) -> Table:
    chunks = [bytearray(256 * 1024 * 1024) for _ in range(64)]  # 16 GB, past any limit
    raise AssertionError(f"allocated {len(chunks)} chunks")


def slow(path: Path) -> Table:
    time.sleep(30)
    raise AssertionError("not stopped")


def noisy(path: Path) -> Table:
    os.write(2, b"thread '<unnamed>' panicked at src/xls.rs:1:1\nnote: run with RUST_BACKTRACE=1\n")
    raise ReadError("LG001", "not_workbook", params={"reason": "panicked"})


@pytest.mark.parametrize("name", ["three-level.xls", "three-level.ods"])
def test_the_child_reads_what_the_parent_would(name: str) -> None:
    isolated, direct = read(WORKBOOKS / name), read_workbook(WORKBOOKS / name)
    assert [(s.name, [(r.line, r.cells) for r in s.rows]) for s in isolated.sheets] == [
        (s.name, [(r.line, r.cells) for r in s.rows]) for s in direct.sheets
    ]


def test_unbounded_memory_is_an_lg001(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as raised:
        read_isolated(greedy, WORKBOOKS / "three-level.xls", memory_limit=1024 * 1024 * 1024)
    assert (raised.value.code, raised.value.reason) == ("LG001", "workbook_limits")


def test_unbounded_time_is_an_lg001() -> None:
    started = time.monotonic()
    with pytest.raises(ReadError) as raised:
        read_isolated(slow, WORKBOOKS / "three-level.xls", time_limit=1)
    assert raised.value.reason == "workbook_limits" and time.monotonic() - started < 10


def test_a_child_error_comes_back_and_its_stderr_does_not(capfd: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ReadError) as raised:
        read_isolated(noisy, WORKBOOKS / "three-level.xls")
    assert raised.value.reason == "not_workbook"
    assert "panicked" not in capfd.readouterr().err


def test_the_limit_message_through_the_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("lintgoals.readers.excel.read_workbook", greedy)
    monkeypatch.setattr(
        "lintgoals.readers.isolated.read_isolated",
        lambda reader, path: read_isolated(reader, path, memory_limit=1024 * 1024 * 1024),
    )
    result = CliRunner().invoke(main, ["check", str(WORKBOOKS / "three-level.xls"), "-f", "json"])
    assert result.exit_code == 2
    finding = json.loads(result.stdout)["findings"][0]
    assert finding["code"] == "LG001" and "限制" in finding["message"]
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not hasattr(os, "fork") or sys.platform == "darwin", reason="workbooks are read in a forked child on Linux"
    ),
]


def test_a_panic_report_on_stderr_is_not_shown_for_an_xlsx() -> None:
    # An .xlsx is read in this process: calamine's panic report (written straight to
    # file descriptor 2) must not reach the real stderr, only the one-line message.
    script = (
        "import os, sys, python_calamine as calamine\n"
        "def panicking(path):\n"
        "    os.write(2, b\"thread '<unnamed>' panicked at src/xlsx/mod.rs:1:1\\n\")\n"
        "    raise calamine.CalamineError('panicked')\n"
        "calamine.CalamineWorkbook.from_path = panicking\n"
        "from lintgoals.cli import main\n"
        f"sys.argv = ['lintgoals', 'check', {str(WORKBOOKS / 'three-level.xlsx')!r}]\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True)
    assert result.returncode == 2
    assert "panicked at" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
