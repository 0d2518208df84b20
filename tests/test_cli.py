"""The command line as a user and a pipeline see it: exit codes, selection,
bad inputs, folders, report files, languages, rule docs and lintgoals.yaml."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE, check_json, codes_and_lines, findings_of, run_cli, sample_lines, stderr_lines

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
ANSI = re.compile(r"\x1b\[")


def shipped_codes() -> list[str]:
    """Every code the shipped packs define, read from the packs themselves."""
    import yaml

    rules_dir = Path(__file__).resolve().parents[1] / "rules"
    return sorted(
        {
            rule["code"]
            for pack in rules_dir.glob("*.yaml")
            for rule in yaml.safe_load(pack.read_text(encoding="utf-8"))["rules"]
            if "code" in rule
        }
    )


# The sample's satisfaction targets, all "95%以上".
SATISFACTION_95_LINES = [14, 27, 32, 57, 63, 75, 93]


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Neither the developer's shell nor a lintgoals.yaml above the repository may change what is seen.
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def sample_findings() -> list[tuple[str, int | None]]:
    return findings_of(SAMPLE)


def assert_one_line_error(result, *names: str) -> str:
    """Exit 2 with a single stderr line that names each of `names`, and no traceback."""
    assert result.exit_code == EXIT_ERROR, result.output
    assert "Traceback" not in result.stderr
    lines = stderr_lines(result)
    assert len(lines) == 1, result.stderr
    for name in names:
        assert name in lines[0], lines[0]
    return lines[0]


def write_config(folder: Path, text: str, name: str = "lintgoals.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# ── exit codes and selection ────────────────────────────────────────────────


def test_sample_has_an_error_so_exit_is_1():
    result, report = check_json(SAMPLE)
    assert result.exit_code == EXIT_FINDINGS
    assert result.stderr == ""
    assert report["summary"]["files"] == 1
    assert report["summary"]["error"] == 1
    assert report["summary"]["warning"] == len(report["findings"]) - 1
    (error,) = [f for f in report["findings"] if f["severity"] == "error"]
    assert (error["code"], error["line"]) == ("LG302", 45)
    assert report["files"] == [
        {
            "path": str(SAMPLE),
            "layout": "seed-2019",
            "units": 3,
            "projects": 8,
            "indicators": 46,
            "error": None,
            "framework": "2019",
            "packs": ["core"],
            "skipped": [
                {"code": code, "field": name, "reason": "no_column"}
                for code, name in (
                    ("LG503", "weight"),
                    ("LG504", "operator"),
                    ("LG505", "measure_unit"),
                    ("LG507", "direction"),
                )
            ],
            "size": SAMPLE.stat().st_size,
            "sha256": hashlib.sha256(SAMPLE.read_bytes()).hexdigest(),
        }
    ]


def test_fail_on_never_exits_0_but_still_reports(sample_findings):
    result, report = check_json(SAMPLE, "--fail-on", "never")
    assert result.exit_code == EXIT_OK
    assert codes_and_lines(report) == sample_findings


def test_ignore_prefix_drops_only_those_codes(sample_findings):
    result, report = check_json(SAMPLE, "--ignore", "LG3")
    found = codes_and_lines(report)
    assert found == [(code, line) for code, line in sample_findings if not code.startswith("LG3")]
    assert ("LG003", 35) in found  # LG3 is a prefix of LG3xx, not of LG003
    assert result.exit_code == EXIT_OK  # LG302 was the only error


def test_select_prefix_with_fail_on_warning(sample_findings):
    result, report = check_json(SAMPLE, "--select", "LG3", "--fail-on", "warning")
    found = codes_and_lines(report)
    assert found == [(code, line) for code, line in sample_findings if code.startswith("LG3")]
    assert {code for code, _ in found} >= {"LG302", "LG303"}
    assert result.exit_code == EXIT_FINDINGS


def test_warnings_alone_pass_by_default_and_fail_with_fail_on_warning():
    assert check_json(SAMPLE, "--select", "LG303")[0].exit_code == EXIT_OK
    assert check_json(SAMPLE, "--select", "LG303", "--fail-on", "warning")[0].exit_code == EXIT_FINDINGS


def test_select_a_rule_the_sample_keeps():
    result, report = check_json(SAMPLE, "--select", "LG101")
    assert report["findings"] == []
    assert report["summary"]["error"] == report["summary"]["warning"] == 0
    assert result.exit_code == EXIT_OK


def test_select_and_ignore_accept_comma_lists():
    _, report = check_json(SAMPLE, "--select", "LG303,LG307", "--ignore", "lg307")
    assert {code for code, _ in codes_and_lines(report)} == {"LG303"}


# ── bad inputs ──────────────────────────────────────────────────────────────


def empty_file(folder: Path) -> tuple[Path, str, int | None]:
    path = folder / "empty.tsv"
    path.write_bytes(b"")
    return path, "LG001", None


def binary_file(folder: Path) -> tuple[Path, str, int | None]:
    path = folder / "picture.tsv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4)
    return path, "LG001", None


def undecodable_file(folder: Path) -> tuple[Path, str, int | None]:
    # Bytes that neither UTF-8 nor GB18030 reads on every line with text: an encoding
    # lintgoals does not know (one bad line in a good file is read past: test_robustness).
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    path = folder / "mojibake.tsv"
    path.write_bytes(b"\n".join(line.encode("utf-8") + (b"\xff\xfe\xfa" if line.strip() else b"") for line in lines))
    return path, "LG001", next(number for number, line in enumerate(lines, 1) if line.strip())


def headerless_file(folder: Path) -> tuple[Path, str, int | None]:
    path = folder / "notes.txt"
    path.write_text("会议纪要\n今年的项目\t待定\n", encoding="utf-8")
    return path, "LG002", None


BAD_INPUTS = [empty_file, binary_file, undecodable_file, headerless_file]


@pytest.mark.parametrize("make", BAD_INPUTS)
def test_bad_input_is_one_line_and_exit_2(tmp_path, make):
    path, code, line = make(tmp_path)
    result, report = check_json(path)
    message = assert_one_line_error(result, path.name)
    if line is not None:
        assert f"{path.name}:{line}:" in message
    assert codes_and_lines(report) == [(code, line)]
    assert report["findings"][0]["path"] == str(path)
    (entry,) = report["files"]
    assert entry["path"] == str(path) and entry["error"]
    assert report["summary"]["error"] == 1


@pytest.mark.parametrize("make", BAD_INPUTS)
def test_bad_input_does_not_stop_the_good_one(tmp_path, make, sample_findings):
    path, code, _ = make(tmp_path)
    result, report = check_json(path, SAMPLE)
    assert_one_line_error(result, path.name)
    assert [entry["error"] is None for entry in report["files"]] == [False, True]
    assert [(f["code"], f["line"]) for f in report["findings"] if f["path"] == str(SAMPLE)] == sample_findings
    assert [f["code"] for f in report["findings"] if f["path"] == str(path)] == [code]


def test_bad_input_is_reported_even_when_its_code_is_ignored(tmp_path):
    path, _, _ = empty_file(tmp_path)
    result, report = check_json(path, "--ignore", "LG0")
    assert_one_line_error(result, path.name)
    assert report["findings"] == []
    assert report["files"][0]["error"]


def test_missing_path_is_a_usage_error(tmp_path):
    result = run_cli("check", tmp_path / "nope.tsv")
    assert result.exit_code == EXIT_ERROR
    assert "nope.tsv" in result.stderr


def test_parse_of_a_bad_input_is_one_line(tmp_path):
    path, _, _ = headerless_file(tmp_path)
    result = run_cli("parse", path)
    assert_one_line_error(result, path.name, "LG002")
    assert result.stdout == ""


# ── python -m lintgoals, in a real process ──────────────────────────────────


def run_module(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lintgoals", *map(str, args)],
        check=False,
        capture_output=True,
        encoding="utf-8",
        timeout=120,
    )


def test_python_m_lintgoals_checks_the_sample(sample_findings):
    process = run_module("check", "-f", "json", SAMPLE)
    assert process.returncode == EXIT_FINDINGS
    assert process.stderr == ""
    assert codes_and_lines(json.loads(process.stdout)) == sample_findings


def test_python_m_lintgoals_bad_inputs_without_traceback(tmp_path):
    empty, _, _ = empty_file(tmp_path)
    picture, _, _ = binary_file(tmp_path)
    process = run_module("check", empty, picture, SAMPLE)
    assert process.returncode == EXIT_ERROR
    assert "Traceback" not in process.stderr
    lines = process.stderr.strip().splitlines()
    assert len(lines) == 2
    assert empty.name in lines[0] and picture.name in lines[1]
    assert "LG302" in process.stdout  # the sample was still linted


# ── folders ─────────────────────────────────────────────────────────────────


def test_folder_is_searched_for_tables(tmp_path, sample_findings):
    tables = tmp_path / "tables"
    (tables / "2019" / "q1").mkdir(parents=True)
    shutil.copy(SAMPLE, tables / "a.tsv")
    shutil.copy(SAMPLE, tables / "2019" / "b.TXT")
    (tables / "2019" / "q1" / "c.csv").write_text(
        "\n".join(line.replace("\t", ",") for line in sample_lines()), encoding="utf-8"
    )
    (tables / "README.md").write_text("# not a table\n", encoding="utf-8")
    (tables / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")

    result, report = check_json(tables)
    paths = [entry["path"] for entry in report["files"]]
    assert sorted(Path(p).relative_to(tables).as_posix() for p in paths) == ["2019/b.TXT", "2019/q1/c.csv", "a.tsv"]
    assert all(entry["error"] is None and entry["indicators"] == 46 for entry in report["files"])
    for path in paths:
        assert [(f["code"], f["line"]) for f in report["findings"] if f["path"] == path] == sample_findings
    assert report["summary"]["files"] == 3
    assert result.exit_code == EXIT_FINDINGS


# ── report files ────────────────────────────────────────────────────────────


def test_json_report_to_a_file_leaves_the_input_alone(tmp_path, sample_findings):
    table = tmp_path / "table.tsv"
    shutil.copy(SAMPLE, table)
    before = table.read_bytes()
    result = run_cli("check", "-f", "json", "-o", tmp_path / "out.json", table)
    assert result.exit_code == EXIT_FINDINGS
    assert result.stdout == ""
    report = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert codes_and_lines(report) == sample_findings
    assert table.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "table.tsv"]  # no temporary left


def test_report_over_an_input_file_is_refused(tmp_path):
    table = tmp_path / "table.tsv"
    shutil.copy(SAMPLE, table)
    before = table.read_bytes()
    result = run_cli("check", "-f", "json", "-o", "table.tsv", table)  # same file, relative spelling
    assert_one_line_error(result, "table.tsv")
    assert table.read_bytes() == before


def test_text_report_to_a_file_has_no_colour_codes(tmp_path):
    result = run_cli("check", "-f", "text", "-o", tmp_path / "report.txt", SAMPLE)
    assert result.exit_code == EXIT_FINDINGS
    text = (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert "LG302 第 45 行·二级指标（个性） 满意度目标" in text
    assert not ANSI.search(text)


def test_text_report_file_has_no_colour_codes_even_with_force_color(tmp_path, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")  # set by many CI systems for their logs
    run_cli("check", "-f", "text", "-o", tmp_path / "report.txt", SAMPLE)
    assert not ANSI.search((tmp_path / "report.txt").read_text(encoding="utf-8"))


def test_two_reports_in_one_run(tmp_path, sample_findings):
    result = run_cli("check", "-f", "json", "-o", tmp_path / "a.json", "-f", "text", SAMPLE)
    assert result.exit_code == EXIT_FINDINGS
    assert "LG302" in result.stdout
    assert codes_and_lines(json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))) == sample_findings


def test_english_messages():
    _, report = check_json(SAMPLE, "--lang", "en")
    (finding,) = [f for f in report["findings"] if f["code"] == "LG302"]
    assert finding["message"] == "satisfaction target “满意” has no percentage (write it as ≥95%)"
    text = run_cli("check", "--lang", "en", SAMPLE).stdout
    assert "Checked 1 file" in text and "检查了" not in text


def test_chinese_messages_by_default():
    _, report = check_json(SAMPLE, "--select", "LG302")
    assert report["findings"][0]["message"].startswith("满意度目标“满意”没有百分比")


# ── rule documentation ──────────────────────────────────────────────────────


def test_rules_lists_every_shipped_code():
    result = run_cli("rules")
    assert result.exit_code == EXIT_OK
    assert sorted(set(re.findall(r"\bLG\d{3}\b", result.stdout))) == shipped_codes()


def test_rule_explains_with_the_threshold():
    result = run_cli("rule", "LG301")
    assert result.exit_code == EXIT_OK
    lines = result.stdout.splitlines()
    assert lines[0] == "LG301 满意度目标偏低（satisfaction-below-threshold）"
    assert lines[1].startswith("级别：错误（必须修改）    规则包：core    适用于：指标")
    assert lines[2] == "消息：满意度目标“〔指标值〕”低于 95%"  # the option filled in, the table's part named


def test_rule_words_follow_fail_on(tmp_path, monkeypatch):
    (tmp_path / "lintgoals.yaml").write_text("fail_on: warning\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert "级别：警告（必须修改）" in run_cli("rule", "LG303").stdout


def test_rule_code_is_case_insensitive_and_english():
    result = run_cli("rule", "lg301", "--lang", "en")
    assert result.exit_code == EXIT_OK
    assert "at least 95%" in result.stdout


def test_unknown_rule_code():
    result = run_cli("rule", "LG999")
    assert_one_line_error(result, "LG999")
    assert result.stdout == ""


# ── lintgoals.yaml ──────────────────────────────────────────────────────────


def lg301_lines(*args: str | Path) -> list[int | None]:
    return [line for code, line in findings_of(SAMPLE, "--select", "LG301", *args) if code == "LG301"]


def test_no_config_no_satisfaction_below_95():
    assert lg301_lines() == []


def test_config_in_the_current_folder_sets_a_param(tmp_path):
    write_config(tmp_path, "params: {satisfaction_min: 96}\n")
    assert lg301_lines() == SATISFACTION_95_LINES


def test_config_in_a_parent_folder_is_found(tmp_path, monkeypatch):
    write_config(tmp_path, "params:\n  satisfaction_min: 96\n")
    (tmp_path / "a" / "b").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "a" / "b")
    assert lg301_lines() == SATISFACTION_95_LINES


def test_config_option_names_the_file(tmp_path):
    (tmp_path / "settings").mkdir()
    config = write_config(tmp_path / "settings", "params: {satisfaction_min: 96}\n", "bureau.yaml")
    assert lg301_lines("--config", config) == SATISFACTION_95_LINES
    assert lg301_lines("-c", config) == SATISFACTION_95_LINES


def test_config_explain_shows_the_param(tmp_path):
    write_config(tmp_path, "params: {satisfaction_min: 96}\n")
    assert "96" in run_cli("rule", "LG301").stdout


def test_config_changes_a_severity(tmp_path):
    write_config(tmp_path, "severity:\n  LG302: warning\n")
    result, report = check_json(SAMPLE)
    (finding,) = [f for f in report["findings"] if f["code"] == "LG302"]
    assert finding["severity"] == "warning"
    assert report["summary"]["error"] == 0
    assert result.exit_code == EXIT_OK


def test_config_switches_a_rule_off(tmp_path):
    write_config(tmp_path, "severity: {LG303: off}\n")
    assert "LG303" not in {code for code, _ in findings_of(SAMPLE)}


def test_config_fail_on_warning(tmp_path):
    assert check_json(SAMPLE, "--ignore", "LG302")[0].exit_code == EXIT_OK
    write_config(tmp_path, "fail_on: warning\n")
    assert check_json(SAMPLE, "--ignore", "LG302")[0].exit_code == EXIT_FINDINGS
    # The command line wins over the config.
    assert check_json(SAMPLE, "--ignore", "LG302", "--fail-on", "error")[0].exit_code == EXIT_OK


def test_config_select_and_ignore(tmp_path):
    write_config(tmp_path, "select: [LG3]\nignore: LG303,LG307\n")
    assert {code for code, _ in findings_of(SAMPLE)} == {"LG302", "LG304", "LG306", "LG308", "LG309", "LG310"}


def test_config_lang_en(tmp_path):
    write_config(tmp_path, "lang: en\n")
    _, report = check_json(SAMPLE, "--select", "LG302")
    assert report["findings"][0]["message"].startswith("satisfaction target")
    # The command line wins over the config.
    _, report = check_json(SAMPLE, "--select", "LG302", "--lang", "zh")
    assert report["findings"][0]["message"].startswith("满意度目标")


def test_config_unknown_key_names_file_and_line(tmp_path):
    write_config(tmp_path, "# bureau settings\nlang: en\nselct: [LG1]\n")
    result = run_cli("check", SAMPLE)
    message = assert_one_line_error(result, "lintgoals.yaml:3:", "selct")
    assert result.stdout == ""
    assert message.startswith("lintgoals: error:")


def test_config_bad_value_names_file_and_line(tmp_path):
    write_config(tmp_path, "lang: en\nfail_on: sometimes\n")
    assert_one_line_error(run_cli("check", SAMPLE), "lintgoals.yaml:2:", "sometimes")


def test_config_invalid_yaml_names_file_and_line(tmp_path):
    write_config(tmp_path, "lang: en\nparams: {satisfaction_min: 96\n")
    assert_one_line_error(run_cli("check", SAMPLE), "lintgoals.yaml:")


def test_config_unknown_param_names_file_and_line(tmp_path):
    write_config(tmp_path, "lang: zh\nparams:\n  satisfaction_mn: 96\n")
    assert_one_line_error(run_cli("check", SAMPLE), "lintgoals.yaml:3:", "satisfaction_mn")


def test_config_severity_for_unknown_rule(tmp_path):
    write_config(tmp_path, "severity:\n  LG999: warning\n")
    assert_one_line_error(run_cli("check", SAMPLE), "lintgoals.yaml:2:", "LG999")


def test_config_param_that_is_not_a_number(tmp_path):
    write_config(tmp_path, "params:\n  satisfaction_min: abc\n")
    assert_one_line_error(run_cli("check", SAMPLE), "lintgoals.yaml", "satisfaction_min")


def test_config_param_of_the_wrong_type_blames_the_config(tmp_path):
    write_config(tmp_path, "params:\n  vague_words: 按实际\n")
    assert_one_line_error(run_cli("check", SAMPLE), "lintgoals.yaml", "vague_words")


def test_a_reader_that_stops_early_gets_no_error(tmp_path: Path) -> None:
    """`lintgoals check … | head`: the report is cut off, quietly, and the exit code
    still says what was found."""
    copies = tmp_path / "tables"
    copies.mkdir()
    for number in range(40):  # a report far larger than a pipe holds
        shutil.copy(SAMPLE.parent / "defects-2020.tsv", copies / f"{number}.tsv")
    process = subprocess.Popen(
        [sys.executable, "-m", "lintgoals", "check", str(copies), "-f", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline() == b"{\n"
    process.stdout.close()
    assert process.wait() == 1
    assert process.stderr.read() == b""


def test_readme_rule_catalog_is_the_generated_one():
    """The README's rule catalog is `lintgoals rules --markdown --lang en`: a rule added to
    a pack appears there by regenerating it, never by hand."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- rule catalog:")
    catalog = readme[readme.index("\n", start) + 1 : readme.index("<!-- end of rule catalog -->")].strip()
    assert catalog == run_cli("rules", "--markdown", "--lang", "en").stdout.strip()


def test_readme_check_reference_is_the_generated_one():
    """The README's table of checks is `lintgoals checks --markdown`, made from the checks' declarations."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- check reference:")
    table = readme[readme.index("\n", start) + 1 : readme.index("<!-- end of check reference -->")].strip()
    assert table == run_cli("checks", "--markdown").stdout.strip()
