"""The real-table corpus (tests/corpus): every key holds.

- Each table is read (no LG001/LG002) into the shape its key gives.
- Nothing a key says must stay quiet fires (`never`, `never_at`): no false alarms.
- Every defect a key lists that lintgoals found once is still found: the
  record of what is found (tests/corpus/found.json) only grows. A `must` keyed
  "?" (no rule covers it yet) is never expected.

After an improvement, record what is found now with
`LINTGOALS_UPDATE_CORPUS=1 pytest tests/test_corpus.py` and read the diff.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent / "corpus"
sys.path.insert(0, str(CORPUS))

from build import CORPUS as BUILT
from build import build, entries
from score import Score, corpus_linter, score_table

FOUND = CORPUS / "found.json"
ENTRIES = entries()


@pytest.fixture(scope="module")
def scores() -> dict[str, Score]:
    linter = corpus_linter()
    return {path.stem: score_table(linter, BUILT / entry["file"], entry) for path, entry in ENTRIES}


@pytest.fixture(scope="module")
def recorded(scores: dict[str, Score]) -> dict[str, list]:
    if os.environ.get("LINTGOALS_UPDATE_CORPUS"):
        found = {name: sorted(score.found, key=json.dumps) for name, score in sorted(scores.items())}
        FOUND.write_text(json.dumps(found, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return json.loads(FOUND.read_text(encoding="utf-8"))


def names() -> list[str]:
    return [path.stem for path, _ in ENTRIES]


def test_the_corpus_is_real_and_varied() -> None:
    places = {entry["place"] for _, entry in ENTRIES}
    templates = {entry["template"] for _, entry in ENTRIES}
    assert len(ENTRIES) >= 30 and len(places) >= 10 and len(templates) >= 12
    assert all(entry["source"].startswith("http") for _, entry in ENTRIES)


@pytest.mark.parametrize("name", names())
def test_table_is_read_into_its_shape(scores: dict[str, Score], name: str) -> None:
    score = scores[name]
    assert score.read, f"{name} was not read"
    expected = score.entry["key"]["shape"]
    assert score.shape_right, f"{name}: key {expected}, read {score.shape}"


@pytest.mark.parametrize("name", names())
def test_nothing_fires_that_must_stay_quiet(scores: dict[str, Score], name: str) -> None:
    assert [(f.code, f.location.line, f.message) for f in scores[name].false_alarms] == []


@pytest.mark.parametrize("name", names())
def test_what_was_found_is_still_found(scores: dict[str, Score], recorded: dict[str, list], name: str) -> None:
    missed = [must for must in recorded.get(name, []) if must not in scores[name].found]
    assert missed == [], f"{name} no longer finds {missed}"


def test_every_workbook_is_its_transcription(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The committed workbooks hold exactly the cells their YAML transcriptions give."""
    import build as builder
    from openpyxl import load_workbook

    monkeypatch.setattr(builder, "CORPUS", tmp_path)
    for fresh in build([]):
        committed = load_workbook(BUILT / fresh.name)
        rebuilt = load_workbook(fresh)
        for sheet in rebuilt.worksheets:
            cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
            assert cells == [[cell.value for cell in row] for row in committed[sheet.title].iter_rows()], fresh.name
