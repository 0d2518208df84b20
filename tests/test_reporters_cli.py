"""Reports from the command line: formats and outputs in pairs, --annotate, what
may go to stdout, files written whole with ordinary permissions, the text
report's --statistics / --quiet / --max-findings, and the progress bar."""

from __future__ import annotations

import io
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import SAMPLE, check_json, run_cli, stderr_lines
from openpyxl import load_workbook

from lintgoals.reporters.progress import progress_bar

EXIT_FINDINGS, EXIT_ERROR = 1, 2
DEFECTS = SAMPLE.parent / "defects-2020.tsv"
CLEAN = SAMPLE.parent / "clean-2020.tsv"


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_every_format_in_one_run(tmp_path: Path) -> None:
    args = ["check", SAMPLE]
    for name, suffix in (
        ("json", "json"),
        ("html", "html"),
        ("xlsx", "xlsx"),
        ("sarif", "sarif"),
        ("junit", "xml"),
        ("github", "txt"),
        ("gitlab", "json"),
    ):
        args += ["-f", name, "-o", tmp_path / f"report-{name}.{suffix}"]
    result = run_cli(*args, "-f", "text")
    assert result.exit_code == EXIT_FINDINGS, result.output
    assert "检查了 1 个文件" in result.stdout  # the text report, on stdout
    assert json.loads((tmp_path / "report-json.json").read_text(encoding="utf-8"))["summary"]["error"] == 1
    assert (tmp_path / "report-html.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert load_workbook(tmp_path / "report-xlsx.xlsx").sheetnames[0] == "检查结果"
    assert json.loads((tmp_path / "report-sarif.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert ET.parse(tmp_path / "report-junit.xml").getroot().tag == "testsuites"
    assert (tmp_path / "report-github.txt").read_text(encoding="utf-8").startswith("::")
    assert isinstance(json.loads((tmp_path / "report-gitlab.json").read_text(encoding="utf-8")), list)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary files left


@pytest.mark.parametrize("name", ["html", "sarif", "junit", "github", "gitlab"])
def test_text_formats_can_go_to_stdout(name: str) -> None:
    result = run_cli("check", SAMPLE, "-f", name)
    assert result.exit_code == EXIT_FINDINGS
    assert result.stdout.strip() and result.stderr == ""


def test_annotate_is_xlsx_to_a_file_beside_the_text_report(tmp_path: Path) -> None:
    result = run_cli("check", SAMPLE, "--annotate", tmp_path / "marked.xlsx")
    assert result.exit_code == EXIT_FINDINGS
    assert "检查了 1 个文件" in result.stdout
    book = load_workbook(tmp_path / "marked.xlsx")
    assert book.sheetnames == ["检查结果", SAMPLE.stem[:31]]
    assert book[SAMPLE.stem[:31]]["L45"].comment.text.startswith("LG302: ")


def test_annotate_with_another_format_on_stdout(tmp_path: Path) -> None:
    result = run_cli("check", SAMPLE, "-f", "json", "--annotate", tmp_path / "marked.xlsx")
    assert json.loads(result.stdout)["summary"]["error"] == 1
    assert (tmp_path / "marked.xlsx").is_file()


def test_xlsx_to_stdout_is_a_usage_error() -> None:
    result = run_cli("check", SAMPLE, "-f", "xlsx")
    assert result.exit_code == EXIT_ERROR
    assert "-o/--output" in result.stderr and "--annotate" in result.stderr
    assert result.stdout == ""


def test_only_one_report_on_stdout() -> None:
    result = run_cli("check", SAMPLE, "-f", "json", "-f", "html")
    assert result.exit_code == EXIT_ERROR
    assert "only one report can go to stdout" in result.stderr


def test_two_reports_to_one_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("check", SAMPLE, "-f", "json", "-o", "r.out", "-f", "sarif", "-o", tmp_path / "r.out")
    assert result.exit_code == EXIT_ERROR
    assert "same -o/--output file" in result.stderr
    assert not (tmp_path / "r.out").exists()


def test_annotation_never_overwrites_an_input(tmp_path: Path) -> None:
    table = tmp_path / "table.xlsx"
    table.write_bytes(b"not really a workbook")
    result = run_cli("check", table, "--annotate", table)
    assert result.exit_code == EXIT_ERROR
    assert "will not write a report over a file this run reads" in result.stderr
    assert table.read_bytes() == b"not really a workbook"


def test_report_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        run_cli("check", SAMPLE, "-f", "html", "-o", tmp_path / "r.html")
        run_cli("check", SAMPLE, "--annotate", tmp_path / "r.xlsx")
    finally:
        os.umask(old)
    assert (tmp_path / "r.html").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "r.xlsx").stat().st_mode & 0o777 == 0o644


def test_rewritten_report_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    report = tmp_path / "r.sarif"
    report.write_text("old", encoding="utf-8")
    report.chmod(0o640)
    run_cli("check", SAMPLE, "-f", "sarif", "-o", report)
    assert report.stat().st_mode & 0o777 == 0o640
    assert json.loads(report.read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_unwritable_output_is_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    result = run_cli("check", SAMPLE, "--annotate", tmp_path / "missing" / "r.xlsx")
    assert result.exit_code == EXIT_ERROR
    (line,) = stderr_lines(result)
    assert "r.xlsx: cannot write the report" in line
    assert list(tmp_path.iterdir()) == []


# --- text report options -----------------------------------------------------------


def test_statistics_from_the_command_line() -> None:
    result = run_cli("check", DEFECTS, "--statistics")
    assert result.exit_code == EXIT_FINDINGS
    assert "按规则：" in result.stdout and "按单位：" in result.stdout
    assert "    401001 市教育局本级：错误" in result.stdout
    assert "资金总计" not in result.stdout


def findings_of(*paths: Path) -> list[dict]:
    """The findings of the JSON report: what the text options are held to."""
    return check_json(*paths)[1]["findings"]


def test_quiet_prints_the_summary_line_only() -> None:
    result = run_cli("check", DEFECTS, SAMPLE, "-q")
    severities = [finding["severity"] for finding in findings_of(DEFECTS, SAMPLE)]
    errors, warnings = severities.count("error"), severities.count("warning")
    assert result.stdout.splitlines() == [f"检查了 2 个文件：错误 {errors}，警告 {warnings}，提示 0"]
    assert result.exit_code == EXIT_FINDINGS


def test_max_findings_from_the_command_line() -> None:
    result = run_cli("check", DEFECTS, "--max-findings", "3", "--lang", "en")
    listed = [line for line in result.stdout.splitlines() if line.lstrip().startswith(("error ", "warning "))]
    assert len(listed) == 3
    assert f"... {len(findings_of(DEFECTS)) - 3} more not listed (--max-findings 3)" in result.stdout


def test_quiet_and_statistics_together_is_a_usage_error() -> None:
    result = run_cli("check", SAMPLE, "-q", "--statistics")
    assert result.exit_code == EXIT_ERROR
    assert "--quiet and --statistics" in result.stderr


def test_negative_max_findings_is_a_usage_error() -> None:
    assert run_cli("check", SAMPLE, "--max-findings", "-1").exit_code == EXIT_ERROR


def test_text_options_leave_other_formats_whole(tmp_path: Path) -> None:
    run_cli("check", DEFECTS, "-q", "--max-findings", "1", "-f", "json", "-o", tmp_path / "r.json")
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["findings"] == findings_of(DEFECTS)


# --- progress ----------------------------------------------------------------------


class TerminalStream(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_shows_files_done_and_the_current_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    stream = TerminalStream()
    with progress_bar(3, stream) as file_started:
        assert file_started is not None
        file_started(Path("a.tsv"))
        file_started(Path("b.tsv"))
    shown = stream.getvalue()
    assert "1/3" in shown and "b.tsv" in shown


def test_no_progress_bar_off_a_terminal_or_for_one_file() -> None:
    with progress_bar(3, io.StringIO()) as file_started:
        assert file_started is None
    stream = TerminalStream()
    with progress_bar(1, stream) as file_started:
        assert file_started is None
    assert stream.getvalue() == ""


def test_several_files_piped_have_nothing_on_stderr() -> None:
    result = run_cli("check", SAMPLE, DEFECTS, CLEAN, "-q")
    assert result.stderr == ""
