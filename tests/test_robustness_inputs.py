"""Reliability, inputs (issue 16, items 8, 12, 23 and 25): file names that are not
UTF-8, lone surrogates, numbers no document holds, and large YAML. Each test is the
attack as it came, and fails without its fix.

What a user sees is asserted: the exit code, the one line on stderr naming the file
(and line), a report that is valid UTF-8, and the other files of the run reported.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import hostile_files as hostile
import pytest
from conftest import SAMPLE, run_cli
from openpyxl import load_workbook

from lintgoals.document_json import MAX_AMOUNT_DIGITS, MAX_INTEGER_DIGITS
from lintgoals.yamlfile import MAX_YAML_BYTES, MAX_YAML_VALUES

ODD_NAME = b"\xff\xfe.tsv"  # a name in no UTF-8: made on a system in another encoding
ODD_SHOWN = "\\xff\\xfe.tsv"  # how reports name it
SAMPLE_FINDINGS = ("LG302", 45)  # one of the sample's findings: the file was read
FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit", "html", "xlsx")


def lintgoals(*args: str | Path, memory: int | None = None, limit: float = 120) -> subprocess.CompletedProcess[bytes]:
    """`python -m lintgoals ARGS` in its own process (its stdout as bytes, as a pipe
    receives it), optionally under a limit on its memory; never a traceback."""

    def limited() -> None:
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    started = time.monotonic()
    process = subprocess.run(
        [sys.executable, "-m", "lintgoals", *map(os.fsdecode, args)],
        check=False,
        capture_output=True,
        timeout=600,
        preexec_fn=limited,
    )
    assert time.monotonic() - started < limit
    stderr = process.stderr.decode("utf-8")  # stderr too is UTF-8, whatever it names
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    return process


def error_lines(stderr: str | bytes) -> list[str]:
    text = stderr.decode("utf-8") if isinstance(stderr, bytes) else stderr
    return [line for line in text.splitlines() if line.strip()]


def sample_findings(report: dict[str, Any], path_end: str) -> list[tuple[str, int | None]]:
    return [(finding["code"], finding["line"]) for finding in report["findings"] if finding["path"].endswith(path_end)]


# ── 8. file names that are not UTF-8, lone surrogates ─────────────────────────


def odd_folder(tmp_path: Path) -> Path:
    """A folder holding the sample under a plain name and under a name that is not UTF-8."""
    folder = tmp_path / "tables"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "plain.tsv")
    descriptor = os.open(os.path.join(os.fsencode(str(folder)), ODD_NAME), os.O_WRONLY | os.O_CREAT, 0o644)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(SAMPLE.read_bytes())
    return folder


def report_texts(path: Path, format_name: str) -> str:
    """All the text of a report: the file decoded as UTF-8, or a workbook's cells."""
    if format_name != "xlsx":
        return path.read_bytes().decode("utf-8")  # UnicodeDecodeError: the report is not valid UTF-8
    workbook = load_workbook(path)
    return "\n".join(
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


@pytest.mark.parametrize("format_name", FORMATS)
def test_a_file_name_that_is_not_utf8_is_shown_escaped_in_every_report(tmp_path: Path, format_name: str) -> None:
    folder = odd_folder(tmp_path)
    report = tmp_path / f"report.{format_name}"
    result = run_cli("check", "--lang", "en", "-f", format_name, "-o", report, folder)
    assert result.exit_code == 1, result.stderr  # findings, and every file read
    assert not error_lines(result.stderr)
    text = report_texts(report, format_name)
    assert "plain.tsv" in text
    # As it is shown, escaped once more inside JSON strings, or as SARIF's URIs write it (%5Cxff).
    assert any(form in text for form in (ODD_SHOWN, json.dumps(ODD_SHOWN)[1:-1], quote(ODD_SHOWN))), text


def test_the_json_on_stdout_is_utf8_and_the_file_is_read_by_its_real_name(tmp_path: Path) -> None:
    folder = odd_folder(tmp_path)
    process = lintgoals("check", "--lang", "en", "-f", "json", folder)
    assert process.returncode == 1
    report = json.loads(process.stdout.decode("utf-8"))
    assert sorted(Path(file["path"]).name for file in report["files"]) == sorted([ODD_SHOWN, "plain.tsv"])
    # Read by its real name: the same findings as the same table under a plain name.
    assert sample_findings(report, ODD_SHOWN) == sample_findings(report, "plain.tsv")
    assert SAMPLE_FINDINGS in sample_findings(report, ODD_SHOWN)


def test_a_workbook_whose_name_is_not_utf8_is_read(tmp_path: Path) -> None:
    shutil.copy(hostile.WORKBOOK, tmp_path / "plain.xlsx")
    shutil.copy(hostile.WORKBOOK, Path(os.fsdecode(os.path.join(os.fsencode(str(tmp_path)), b"\xe9t\xe9.xlsx"))))
    report = tmp_path / "report.json"
    result = run_cli("check", "--lang", "en", "-f", "json", "-o", report, tmp_path)
    assert result.exit_code in (0, 1) and not error_lines(result.stderr)  # calamine opened it
    files = json.loads(report.read_text(encoding="utf-8"))["files"]
    assert sorted(Path(file["path"]).name for file in files) == ["\\xe9t\\xe9.xlsx", "plain.xlsx"]
    assert files[0]["units"] == files[1]["units"] > 0


@pytest.fixture(scope="module")
def model_text() -> str:
    """The sample's model document, as `lintgoals parse` writes it."""
    result = run_cli("parse", SAMPLE)
    assert result.exit_code == 0
    return result.stdout


def document(tmp_path: Path, model_text: str, name: str, old: str, new: str) -> tuple[Path, int]:
    """The sample's model with `old` (its first occurrence) replaced by `new`, and the line of it."""
    assert old in model_text
    path = tmp_path / name
    path.write_text(model_text.replace(old, new, 1), encoding="utf-8")
    return path, model_text[: model_text.index(old)].count("\n") + 1


def refused_beside_the_sample(tmp_path: Path, path: Path, line: int, *says: str) -> None:
    """`lintgoals check` over the document and the sample: exit 2, one line naming the
    document and line, a report that is valid UTF-8 and holds the sample's findings."""
    report = tmp_path / "report.json"
    result = run_cli("check", "--lang", "en", "-f", "json", "-o", report, path, SAMPLE)
    assert result.exit_code == 2
    (message,) = error_lines(result.stderr)
    assert message.startswith(f"lintgoals: {path}:{line}: ") and "(LG001)" in message, message
    for said in says:
        assert said in message, message
    data = json.loads(report.read_bytes().decode("utf-8"))
    assert SAMPLE_FINDINGS in sample_findings(data, SAMPLE.name)
    (finding,) = [finding for finding in data["findings"] if finding["path"] == str(path)]
    assert (finding["code"], finding["line"]) == ("LG001", line)


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        # a value a rule quotes in its message (LG303 "按实际")
        ('"value": "按实际审批天数"', '"value": "按实际\\ud800审批天数"', "lone surrogate (\\ud800)"),
        ('"path": "', '"path": "\\udcff', "path: "),  # every location names it
        ('"name": "', '"na\\udc80me": "', "lone surrogate (\\udc80)"),  # a key
    ],
)
def test_a_lone_surrogate_in_a_document_is_lg001_at_its_line(
    tmp_path: Path, model_text: str, old: str, new: str, says: str
) -> None:
    path, line = document(tmp_path, model_text, "model.json", old, new)
    refused_beside_the_sample(tmp_path, path, line, "lone surrogate", says)


