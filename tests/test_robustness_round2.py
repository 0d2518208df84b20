"""Reliability and security, round two (issue 16, items 1–7): each test is an attack
as an attacker or an unlucky operator would make it, and fails without its fix.

Run as root (CI is), some attacks need what only root can do (a device node, a
file another user owns); as anyone else those tests make do with what they can.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from conftest import SAMPLE, run_cli
from openpyxl import Workbook, load_workbook

ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False
ESC = "\x1b"


# ── 1. -o never replaces what is not a regular file ──────────────────────────


def test_a_report_into_a_fifo_is_streamed_and_the_fifo_stays(tmp_path: Path) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run_cli("check", SAMPLE, "-f", "json", "-o", fifo)
    reader.join(timeout=30)
    assert result.exit_code == 1
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0])["files"][0]["path"] == str(SAMPLE)


@pytest.mark.skipif(not ROOT, reason="making a device node needs root")
def test_a_report_to_a_device_is_written_into_it_and_the_device_stays(tmp_path: Path) -> None:
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
    result = run_cli("check", SAMPLE, "-f", "json", "-o", null)
    assert result.exit_code == 1
    assert stat.S_ISCHR(null.stat().st_mode)


def test_a_report_through_a_symlink_writes_the_file_and_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert run_cli("check", SAMPLE, "-f", "json", "-o", link).exit_code == 1
    assert link.is_symlink() and json.loads(target.read_text(encoding="utf-8"))["files"]


def test_dash_is_standard_output(tmp_path: Path) -> None:
    result = run_cli("check", SAMPLE, "-f", "json", "-o", "-")
    assert result.exit_code == 1 and json.loads(result.stdout)["files"]
    assert not (tmp_path / "-").exists() and not Path("-").exists()


@pytest.mark.skipif(not ROOT, reason="a socket's path may need root to leave in place")
def test_anything_else_is_refused(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "report.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        result = run_cli("check", SAMPLE, "-f", "json", "-o", path)
        assert result.exit_code == 2 and "will not replace it with a report" in result.stderr
        assert stat.S_ISSOCK(path.stat().st_mode)
    finally:
        server.close()


# ── 2. a rule pack cannot fetch URLs or read files ───────────────────────────


@pytest.mark.parametrize("reference", ["http://127.0.0.1:9/schema.json", "file:///etc/passwd", "other.json#/defs/x"])
def test_a_schema_may_refer_only_within_itself(tmp_path: Path, reference: str) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        f"""pack: leaky
extends: core
rules:
  - code: BJ901
    name: leaky
    target: indicator
    severity: error
    check: schema
    options:
      field: value
      schema: {{"$ref": "{reference}"}}
    message: {{zh: "{{error}}"}}
""",
        encoding="utf-8",
    )
    result = run_cli("check", "--rules", pack, SAMPLE)
    assert result.exit_code == 2
    assert f"{pack}:11" in result.stderr and "refers outside the pack" in result.stderr


def test_a_reference_within_the_schema_works(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        """pack: local
extends: core
rules:
  - code: BJ902
    name: local
    target: indicator
    severity: error
    check: schema
    options:
      field: value
      schema: {"$ref": "#/$defs/short", "$defs": {"short": {"maxLength": 2}}}
    message: {zh: "{error}"}
