"""Property and fuzz tests: the value parser, the readers, the model and the whole
linter never raise anything but their own errors, on any input.

Two hypothesis profiles: "ci" (the default) keeps this file under a minute on a
two-core machine; "long" (LINTGOALS_FUZZ=long, what fuzz/run.py sets) runs
until stopped. A crash found either way becomes a regular test in
test_robustness.py with the input that caused it.
"""

from __future__ import annotations

import os
import random
import zipfile
from io import BytesIO
from pathlib import Path

import hostile_files as hostile
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lintgoals.api import make_linter
from lintgoals.config import Config
from lintgoals.document_json import document_json, read_document
from lintgoals.model import Document
from lintgoals.readers import ReadError, read
from lintgoals.values import parse_value
from lintgoals.yamlfile import ConfigError, safe_load

pytestmark = pytest.mark.slow

# calamine panics on some damaged workbooks (lintgoals turns that into LG001); a Rust
# backtrace for each costs seconds of symbol lookup and says nothing here.
os.environ["RUST_BACKTRACE"] = "0"

settings.register_profile(
    "ci",
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "long",
    max_examples=1_000_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("LINTGOALS_FUZZ", "ci"))

# .xls too: damaged ones that make calamine allocate without bound (its
# compound-file reader trusts sector counts) are read in a child with bounded memory.
EXAMPLES = sorted(
    path for path in hostile.EXAMPLES.rglob("*") if path.suffix in (".tsv", ".xlsx", ".xls", ".ods") and path.is_file()
)
LINTER = make_linter(Config())

# Text that looks like what a table holds: indicator words, numbers, units, operators, separators.
VALUE_PIECES = st.sampled_from(
    [
        "95",
        "３",
        "两",
        "十五",
        "百分之",
        "%",
        "％",
        "以上",
        "≥",
        "不低于",
        "左右",
        "约",
        "余",
        "-",
        "~",
        "至",
        "次",
        "万元",
        "个工作日",
        "符合",
        "满意",
        "1,200",
        ".5",
        "第",
        "①",
        "（",
        "）",
        "\t",
        "\n",
        " ",
        "G20",
        "亿",
        "0",
        "9" * 40,
    ]
)
VALUE_TEXT = st.one_of(st.text(max_size=80), st.lists(VALUE_PIECES, max_size=20).map("".join))


@given(VALUE_TEXT)
def test_value_parser_never_raises_and_keeps_its_promises(text: str) -> None:
    value = parse_value(text)
    assert value.qualitative == (not value.numbers)
    assert value.is_range == (len(value.numbers) == 2)
    assert value.text == text.strip()


def lint_bytes(tmp_path: Path, name: str, data: bytes) -> None:
    """Lint a file made of `data`: it may be refused (ReadError), never anything else."""
    path = tmp_path / name
    path.write_bytes(data)
    result = LINTER.lint_file(path)
    assert result.details is None, result.details  # an internal error: a bug to turn into a regular test


def mutate(data: bytes, seed: int, edits: int) -> bytes:
    """Damage as transfers and editors do it: bytes flipped, cut, duplicated, dropped, inserted."""
    rng = random.Random(seed)
    buffer = bytearray(data)
    for _ in range(edits):
        if not buffer:
            break
        at = rng.randrange(len(buffer))
        match rng.randrange(6):
            case 0:
                buffer[at] = rng.randrange(256)
            case 1:
                del buffer[at : at + rng.randrange(1, 64)]
            case 2:
                buffer[at:at] = buffer[at : at + rng.randrange(1, 64)]
            case 3:
                buffer[at:at] = rng.choice(
                    [b"\x00", b"\xff", b'"', b"\t" * 50, b"\r", "指标".encode("gbk"), b"\xe6\x8c", b"\n\n"]
                )
            case 4:
                del buffer[at:]
            case _:
                buffer[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 16)))
    return bytes(buffer)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
@given(seed=st.integers(0, 2**32), edits=st.integers(1, 12))
def test_damaged_examples_are_linted_or_refused(tmp_path: Path, example: Path, seed: int, edits: int) -> None:
    lint_bytes(tmp_path, "damaged" + example.suffix, mutate(example.read_bytes(), seed, edits))


@given(seed=st.integers(0, 2**32), edits=st.integers(1, 6))
def test_damaged_zip_members_are_linted_or_refused(tmp_path: Path, seed: int, edits: int) -> None:
    """Damage inside the workbook's XML (the zip itself stays whole), where calamine parses."""
    rng = random.Random(seed)
    with zipfile.ZipFile(hostile.WORKBOOK) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    victim = rng.choice(sorted(name for name in members if name.endswith((".xml", ".rels"))))
    members[victim] = mutate(members[victim], seed, edits)
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            out.writestr(name, data)
    lint_bytes(tmp_path, "damaged.xlsx", buffer.getvalue())


CELL = st.one_of(
    VALUE_TEXT,
    st.sampled_from(
        [
            "产出指标",
            "效益指标",
            "满意度指标",
            "239001",
            "总计",
            "631580.00",
            "单位编码",
            "明细指标",
            "指标值",
            "一级指标",
            '"',
            "",
        ]
    ),
)


@given(st.lists(st.lists(CELL, max_size=16), max_size=40), st.sampled_from(["\t", ",", ";"]))
def test_any_grid_of_cells_is_linted_or_refused(tmp_path: Path, rows: list[list[str]], delimiter: str) -> None:
    header = hostile.sample_bytes().split(b"\n")[:6]
    body = "\n".join(delimiter.join(row) for row in rows).encode("utf-8")
    lint_bytes(tmp_path, "grid.tsv", b"\n".join([*header, body]))


def sample_model() -> dict:
    document, issues = LINTER.model(hostile.SAMPLE)
    assert isinstance(document, Document)
    return document_json(document, issues)


JSON_LEAF = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20))


@given(st.data())
def test_damaged_model_documents_are_read_or_refused(tmp_path: Path, data: st.DataObject) -> None:
    """A model document with one value anywhere in it replaced: read back, or LG001/LG002."""
    document = sample_model()
    node, parent, key = document, None, None
    for _ in range(data.draw(st.integers(1, 8))):
        children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        if not children:
            break
        key, child = data.draw(st.sampled_from(children))
        parent = node
        if not isinstance(child, (dict, list)):
            break
        node = child
    if parent is not None:
        parent[key] = data.draw(
            st.one_of(
                JSON_LEAF, st.lists(JSON_LEAF, max_size=3), st.dictionaries(st.text(max_size=5), JSON_LEAF, max_size=3)
            )
        )
    import json

    path = tmp_path / "model.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    try:
        read_document(path)
    except ReadError:
        pass
    lint_bytes(tmp_path, "model.json", path.read_bytes())


@given(st.text(max_size=300))
def test_any_yaml_text_loads_or_is_a_yaml_error(text: str) -> None:
    import yaml

    try:
        safe_load(text)
    except yaml.YAMLError:
        pass


@given(
    st.lists(
        st.sampled_from(list("abc{}[]:-&*!|> \n'\"#,") + ["pack", "rules", "code", "check", "extends", "params"]),
        max_size=80,
    ).map("".join)
)
def test_any_rule_pack_loads_or_is_a_config_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        make_linter(Config(extends=[str(path)]))
    except ConfigError as error:
        assert "\n" not in str(error).strip()


def test_readers_refuse_nothing_silently(tmp_path: Path) -> None:
    """The readers' own errors are ReadError; the sample reads."""
    assert read(hostile.SAMPLE).sheets
    with pytest.raises(ReadError):
        read(Path(tmp_path / "missing.tsv"))