def test_an_escaped_pair_is_one_character_and_is_read(tmp_path: Path, model_text: str) -> None:
    path, _ = document(
        tmp_path, model_text, "model.json", '"value": "按实际审批天数"', '"value": "按实际\\ud83d\\ude00审批天数"'
    )
    result = run_cli("check", "--lang", "en", path)
    assert result.exit_code == 1 and not error_lines(result.stderr)


# ── 12 and 25. numbers no document holds ─────────────────────────────────────


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ('"value": "631580.00"', '"value": "' + "9" * 40 + '.00"', "funding.total.value"),  # decimal.InvalidOperation
        ('"weight": null', '"weight": "' + "1" * 30 + '"', "weight"),
        ('"year": 2019', '"year": ' + "9" * 5000, "an integer of 5,000 digits"),  # ValueError: past 4,300 digits
        ('"year": 2019', '"year": ' + "9" * (MAX_INTEGER_DIGITS + 1), "year: "),
        ('"year": 2019', '"year": NaN', "year: NaN is not a number"),  # LG002 "no known table header (seen: )"
        ('"year": 2019', '"year": Infinity', "year: Infinity is not a number"),
        ('"line": 5', '"line": -Infinity', "-Infinity is not a number"),
        ('"year": 2019', '"year": 1e999999', "year: 1e999999 is too large a number"),
        ('"year": 2019', '"year": 1e300', "year: 1e300 is too large a number"),  # an integer, to jsonschema
    ],
)
def test_a_number_no_document_holds_is_lg001_at_its_line(
    tmp_path: Path, model_text: str, old: str, new: str, says: str
) -> None:
    if old == '"weight": null' and old not in model_text:
        old = '"kind": "common"'
        new = '"kind": "common", ' + new
    path, line = document(tmp_path, model_text, "model.json", old, new)
    refused_beside_the_sample(tmp_path, path, line, says)


