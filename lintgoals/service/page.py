"""The page a budget officer opens: choose or drop tables, see what to fix.

Chinese first, English with ?lang=en. The page loads nothing from outside the
service: its style and script come from the service itself (assets/), its words
are in the page as data. Without the script, the form posts the tables and the
HTML report comes back.
"""

from __future__ import annotations

import json
from functools import cache
from html import escape
from importlib import resources

from lintgoals.model import TABLE_FIELDS
from lintgoals.reporters.common import scope_words
from lintgoals.words import catalog

ACCEPTED = ".xlsx,.xlsm,.xls,.ods,.csv,.tsv,.txt,.pdf"


def language(requested: str | None) -> str:
    return "en" if requested == "en" else "zh"


@cache
def asset(name: str) -> bytes:
    """A file of the page (its script or style), as shipped in the package."""
    return resources.files("lintgoals.service").joinpath("assets", name).read_bytes()


def script_words(lang: str) -> dict[str, object]:
    """What the page's script says, in the page's language, with the report's own
    wording of frameworks and skipped rules (one source for every report)."""
    scope = scope_words(lang)
    return {
        **catalog(lang).service,
        "lang": lang,
        "frameworks": scope["frameworks"],
        "skipped": scope["skipped"],
        "skipped_empty": scope["skipped_empty"],
        "field_sep": scope["field_sep"],
        "code_sep": scope["code_sep"],
        "fields": {name: labels[lang] for name, labels in TABLE_FIELDS.items()},
    }


def page(lang: str, version: str, max_upload_mb: int) -> str:
    words = catalog(lang).service
    data = json.dumps(script_words(lang), ensure_ascii=False).replace("</", "<\\/")

    def text(key: str) -> str:
        return escape(str(words[key]))

    return f"""<!DOCTYPE html>
<html lang="{"en" if lang == "en" else "zh-CN"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{text("title")}</title>
<link rel="stylesheet" href="assets/page.css">
</head>
<body>
<main>
<header class="top"><h1>{text("heading")}</h1>
<nav class="lang"><a href="{text("other_href")}" hreflang="{"zh" if lang == "en" else "en"}">{text("other_lang")}</a></nav>
</header>
<p>{text("intro")}</p>
<p class="promise" role="note">{text("promise")} {escape(str(words["limit"]).format(mb=max_upload_mb))}</p>
<form id="check-form" method="post" action="api/v1/check" enctype="multipart/form-data">
<input type="hidden" name="format" value="html">
<input type="hidden" name="lang" value="{lang}">
<label class="drop" id="drop" for="file"><strong>{text("drop")}</strong>
<span class="sr-only">{text("choose")}</span>
<input type="file" id="file" name="file" multiple required accept="{ACCEPTED}" aria-describedby="chosen">
</label>
<p class="chosen" id="chosen" aria-live="polite"></p>
<div class="actions"><button type="submit" class="primary" id="submit">{text("check")}</button></div>
<noscript><p class="note">{text("no_script")}</p></noscript>
</form>
<p class="status" id="status" role="status" aria-live="polite"></p>
<div id="downloads" class="downloads actions" hidden>
<button type="button" id="download-xlsx">{text("download_xlsx")}</button>
<button type="button" id="download-html">{text("download_html")}</button>
</div>
<section id="results" class="results" hidden aria-label="{text("heading")}"></section>
<footer>{escape(words["footer"].format(version=version))}</footer>
</main>
<script type="application/json" id="words">{data}</script>
<script src="assets/page.js"></script>
</body>
</html>
"""
