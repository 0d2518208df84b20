"""Reliability, round two (issue 16, items 13, 14, 19–22, 24): workers, signals,
closed streams. Each test makes the failure as an operator would meet it and
fails without its fix."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SAMPLE, run_cli

from lintgoals.api import Linter, make_linter
from lintgoals.config import Config
from lintgoals.output import TEMPORARY_PREFIX, TEMPORARY_SUFFIX, write_whole

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
LINTGOALS = [sys.executable, "-m", "lintgoals"]


def copies(folder: Path, count: int, name: str = "table") -> list[Path]:
    paths = []
    for index in range(count):
        path = folder / f"{name}-{index:03}.tsv"
        path.write_bytes(SAMPLE.read_bytes())
        paths.append(path)
    return paths


# ── 13. a worker killed (the OOM killer) names its file; the others are reported ──


def test_a_worker_killed_while_on_a_file_names_that_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = copies(tmp_path, 6)
    victim = files[2]
    real = Linter.lint_file

    def lint_or_die(self: Linter, path: Path, *more: object):  # forked workers inherit this
        if path == victim:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(self, path, *more)

    monkeypatch.setattr(Linter, "lint_file", lint_or_die)
    report = make_linter(Config()).lint_files(files, jobs=2, keep_documents=False)
    assert [result.path for result in report.files] == [str(path) for path in files]
    (broken,) = [result for result in report.files if result.error]
    assert broken.path == str(victim) and "stopped before it finished" in broken.error
    assert all(result.summary is not None for result in report.files if result is not broken)


def test_the_command_says_which_file_and_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = copies(tmp_path, 4)
    real = Linter.lint_file
    monkeypatch.setattr(
        Linter,
        "lint_file",
        lambda self, path, *more: (
            os.kill(os.getpid(), signal.SIGKILL) if path.name == files[1].name else real(self, path, *more)
        ),
    )
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    result = run_cli("check", tmp_path, "--jobs", "2", "-f", "json")
    assert result.exit_code == 2
    assert f"lintgoals: {files[1]}: the process checking it stopped before it finished" in result.stderr
    report = json.loads(result.stdout)
    assert sum(1 for entry in report["files"] if entry["error"] is None) == 3


# ── 19. no process can be started (the process limit): the run goes on without ──


def test_at_the_process_limit_files_are_linted_in_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = copies(tmp_path, 4)

    def no_more_processes() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_more_processes)
    report = make_linter(Config()).lint_files(files, jobs=4, keep_documents=False)
    assert [result.error for result in report.files] == [None] * 4
    assert all(result.findings for result in report.files)


# ── 19. workers die with the main process ──────────────────────────────────────


def children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text() if (task / "children").exists() else ""
        found |= {int(child) for child in text.split()}
    return found


def alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return status != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
def test_workers_die_when_the_main_process_is_killed(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "generate.py"),
            "--lines",
            "20000",
            "--out",
            str(tmp_path / "big.tsv"),
        ],
        check=True,
        capture_output=True,
    )
    for index in range(6):
        (tmp_path / f"big-{index}.tsv").write_bytes((tmp_path / "big.tsv").read_bytes())
    process = subprocess.Popen(
        [*LINTGOALS, "check", str(tmp_path), "--jobs", "2", "-f", "json", "-o", str(tmp_path / "report.json")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2:
        workers = children(process.pid)
        time.sleep(0.05)
    assert workers, "no worker started"
    process.kill()
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.05)
    assert not any(alive(pid) for pid in workers)


# ── 20. a report interrupted while it is written leaves nothing behind ─────────


def test_sigterm_while_a_report_is_written_removes_the_temporary_file(tmp_path: Path) -> None:
    script = (
        "import os, signal, sys, time\n"
        "from pathlib import Path\n"
        "from lintgoals.cli import run\n"
        "import lintgoals.reporters.json_report as j\n"
        "real = j.write_json\n"
        "def slow(report, stream, options):\n"
        "    stream.write('{')\n"
        "    stream.flush()\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(30)\n"
        "j.write_json = slow\n"
        f"sys.argv = ['lintgoals', 'check', {str(SAMPLE)!r}, '-f', 'json', '-o', {str(tmp_path / 'r.json')!r}]\n"
        "run()\n"
    )
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stdout.readline() == b"writing\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(TEMPORARY_SUFFIX)]  # it is being written
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 143
    assert list(tmp_path.iterdir()) == []  # neither a report nor its temporary file


def test_a_later_run_removes_what_a_killed_one_left(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    ).stdout.strip()
    stale = tmp_path / f"{TEMPORARY_PREFIX}r.json.{dead}.abcd1234{TEMPORARY_SUFFIX}"
    stale.write_text("{half a report", encoding="utf-8")
    other = tmp_path / f"{TEMPORARY_PREFIX}r.json.{os.getpid()}.efgh5678{TEMPORARY_SUFFIX}"  # a live writer's
    other.write_text("{", encoding="utf-8")
    write_whole(tmp_path / "r.json", lambda stream: stream.write("{}"), binary=False)
    assert not stale.exists() and other.exists()
    assert (tmp_path / "r.json").read_text(encoding="utf-8") == "{}"


# ── 21. --jobs is capped at the number of CPUs ─────────────────────────────────


def test_jobs_beyond_the_cpus_are_capped_and_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copies(tmp_path, 3)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    started: list[int] = []
    import concurrent.futures

    real = concurrent.futures.ProcessPoolExecutor.__init__

    def counting(self, max_workers=None, *args, **kwargs):
        started.append(max_workers)
        real(self, max_workers, *args, **kwargs)

    monkeypatch.setattr(concurrent.futures.ProcessPoolExecutor, "__init__", counting)
    result = run_cli("check", tmp_path, "--jobs", "10000", "-q")
    assert result.exit_code == 1
    assert "lintgoals: warning: --jobs 10000 is more than the 2 CPUs: using 2" in result.stderr
    assert started and max(started) <= 2


# ── 22. Ctrl-C is neither "findings" nor "bad input" ───────────────────────────


def test_ctrl_c_exits_130(tmp_path: Path) -> None:
    script = (
        "import sys, time\n"
        "from lintgoals.cli import run\n"
        "import lintgoals.api as api\n"
        "def slow(*args, **kwargs):\n"
        "    print('linting', flush=True)\n"
        "    time.sleep(30)\n"
        "api.Linter.lint_files = slow\n"
        f"sys.argv = ['lintgoals', 'check', {str(SAMPLE)!r}]\n"
        "run()\n"
    )
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stdout.readline() == b"linting\n"
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=20) == 130
    assert process.stderr is not None and process.stderr.read().decode() == "lintgoals: interrupted\n"


# ── 14, 24. closed or full streams ─────────────────────────────────────────────


def shell(command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", "-c", command],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env={**os.environ, "PYTHON": sys.executable},
    )


def test_stdout_closed_is_a_clear_error() -> None:
    result = shell(f'"$PYTHON" -m lintgoals check {SAMPLE} -f json >&-')
    assert result.returncode == 2
    assert (
        result.stderr == "lintgoals: error: cannot write the report: standard output is closed "
        "(give it a file with -o)\n"
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_on_stdout_is_a_clear_error() -> None:
    result = shell(f'"$PYTHON" -m lintgoals check {SAMPLE} -f json > /dev/full')
    assert result.returncode == 2
    assert result.stderr == "lintgoals: error: cannot write the report to standard output: No space left on device\n"


@pytest.mark.parametrize(
    "arguments",
    ["check missing.tsv", "check --no-such-option x", f"check {SAMPLE} --jobs 0", f"check {SAMPLE} --select LX1"],
)
def test_errors_exit_2_even_when_stderr_is_closed(arguments: str) -> None:
    assert shell(f'"$PYTHON" -m lintgoals {arguments} 2>&-').returncode == 2


# ── 17. the HTML report is linear in the findings ──────────────────────────────


def test_placing_findings_in_a_project_walks_its_rows_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """4,000 copies of one indicator row, each with a finding: the HTML report took
    65 s (each finding walked the whole project: 96 million cell positions made).
    Counted, not timed: findings carry their subject, and placing them makes no
    more positions than the page shows cells."""
    from lintgoals.model import Location

    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    table = tmp_path / "repeated.tsv"
    table.write_text("\n".join([*lines[:15], *[lines[14]] * 4000, *lines[15:]]), encoding="utf-8")
    made = 0
    real = Location.at_column

    def counted(self: Location, column: int | None) -> Location:
        nonlocal made
        made += 1
        return real(self, column)

    monkeypatch.setattr(Location, "at_column", counted)
    result = run_cli("check", table, "-f", "html", "-o", tmp_path / "report.html")
    assert result.exit_code == 1 and (tmp_path / "report.html").stat().st_size > 0
    assert made <= 20 * 4046  # a few per cell shown (4,046 indicators), not one per cell per finding
