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

ACCEPTED = ".xlsx,.xlsm,.xls,.ods,.csv,.tsv,.txt,.pdf"

WORDS = {
    "zh": {
        "title": "绩效目标表检查", "heading": "绩效目标表检查",
        "intro": "选择或拖入本单位的绩效目标表（Excel、WPS 另存的 xlsx/xls、ods、csv、tsv、txt，或导出的 PDF），检查财政部门审核时会退回的问题。",
        "promise": "文件只用于本次检查，检查完即删除，服务器不保存任何内容。",
        "limit": "每次最多上传 {mb} MB。",
        "drop": "把表格拖到这里，或点击选择文件", "choose": "选择文件（可多选）",
        "check": "开始检查", "other_lang": "English", "other_href": "?lang=en",
        "downloads": "下载", "download_xlsx": "下载标注后的工作簿", "download_html": "下载检查报告（网页）",
        "no_script": "检查结果将以网页报告的形式打开。",
        "footer": "lintgoals {version} · 接口说明见 /docs",
        # used by the script
        "chosen": "已选择：{names}", "list_sep": "、", "checking": "正在检查……",
        "choose_first": "请先选择要检查的表格。", "deleted": "检查完成，上传的文件已删除。",
        "preparing": "正在生成……", "offline": "无法连接检查服务，请稍后再试。",
        "too_large": "文件太大，超过了服务允许的上限。", "busy": "检查服务正忙，请稍后再试。",
        "refused": "无法检查：{detail}",
        "verdict_errors": "{errors} 个错误须修改后再提交", "verdict_and_warnings": "，{warnings} 个警告建议修改",
        "verdict_warnings": "没有必须修改的错误；{warnings} 个警告建议修改后再提交",
        "verdict_clean": "未发现问题，可以提交。", "verdict_unreadable": "有文件无法读取，请按下方说明处理后重新检查。",
        "severities": {"error": "错误", "warning": "警告", "info": "提示"},
        "sheet_cell": "{sheet}!{cell}", "cell": "单元格 {cell}", "line": "第 {line} 行",
        "cell_header": "{place}（{header}）", "line_header": "第 {line} 行·{header}",
        "indicator": "指标：{name}", "current": "现填写：{text}", "why": "为什么？怎么改？",
        "counts": "{units} 个单位，{projects} 个项目，{indicators} 个指标", "file_clean": "这个文件未发现问题。",
        "xlsx_name": "检查结果-标注.xlsx", "html_name": "检查报告.html",
    },
    "en": {
        "title": "Performance target table check", "heading": "Performance target table check",
        "intro": "Choose or drop your performance target tables (xlsx, xls, ods, csv, tsv, txt, or PDF as "
                 "exported) to find what a "
                 "finance bureau's review would send back.",
        "promise": "Your files are used for this check only and deleted when it is done; nothing is kept.",
        "limit": "Up to {mb} MB at a time.",
        "drop": "Drop tables here, or click to choose", "choose": "Choose files (several at once if you like)",
        "check": "Check", "other_lang": "中文", "other_href": "?lang=zh",
        "downloads": "Downloads", "download_xlsx": "Download the marked workbook",
        "download_html": "Download the report (web page)",
        "no_script": "The result opens as a web page report.",
        "footer": "lintgoals {version} · the API is described at /docs",
        "chosen": "Chosen: {names}", "list_sep": ", ", "checking": "Checking…",
        "choose_first": "Choose the tables to check first.", "deleted": "Checked; the uploaded files are deleted.",
        "preparing": "Preparing…", "offline": "The checking service cannot be reached; try again later.",
        "too_large": "The files are too large for this service.", "busy": "The service is busy; try again shortly.",
        "refused": "Cannot check: {detail}",
        "verdict_errors": "To fix before submitting: {errors} errors",
        "verdict_and_warnings": "; worth fixing: {warnings} warnings",
        "verdict_warnings": "No errors; worth fixing before submitting: {warnings} warnings",
        "verdict_clean": "No problems found: ready to submit.",
        "verdict_unreadable": "A file could not be read: see below, then check again.",
        "severities": {"error": "error", "warning": "warning", "info": "info"},
        "sheet_cell": "{sheet}!{cell}", "cell": "cell {cell}", "line": "line {line}",
        "cell_header": "{place} ({header})", "line_header": "line {line} · {header}",
        "indicator": "indicator: {name}", "current": "now: {text}", "why": "Why, and how to fix",
        "counts": "{units} units, {projects} projects, {indicators} indicators", "file_clean": "No problems in this file.",
        "xlsx_name": "findings-marked.xlsx", "html_name": "report.html",
    },
}


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
    return {**WORDS[lang], "lang": lang, "frameworks": scope["frameworks"], "skipped": scope["skipped"],
            "skipped_empty": scope["skipped_empty"], "field_sep": scope["field_sep"], "code_sep": scope["code_sep"],
            "fields": {name: labels[lang] for name, labels in TABLE_FIELDS.items()}}


def page(lang: str, version: str, max_upload_mb: int) -> str:
    words = WORDS[lang]
    data = json.dumps(script_words(lang), ensure_ascii=False).replace("</", "<\\/")

    def text(key: str) -> str:
        return escape(str(words[key]))

    return f"""<!DOCTYPE html>
<html lang="{'en' if lang == 'en' else 'zh-CN'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{text("title")}</title>
<link rel="stylesheet" href="assets/page.css">
</head>
<body>
<main>
<header class="top"><h1>{text("heading")}</h1>
<nav class="lang"><a href="{text("other_href")}" hreflang="{'zh' if lang == 'en' else 'en'}">{text("other_lang")}</a></nav>
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
