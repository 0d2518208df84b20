"""Rule packs given with `--rules`: a mistake in one is a single stderr line
naming the pack file and the line to fix (exit 2, no traceback); one-word
entries and refinements change the core rules as a bureau expects."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import SAMPLE, check_json, codes_and_lines, findings_of, run_cli, stderr_lines

EXIT_ERROR = 2

# A valid pack: core plus one rule. Each case below breaks exactly one of its lines.
CUSTOM_PACK = [
    "pack: custom",  # 1
    "extends: core",  # 2
    "rules:",  # 3
    "  - code: LG901",  # 4
    "    name: vague-words-again",  # 5
    "    target: indicator",  # 6
    "    severity: warning",  # 7
    "    check: not_pattern",  # 8
    "    options: {field: value, words: [按实际]}",  # 9
    "    when: {category: output}",  # 10
    '    message: {zh: "指标值“{value}”含“{match}”", en: "{value} contains {match}"}',  # 11
]


@pytest.fixture(scope="module")
def sample_findings() -> list[tuple[str, int | None]]:
    return findings_of(SAMPLE)


def write_pack(folder: Path, name: str, lines: list[str]) -> Path:
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def custom_pack(folder: Path, name: str, changes: dict[int, str]) -> Path:
    """CUSTOM_PACK with the given 1-based lines replaced."""
    lines = list(CUSTOM_PACK)
    for number, text in changes.items():
        lines[number - 1] = text
    return write_pack(folder, name, lines)


def pack_error(pack: Path) -> str:
    """Lint the sample with `pack`; it must be refused with one stderr line and no traceback."""
    result = run_cli("check", "--rules", pack, SAMPLE)
    assert result.exit_code == EXIT_ERROR, result.output
    assert "Traceback" not in result.stderr
    assert result.stdout == ""  # nothing is linted with a broken pack
    lines = stderr_lines(result)
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_the_custom_pack_is_valid(tmp_path, sample_findings):
    pack = custom_pack(tmp_path, "custom.yaml", {})
    result, report = check_json("--rules", pack, SAMPLE)
    assert result.exit_code == 1
    assert [(c, line) for c, line in codes_and_lines(report) if c == "LG901"] == [
        ("LG901", 20),
        ("LG901", 60),
        ("LG901", 74),
    ]
    assert [(c, line) for c, line in codes_and_lines(report) if c != "LG901"] == sample_findings


INVALID_RULES = {
    # case: (lines replaced, line the error must name, words it must name)
    "unknown key in a rule": ({11: "    mesage: {zh: 指标有问题}"}, 11, ["mesage"]),
    "unknown check": ({8: "    check: sum_equal"}, 8, ["sum_equal"]),
    "unknown option": ({9: "    options: {field: value, words: [按实际], word: 而定}"}, 9, ["'word'"]),
    "option of the wrong type": ({9: "    options: {field: value, words: 按实际}"}, 9, ["words"]),
    "number option of the wrong type": (
        {
            8: "    check: number_at_least",
            9: "    options: {field: value, min: [95]}",
            11: '    message: {zh: "低于 {min}"}',
        },
        9,
        ["min"],
    ),
    "unknown field in options": ({9: "    options: {field: valeu, words: [按实际]}"}, 9, ["valeu"]),
    "unknown field in when": ({10: "    when: {categroy: output}"}, 10, ["categroy"]),
    "unknown operator in when": ({10: "    when: {category: {equal: output}}"}, 10, ["equal"]),
    "unknown placeholder": ({11: '    message: {zh: "指标值“{valeu}”"}'}, 11, ["valeu"]),
    "invalid regex": ({9: '    options: {field: value, pattern: "([a-z"}'}, 9, ["([a-z"]),
    "invalid YAML": ({7: "    severity: warning: loud"}, 7, ["YAML"]),
    "unknown severity": ({7: "    severity: fatal"}, 7, ["fatal"]),
    "bad rule name": ({5: "    name: Vague Words"}, 5, ["Vague Words"]),
    "bad target": ({6: "    target: indicators"}, 6, ["indicators"]),
    "missing message": ({11: ""}, 4, ["LG901", "message"]),
}


@pytest.mark.parametrize(("changes", "line", "words"), INVALID_RULES.values(), ids=INVALID_RULES.keys())
def test_invalid_rule_names_pack_and_line(tmp_path, changes, line, words):
    pack = custom_pack(tmp_path, "bureau-rules.yaml", changes)
    message = pack_error(pack)
    assert f"bureau-rules.yaml:{line}:" in message
    for word in words:
        assert word in message


def test_misspelt_required_option_is_named(tmp_path):
    pack = custom_pack(
        tmp_path,
        "bureau-rules.yaml",
        {
            8: "    check: number_at_least",
            9: "    options: {field: value, mn: 95}",
            11: '    message: {zh: "低于 {min}"}',
        },
    )
    message = pack_error(pack)
    assert "bureau-rules.yaml:9:" in message and "'mn'" in message


def test_number_option_that_is_not_a_number(tmp_path):
    pack = custom_pack(
        tmp_path,
        "bureau-rules.yaml",
        {
            8: "    check: number_at_least",
            9: '    options: {field: value, min: "x"}',
            11: '    message: {zh: "低于 {min}"}',
        },
    )
    message = pack_error(pack)
    assert "bureau-rules.yaml:9:" in message and "min" in message


# ── extends ─────────────────────────────────────────────────────────────────


def test_extends_a_missing_pack(tmp_path):
    pack = write_pack(tmp_path, "bureau-rules.yaml", ["pack: bureau", "extends: [core, ./shared-rules.yaml]"])
    message = pack_error(pack)
    assert "shared-rules.yaml" in message and "not found" in message


def test_extends_a_missing_pack_names_the_extending_pack_and_line(tmp_path):
    pack = write_pack(tmp_path, "bureau-rules.yaml", ["pack: bureau", "extends: [core, ./shared-rules.yaml]"])
    assert "bureau-rules.yaml:2:" in pack_error(pack)


def test_extends_a_missing_shipped_pack(tmp_path):
    pack = write_pack(tmp_path, "bureau-rules.yaml", ["pack: bureau", "extends: cor"])
    message = pack_error(pack)
    assert "cor" in message and "core" in message  # the shipped packs are listed


def test_extends_cycle(tmp_path):
    write_pack(tmp_path, "first.yaml", ["pack: first", "extends: second.yaml"])
    write_pack(tmp_path, "second.yaml", ["pack: second", "extends: first.yaml"])
    message = pack_error(tmp_path / "first.yaml")
    assert "cycle" in message and "first.yaml" in message and "second.yaml" in message


def test_extends_cycle_names_the_line(tmp_path):
    write_pack(tmp_path, "first.yaml", ["pack: first", "extends: second.yaml"])
    write_pack(tmp_path, "second.yaml", ["pack: second", "extends: first.yaml"])
    assert "second.yaml:2:" in pack_error(tmp_path / "first.yaml")


def test_pack_paths_are_relative_to_the_current_folder(tmp_path, monkeypatch):
    (tmp_path / "packs").mkdir()
    write_pack(tmp_path / "packs", "base.yaml", ["pack: base", "extends: core", "rules:", "  - LG303: off"])
    write_pack(tmp_path / "packs", "bureau.yaml", ["pack: bureau", "extends: base.yaml"])  # beside itself
    monkeypatch.chdir(tmp_path)
    result, report = check_json("--rules", "packs/bureau.yaml", SAMPLE)
    assert result.exit_code == 1
    assert "LG303" not in {code for code, _ in codes_and_lines(report)}


# ── one-word entries and refinements ────────────────────────────────────────


def test_one_word_entry_for_an_unknown_code(tmp_path):
    pack = write_pack(
        tmp_path, "bureau-rules.yaml", ["pack: bureau", "extends: core", "rules:", "  - LG303: off", "  - LG399: off"]
    )
    message = pack_error(pack)
    assert "bureau-rules.yaml:5:" in message and "LG399" in message


def test_one_word_entry_without_a_parent(tmp_path):
    pack = write_pack(tmp_path, "bureau-rules.yaml", ["pack: bureau", "rules:", "  - LG303: off"])
    assert "bureau-rules.yaml:3:" in pack_error(pack)


def test_one_word_entry_with_a_bad_severity(tmp_path):
    pack = write_pack(tmp_path, "bureau-rules.yaml", ["pack: bureau", "extends: core", "rules:", "  - LG303: loud"])
    message = pack_error(pack)
    assert "bureau-rules.yaml:4:" in message and "loud" in message


def test_one_word_off_switches_a_rule_off(tmp_path, sample_findings):
    pack = write_pack(tmp_path, "quiet.yaml", ["pack: quiet", "extends: core", "rules:", "  - LG303: off"])
    result, report = check_json("--rules", pack, SAMPLE)
    found = codes_and_lines(report)
    assert "LG303" not in {code for code, _ in found}
    # Every other finding stays; what LG303 superseded on its cells (LG304 …) comes back.
    assert set(found) >= {(c, line) for c, line in sample_findings if c != "LG303"}
    assert ("LG304", 20) in found and ("LG304", 20) not in sample_findings
    assert result.exit_code == 1
    listing = run_cli("rules", "--rules", pack).stdout
    (row,) = [line for line in listing.splitlines() if "LG303" in line]
    assert " off " in row


def test_one_word_severity_changes_only_the_severity(tmp_path, sample_findings):
    pack = write_pack(tmp_path, "mild.yaml", ["pack: mild", "extends: core", "rules:", "  - LG303: info"])
    result, report = check_json("--rules", pack, SAMPLE, "--select", "LG303", "--fail-on", "warning")
    assert codes_and_lines(report) == [(c, line) for c, line in sample_findings if c == "LG303"]
    assert {f["severity"] for f in report["findings"]} == {"info"}
    assert report["summary"]["info"] == len(report["findings"]) > 0
    assert result.exit_code == 0  # info is below --fail-on warning


def test_refinement_keeps_the_rest_of_the_rule(tmp_path):
    # Only the canteen's satisfaction must reach 96%: `when` is replaced, check and message are core's.
    pack = write_pack(
        tmp_path,
        "canteen.yaml",
        [
            "pack: canteen",
            "extends: core",
            "params: {satisfaction_min: 96}",
            "rules:",
            "  - code: LG301",
            "    when: {is_satisfaction: true, name: {contains: 就餐}}",
        ],
    )
    result, report = check_json("--rules", pack, SAMPLE, "--select", "LG301")
    assert codes_and_lines(report) == [("LG301", 63)]
    (finding,) = report["findings"]
    assert finding["message"] == "满意度目标“95%以上”低于 96%"
    assert finding["severity"] == "error"
    assert result.exit_code == 1


def test_refinement_error_names_the_refining_pack(tmp_path):
    pack = write_pack(
        tmp_path,
        "canteen.yaml",
        ["pack: canteen", "extends: core", "rules:", "  - code: LG301", "    when: {is_satisfactoin: true}"],
    )
    message = pack_error(pack)
    assert "canteen.yaml:5:" in message and "is_satisfactoin" in message


def test_unknown_pack_key(tmp_path):
    pack = write_pack(tmp_path, "bureau-rules.yaml", ["pack: bureau", "extend: core"])
    message = pack_error(pack)
    assert "bureau-rules.yaml:2:" in message and "extend" in message


def test_rules_and_rule_commands_refuse_a_broken_pack_too(tmp_path):
    pack = custom_pack(tmp_path, "bureau-rules.yaml", {8: "    check: sum_equal"})
    for args in (("rules",), ("rule", "LG301")):
        result = run_cli(*args, "--rules", pack)
        assert result.exit_code == EXIT_ERROR
        assert "bureau-rules.yaml:8:" in result.stderr and "Traceback" not in result.stderr


def test_shipped_packs_and_layouts_are_valid_against_their_schemas():
    # A run trusts the shipped packs and layout profiles without validating them; this test is why it may.
    from jsonschema import Draft202012Validator

    from lintgoals.checks import CHECKS
    from lintgoals.layouts.profile import layout_schema
    from lintgoals.rules import ruleset_schema, shipped_packs_dir

    for path in sorted(shipped_packs_dir().glob("*.yaml")):
        pack = yaml.safe_load(path.read_text(encoding="utf-8"))
        Draft202012Validator(ruleset_schema()).validate(pack)
        params = pack.get("params") or {}
        for rule in pack["rules"]:
            if "options" in rule:
                options = {
                    key: params[value[8:-1]] if isinstance(value, str) and value.startswith("{params.") else value
                    for key, value in rule["options"].items()
                }
                Draft202012Validator(CHECKS[rule["check"]].options).validate(options)
    profiles = Path(__file__).resolve().parent.parent / "lintgoals" / "layouts" / "profiles"
    for path in sorted(profiles.glob("*.yaml")):
        Draft202012Validator(layout_schema()).validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("pack", ["core", "mof-2021"])
def test_every_shipped_rule_has_a_title_in_both_languages(pack):
    """Reports show a rule's title, never its slug; the two languages are kept in step."""
    from lintgoals.rules import load_ruleset

    for rule in load_ruleset([pack]).rules:
        assert rule.title.get("zh") and rule.title.get("en"), f"{rule.code} has no zh and en title"
        assert rule.display_title("zh") != rule.name


def test_a_rule_without_a_title_is_called_by_its_name(tmp_path):
    from lintgoals.rules import load_ruleset

    pack = tmp_path / "own.yaml"
    pack.write_text(
        "pack: own\nrules:\n  - code: OW1\n    name: own-rule\n    target: project\n"
        "    severity: warning\n    check: flag\n    message: {zh: 有}\n",
        encoding="utf-8",
    )
    (rule,) = load_ruleset([str(pack)]).rules
    assert rule.display_title("zh") == "own-rule"
