"""The catalogs of the words lintgoals shows people (lintgoals/words/): every
language has every word the other has, each with the same placeholders, so no
surface falls back to another language or prints a {placeholder} unfilled."""

from __future__ import annotations

import dataclasses
import string
from typing import Any

import pytest

from lintgoals.reporters import html as html_report
from lintgoals.reporters import text as text_report
from lintgoals.reporters import xlsx as xlsx_report
from lintgoals.words import LANGUAGES, catalog

# Where the languages differ on purpose: the page's language tag, the link to the other language.
OWN = {("html", "html_lang"), ("service", "other_lang"), ("service", "other_href"), ("lang",), ("text", "lang")}


def leaves(value: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    """Every string in a catalog by its path (field, key, index), with the keys of each
    mapping and the length of each tuple."""
    if dataclasses.is_dataclass(value):
        found: dict[tuple[str, ...], Any] = {}
        for item in dataclasses.fields(value):
            found |= leaves(getattr(value, item.name), (*path, item.name))
        return found
    if isinstance(value, dict):
        found = {(*path, "#keys"): sorted(value)}
        for key, item in value.items():
            found |= leaves(item, (*path, str(key)))
        return found
    if isinstance(value, tuple):
        found = {(*path, "#length"): len(value)}
        for index, item in enumerate(value):
            found |= leaves(item, (*path, str(index)))
        return found
    return {path: value}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


CATALOGS = {lang: leaves(catalog(lang)) for lang in LANGUAGES}


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_every_language_has_every_word_with_its_placeholders(lang: str) -> None:
    chinese, other = CATALOGS["zh"], CATALOGS[lang]
    assert sorted(other) == sorted(chinese)
    for path, text in chinese.items():
        if isinstance(text, str) and path not in OWN:
            assert placeholders(other[path]) == placeholders(text), path
        elif path[-1] in ("#keys", "#length"):
            assert other[path] == text, path


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_words_are_in_their_language(lang: str) -> None:
    texts = [text for path, text in CATALOGS[lang].items() if isinstance(text, str) and path not in OWN]
    has_chinese = [text for text in texts if any("\u4e00" <= char <= "\u9fff" for char in text)]
    if lang == "en":  # an English report shows no Chinese of its own (a table's words are the table's)
        assert has_chinese == []
    else:
        assert len(has_chinese) > len(texts) / 2


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_report_types_its_words_from_every_catalog(lang: str) -> None:
    # A missing or unknown key fails here, not in the middle of writing a report.
    assert html_report.words_for(lang).html_lang and text_report.words_for(lang).lang
    assert xlsx_report.words_for(lang).sheet


def test_an_unknown_language_gets_the_chinese_catalog() -> None:
    assert catalog("fr") is catalog("zh")