@pytest.mark.parametrize(
    ("new", "says"),
    [
        ("year: .nan", "year: nan is not a number"),
        ("year: -.inf", "is not a number (infinite)"),
        ("year: 1.0e+999999", "is not a number (infinite)"),
        ("year: " + "9" * 5000, "an integer of 5,000 digits"),
        ("year: " + "9" * 40, "year: "),
    ],
)
def test_a_number_no_yaml_document_holds_is_lg001_at_its_line(
    tmp_path: Path, model_text: str, new: str, says: str
) -> None:
    import yaml

    text = yaml.safe_dump(json.loads(model_text), allow_unicode=True, sort_keys=False)
    path, line = document(tmp_path, text, "model.yaml", "year: 2019", new)
    refused_beside_the_sample(tmp_path, path, line, says)


def test_amounts_of_the_most_digits_allowed_are_read(tmp_path: Path, model_text: str) -> None:
    model = json.loads(model_text)
    for unit in model["units"]:
        for project in unit["projects"]:
            for amount in project["funding"].values():
                if amount is not None:
                    amount["value"] = "9" * MAX_AMOUNT_DIGITS + "." + "9" * 40
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model, ensure_ascii=False), encoding="utf-8")
    report = tmp_path / "report.json"
    result = run_cli("check", "--lang", "en", "-f", "json", "-o", report, path)
    assert result.exit_code == 1 and not error_lines(result.stderr)
    assert "LG001" not in {finding["code"] for finding in json.loads(report.read_text("utf-8"))["findings"]}


# ── 23. large YAML: aliases counted, not values; the size bounded ─────────────


def yaml_model(model_text: str, indicators: int) -> str:
    """A YAML model document of one project with that many indicators, no alias in it."""
    import yaml

    model = json.loads(model_text)
    unit = next(unit for unit in model["units"] if unit["projects"])
    project = unit["projects"][0]
    first = project["indicators"][0]
    project["indicators"] = [{**first, "name": f"指标{number}"} for number in range(indicators)]
    unit["projects"], model["units"], model["issues"] = [project], [unit], []
    return yaml.safe_dump(model, allow_unicode=True, sort_keys=False)


def test_a_yaml_document_of_1500_indicators_is_read(tmp_path: Path, model_text: str) -> None:
    path = tmp_path / "model.yaml"
    path.write_text(yaml_model(model_text, 1500), encoding="utf-8")  # over 100,000 values, no alias
    report = tmp_path / "report.json"
    result = run_cli("check", "--lang", "en", "-f", "json", "-o", report, path)
    assert result.exit_code == 1 and not error_lines(result.stderr)
    data = json.loads(report.read_text("utf-8"))
    assert data["files"][0]["indicators"] == 1500


def test_a_rule_pack_of_5000_rules_loads(tmp_path: Path) -> None:
    rules = "".join(
        f"""  - code: BJ{number:04d}
    name: rule-{number}
    target: indicator
    severity: warning
    check: pattern
    options: {{field: description, pattern: "x{number}y"}}
    message: {{zh: "{{text}}", en: "{{text}}"}}
"""
        for number in range(5000)
    )
    pack = tmp_path / "pack.yaml"
    pack.write_text("pack: big\nextends: core\nrules:\n" + rules, encoding="utf-8")
    result = run_cli("check", "--rules", pack, "--select", "BJ4999", SAMPLE)
    assert result.exit_code in (0, 1), result.stderr
    assert not error_lines(result.stderr)