""",
        encoding="utf-8",
    )
    result = run_cli("check", "--rules", pack, "--select", "BJ902", "-f", "json", SAMPLE)
    assert result.exit_code == 1 and json.loads(result.stdout)["findings"]


# ── 3. text stays text in every cell lintgoals writes ─────────────────────────


def test_no_formula_is_written_into_a_combined_annotated_workbook(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    for row in (
        ["项目名称", '=WEBSERVICE("http://127.0.0.1:9/x")'],
        ["年度资金总额", 100],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", '=HYPERLINK("x")', "=1+1"],
    ):
        sheet.append(row)
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    book.save(tmp_path / "hostile.xlsx")
    out = tmp_path / "marked.xlsx"
    result = run_cli("check", tmp_path / "hostile.xlsx", SAMPLE, "--annotate", out)
    assert result.exit_code in (0, 1), result.output
    written = load_workbook(out)
    formulas = [
        (ws.title, cell.coordinate)
        for ws in written.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []
    copied = written[next(name for name in written.sheetnames if "hostile" in name or name == "Sheet")]
    assert copied["B1"].value == '=WEBSERVICE("http://127.0.0.1:9/x")'


# ── 4. a report never overwrites a file the run reads ─────────────────────────


def test_a_report_over_the_runs_own_pack_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pack = tmp_path / "pack.yaml"
    text = "pack: mine\nextends: core\n"
    pack.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "--rules", "./pack.yaml", SAMPLE, "-f", "json", "-o", "pack.yaml")
    assert result.exit_code == 2 and "will not write a report over a file this run reads" in result.stderr
    assert pack.read_text(encoding="utf-8") == text


def test_a_report_over_the_config_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "lintgoals.yaml"
    config.write_text("fail_on: error\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", SAMPLE, "-f", "json", "-o", "lintgoals.yaml")
    assert result.exit_code == 2 and config.read_text(encoding="utf-8") == "fail_on: error\n"


# ── 5. where a config is looked for ──────────────────────────────────────────


def test_the_search_for_a_config_stops_at_the_repository_root(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "lintgoals.yaml").write_text("fail_on: never\nignore: [LG]\n", encoding="utf-8")
    repository = tmp_path / "repo"
    (repository / ".git").mkdir(parents=True)
    (repository / "sub").mkdir()
    monkeypatch.chdir(repository / "sub")
    result = run_cli("check", SAMPLE, "-f", "json")
    assert result.exit_code == 1 and json.loads(result.stdout)["run"]["config"] is None


def test_a_config_anybody_may_change_is_not_obeyed(tmp_path: Path, monkeypatch) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    config = shared / "lintgoals.yaml"
    config.write_text("fail_on: never\nignore: [LG]\n", encoding="utf-8")
    shared.chmod(0o1777)
    if ROOT:
        os.chown(config, 65534, 65534)  # planted by another user (nobody)
    else:
        config.chmod(0o666)
    monkeypatch.chdir(shared)
    result = run_cli("check", SAMPLE, "-f", "json")
    assert result.exit_code == 1
    assert f"not using {config}" in result.stderr
    assert json.loads(result.stdout)["run"]["config"] is None
    # Given by name, it is the user's choice, and obeyed.
    assert run_cli("check", SAMPLE, "--config", config).exit_code == 0


# ── 6. nothing from a table reaches a terminal or a CI log as a control sequence ──


def test_escape_sequences_in_cells_are_neutralised(tmp_path: Path) -> None:
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    cells = lines[19].split("\t")
    cells[9] = f"按实际{ESC}]0;pwned{ESC}\\{ESC}[31m审批天数\u202e"
    lines[19] = "\t".join(cells)
    table = tmp_path / f"evil{ESC}[2Jname.tsv"
    table.write_text("\n".join(lines), encoding="utf-8")
    for options in ((), ("-f", "github")):
        result = run_cli("check", table, *options)
        assert result.exit_code == 1
        assert ESC not in result.stdout and "\u202e" not in result.stdout
        assert "\\x1b" in result.stdout


# ── 7. a folder that cannot be read is said, not skipped ─────────────────────


def test_an_unreadable_subfolder_is_an_lg001_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "table.tsv").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "hidden.tsv").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    locked.chmod(0)
    if ROOT:  # root reads any folder: make this one fail as it would for anyone else
        real_scandir = os.scandir

        def scandir(path: object = ".") -> object:
            if Path(os.fsdecode(path)) == locked:
                raise PermissionError(13, "Permission denied", os.fsdecode(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", scandir)
    try:
        result = run_cli("check", tmp_path, "-f", "json")
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert [(f["code"], f["path"]) for f in report["findings"] if f["code"] == "LG001"] == [("LG001", str(locked))]
    assert str(locked) in result.stderr


def test_a_report_over_the_baseline_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run_cli("check", SAMPLE, "--write-baseline", "baseline.json").exit_code == 0
    before = (tmp_path / "baseline.json").read_bytes()
    result = run_cli("check", SAMPLE, "--baseline", "baseline.json", "-f", "json", "-o", "baseline.json")
    assert result.exit_code == 2 and "will not write a report over a file this run reads" in result.stderr
    assert (tmp_path / "baseline.json").read_bytes() == before


# ── 11, 18. a pack's templates are plain {name}s, checked when it loads ────────


@pytest.mark.parametrize(
    "template",
    [
        "{project:d}",
        "{project!r}",
        "{0}",
        "{}",
        "{min",
        "{min.__class__.__mro__}",
        "{project:>300000000}",
        "{project[0]}",
    ],
)
@pytest.mark.parametrize("key", ["message", "explain"])
def test_a_template_that_is_not_a_plain_name_is_refused_when_the_pack_loads(
    tmp_path: Path, template: str, key: str
) -> None:
    pack = tmp_path / "pack.yaml"
    texts = {"message": "项目 {project}", "explain": "说明"} | {key: f"项目 {template}"}
    pack.write_text(
        json.dumps(
            {
                "pack": "bad",
                "extends": "core",
                "rules": [
                    {
                        "code": "BJ101",
                        "name": "flagged",
                        "target": "project",
                        "severity": "warning",
                        "check": "flag",
                        "message": {"zh": texts["message"]},
                        "explain": {"zh": texts["explain"]},
                    }
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    result = run_cli("check", "--rules", pack, SAMPLE)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"lintgoals: error: {pack}:1: rule BJ101:") and "Traceback" not in result.stderr
    assert "__mro__" not in result.stdout


def test_plain_names_and_literal_braces_still_work(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        json.dumps(
            {
                "pack": "ok",
                "extends": "core",
                "rules": [
                    {
                        "code": "BJ101",
                        "name": "flagged",
                        "target": "project",
                        "severity": "warning",
                        "check": "flag",
                        "message": {"zh": "项目 {project} {{注}}"},
                        "explain": {"zh": "说明 {{x}}"},
                    }
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    result = run_cli("check", "--rules", pack, SAMPLE, "-f", "json")
    messages = [f["message"] for f in json.loads(result.stdout)["findings"] if f["code"] == "BJ101"]
    assert "项目 差旅费 {注}" in messages


# ── 9, 10, 15, 16. the annotated workbook, whatever the inputs ─────────────────


def annotate(tmp_path: Path, *inputs: Path, memory: int | None = None) -> tuple[int, Path]:
    """`lintgoals check INPUTS --annotate` in a process of its own (with a memory limit
    if given); a run that hangs fails the test instead of stalling the suite."""
    import resource
    import subprocess
    import sys

    def limited() -> None:
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    marked = tmp_path / "marked.xlsx"
    process = subprocess.run(
        [sys.executable, "-m", "lintgoals", "check", *map(str, inputs), "--annotate", str(marked)],
        capture_output=True,
        timeout=120,
        preexec_fn=limited,
        check=False,
    )
    assert b"internal error" not in process.stderr and b"Traceback" not in process.stderr, process.stderr
    return process.returncode, marked


def test_a_cell_xml_forbids_does_not_corrupt_the_workbook(tmp_path: Path) -> None:
    table = tmp_path / "odd.tsv"
    table.write_text(
        SAMPLE.read_text(encoding="utf-8").replace("按审批天数安排", "按审批\ufffe天数\uffff安排"), encoding="utf-8"
    )
    code, marked = annotate(tmp_path, table)
    assert code == 1
    texts = [
        cell
        for sheet in load_workbook(marked).worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str)
    ]
    assert "按审批\ufffd天数\ufffd安排" in texts


def test_positions_beyond_a_sheet_in_a_model_document(tmp_path: Path) -> None:
    model = json.loads(run_cli("parse", SAMPLE).stdout)
    indicator = next(
        project["indicators"][0] for unit in model["units"] for project in unit["projects"] if project["indicators"]
    )
    for key in ("location", "value_location", "name_location"):
        indicator[key].update({"line": 2_000_000, "column": 20_000})
    document = tmp_path / "far.json"
    document.write_text(json.dumps(model, ensure_ascii=False), encoding="utf-8")
    code, marked = annotate(tmp_path, document, SAMPLE)
    assert code == 1 and load_workbook(marked).worksheets


def test_a_workbook_with_a_far_cell_among_several_inputs_does_not_hang(tmp_path: Path) -> None:
    from hostile_files import far_cell

    far = tmp_path / "far.xlsx"
    far.write_bytes(far_cell())
    code, marked = annotate(tmp_path, far, SAMPLE)
    assert code == 1  # far.xlsx's sheet is refused (an LG001 finding), as by the reader; the rest is read
    titles = [sheet.title for sheet in load_workbook(marked).worksheets]
    assert len(titles) >= 3  # 检查结果, far.xlsx's other sheets and the sample's copy


def test_annotating_a_zip_bomb_among_several_inputs_is_bounded(tmp_path: Path) -> None:
    from hostile_files import zip_bomb

    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(zip_bomb(600 * 1024 * 1024))
    code, marked = annotate(tmp_path, bomb, SAMPLE, memory=1536 * 1024 * 1024)
    assert code == 2 and marked.exists()
