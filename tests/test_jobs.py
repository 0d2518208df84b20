"""--jobs: files linted in parallel processes give the same report, in the same
order, as one process."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def report_with(jobs: int, folder: Path, output: Path, *formats: str) -> dict[str, bytes]:
    outputs: list[str] = []
    for name in formats:
        outputs += ["-f", name, "-o", str(output / f"{jobs}.{name}")]
    result = subprocess.run(
        [sys.executable, "-m", "lintgoals", "check", str(folder), "--jobs", str(jobs), *outputs],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode in (0, 1, 2) and "Traceback" not in result.stderr
    return {name: (output / f"{jobs}.{name}").read_bytes() for name in formats}


def test_parallel_report_is_the_serial_one(tmp_path: Path) -> None:
    tables = tmp_path / "tables"
    tables.mkdir()
    for source in [*EXAMPLES.glob("*.tsv"), *(EXAMPLES / "workbooks").glob("*.xls*")]:
        for copy in range(3):
            shutil.copy(source, tables / f"{copy}-{source.name}")
    (tables / "broken.tsv").write_bytes(b"\x00\x01binary")
    formats = ("json", "text", "sarif", "junit")
    serial, parallel = report_with(1, tables, tmp_path, *formats), report_with(2, tables, tmp_path, *formats)
    assert parallel == serial
    assert serial["json"].count(b'"path"') > 20
    # Without junit or html, no format shows the models: workers send back only the
    # findings and counts, and the reports are still the same.
    lean = report_with(3, tables, tmp_path, "json", "text", "sarif")
    assert lean == {name: serial[name] for name in lean}


def test_a_result_without_its_model_keeps_what_reports_count() -> None:
    from lintgoals.api import make_linter
    from lintgoals.config import Config
    from lintgoals.model import DocumentSummary

    table = EXAMPLES / "defects-2020.tsv"
    whole, lean = (make_linter(Config()).lint_files([table], keep_documents=keep).files[0] for keep in (True, False))
    assert whole.document is not None and lean.document is None
    assert lean.summary == whole.summary
    assert DocumentSummary.of(whole.document, whole.summary.packs, whole.summary.skipped) == whole.summary
    # A lean run leaves out only the subject, which is what places findings in a kept document.
    assert lean.findings == [replace(finding, subject=None) for finding in whole.findings]
    assert all(finding.subject is None for finding in lean.findings) and lean.summary.indicators > 0


def test_findings_travel_between_processes_unchanged() -> None:
    import pickle

    from lintgoals.api import make_linter
    from lintgoals.config import Config

    findings = make_linter(Config()).lint_files([EXAMPLES / "defects-2020.tsv"]).files[0].findings
    assert len(findings) > 20
    assert pickle.loads(pickle.dumps(findings)) == findings