def test_an_alias_bomb_in_a_large_document_is_still_refused(tmp_path: Path, model_text: str) -> None:
    path = tmp_path / "model.yaml"
    bomb = hostile.alias_bomb()
    text = yaml_model(model_text, 1500) + bomb.replace("\na", "\nbomb_a").replace("a0:", "bomb_a0:", 1)
    path.write_text(text, encoding="utf-8")
    process = lintgoals("check", "--lang", "en", path, SAMPLE, limit=60)
    assert process.returncode == 2
    (message,) = error_lines(process.stderr)
    assert message.startswith(f"lintgoals: {path}:") and "alias bomb" in message


def test_a_yaml_document_past_the_size_limit_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "model.yaml"
    path.write_text(
        "$schema: https://lintgoals.invalid/schemas/document.schema.json\nnote: " + "x" * MAX_YAML_BYTES,
        encoding="utf-8",
    )
    process = lintgoals("check", "--lang", "en", path, SAMPLE, memory=1 << 30, limit=30)
    assert process.returncode == 2
    (message,) = error_lines(process.stderr)
    assert message.startswith(f"lintgoals: {path}: ") and "over the limit of 8 MB" in message


def test_a_yaml_document_of_a_million_short_values_costs_little_memory(tmp_path: Path) -> None:
    # 8 MB of "1," is four million values: 1.8 GB once parsed. Counted from the
    # parser's events, it is refused in constant memory, here under 1 GB.
    path = tmp_path / "model.yaml"
    path.write_text(
        "$schema: https://lintgoals.invalid/schemas/document.schema.json\nx: ["
        + "1," * (MAX_YAML_BYTES // 2 - 100)
        + "1]\n",
        encoding="utf-8",
    )
    process = lintgoals("check", "--lang", "en", "-f", "json", path, SAMPLE, memory=1 << 30, limit=60)
    assert process.returncode == 2
    (message,) = error_lines(process.stderr)
    assert message.startswith(f"lintgoals: {path}:2: ") and f"more than {MAX_YAML_VALUES:,} values" in message
    assert SAMPLE_FINDINGS in sample_findings(json.loads(process.stdout), SAMPLE.name)


def test_a_span_that_is_not_two_points_in_time_is_refused_not_an_internal_error(
    tmp_path: Path, model_text: str
) -> None:
    # [[2019]]: DatePoint(2019) raised TypeError, an "internal error".
    path, line = document(tmp_path, model_text, "model.json", '"span": null', '"span": [[2019]]')
    result = run_cli("check", "--lang", "en", path, SAMPLE)
    assert result.exit_code == 2
    (message,) = error_lines(result.stderr)
    assert message.startswith(f"lintgoals: {path}:{line}: ") and "(LG002)" in message


def test_the_annotated_workbook_copies_a_file_whose_name_is_not_utf8(tmp_path: Path) -> None:
    folder = odd_folder(tmp_path)
    marked = tmp_path / "marked.xlsx"
    assert run_cli("check", folder, "--annotate", marked).exit_code == 1
    workbook = load_workbook(marked)
    copies = [
        sheet
        for sheet in workbook.worksheets
        if any("驻京联络处本级" == cell for row in sheet.iter_rows(values_only=True) for cell in row)
    ]
    assert len(copies) == 2  # plain.tsv and the one named in no UTF-8, both copied


def test_an_amount_of_forty_digits_in_a_table_is_no_amount(tmp_path: Path) -> None:
    """A table (not only a model document): 40 digits in 总计 crashed the sum check
    (InvalidOperation); now it is an LG005 at its cell, and the rest is checked."""
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    cells = lines[8].split("\t")
    cells[2] = "1" * 40 + ".00"
    lines[8] = "\t".join(cells)
    table = tmp_path / "huge.tsv"
    table.write_text("\n".join(lines), encoding="utf-8")
    result = run_cli("check", table, "-f", "json")
    assert result.exit_code == 1 and "internal error" not in result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert ("LG005", 9) in {(finding["code"], finding["line"]) for finding in findings}
    assert any(finding["code"] == "LG302" for finding in findings)
