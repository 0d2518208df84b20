"""The HTML report's stylesheet and its little script, inlined into every page
(the page must open offline, from an e-mail attachment, with no network).

The script only filters what is already on the page; without it every finding
is shown and the filter bar stays hidden, so nothing on the page is dead.
"""

from __future__ import annotations

STYLE = """
:root {
  --error: #b3261e; --error-bg: #fdecea; --warning: #8a5300; --warning-bg: #fff3d6;
  --info: #1d5fa8; --info-bg: #e6f0fb; --ok: #2e7d32; --line: #d9dce1; --muted: #5f6670;
  --head: #f3f5f8;
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body {
  margin: 0; color: #1f2328; background: #fff; line-height: 1.55; font-size: 15px;
  font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
               system-ui, -apple-system, "Segoe UI", sans-serif;
}
.page { max-width: 1240px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 0; word-break: break-all; }
h3 { font-size: 17px; margin: 22px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
.meta, .muted { color: var(--muted); }
.meta { margin: 0 0 20px; font-size: 14px; }
.hint { background: var(--head); border-radius: 6px; padding: 8px 12px; font-size: 14px; margin: 0 0 20px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 0 0 20px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 8px 16px; min-width: 96px; }
.card .n { display: block; font-size: 26px; font-weight: 600; line-height: 1.2; }
.card .label { color: var(--muted); font-size: 13px; }
.card.error .n { color: var(--error); } .card.warning .n { color: var(--warning); }
.card.info .n { color: var(--info); }
.card.zero .n { color: var(--muted); font-weight: 400; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--line); padding: 5px 8px; vertical-align: top; text-align: left; }
th { background: var(--head); font-weight: 600; font-size: 14px; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.overview { margin: 0 0 24px; font-size: 14px; }
.overview h2 { font-size: 18px; margin: 0 0 8px; }
details > summary { cursor: pointer; }
.rule-why > summary { color: var(--info); font-size: 13px; }
.rule-why p, .explain { white-space: pre-line; margin: 4px 0 2px; font-size: 13.5px; color: #30363d; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.92em; }
.badge {
  display: inline-block; border-radius: 4px; padding: 0 6px; font-size: 12.5px; font-weight: 600;
  white-space: nowrap; border: 1px solid currentColor;
}
.sev-error { color: var(--error); } .sev-warning { color: var(--warning); } .sev-info { color: var(--info); }
.badge.ok { color: var(--ok); }
#filters {
  position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid var(--line);
  padding: 10px 0; margin: 0 0 12px; display: flex; flex-wrap: wrap; gap: 8px 18px; align-items: center;
  font-size: 14px;
}
#filters label { white-space: nowrap; cursor: pointer; }
#filters select { font: inherit; padding: 2px 4px; max-width: 340px; }
#filters button { font: inherit; padding: 2px 10px; cursor: pointer; }
#shown { color: var(--muted); margin-left: auto; }
.file { border-top: 3px solid #1f2328; margin-top: 28px; padding-top: 12px; }
.file-head { display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: baseline; margin-bottom: 6px; }
.unreadable { color: var(--error); font-weight: 600; }
.clean { color: var(--ok); font-weight: 600; }
ul.findings { list-style: none; margin: 0; padding: 0; }
ul.findings > li { padding: 3px 0 5px; }
ul.findings > li + li { border-top: 1px dashed var(--line); }
.loose { margin: 4px 0 10px; }
.loose > li { padding-left: 10px !important; border-left: 4px solid var(--line); }
.loose > li.sev-error { border-left-color: var(--error); }
.loose > li.sev-warning { border-left-color: var(--warning); }
.loose > li.sev-info { border-left-color: var(--info); }
.msg { color: #1f2328; }
.where { color: var(--muted); font-size: 13px; }
details.project { border: 1px solid var(--line); border-radius: 8px; margin: 10px 0; }
details.project > summary { padding: 8px 12px; font-weight: 600; background: var(--head); border-radius: 8px; }
details.project[open] > summary { border-radius: 8px 8px 0 0; border-bottom: 1px solid var(--line); }
details.project > summary .badge { margin-left: 6px; font-weight: 600; }
details.project .body { padding: 8px 12px 12px; }
table.rows { font-size: 14px; table-layout: fixed; }
table.rows col.line { width: 3.6em; } table.rows col.cat { width: 7.5em; } table.rows col.name { width: 15%; }
table.rows col.value { width: 17%; } table.rows col.problems { width: 34%; }
table.rows td { word-break: break-word; }
table.rows th { white-space: normal; }
table.rows td.line { color: var(--muted); text-align: right; font-variant-numeric: tabular-nums; }
.attrs { color: var(--muted); font-size: 12.5px; margin-top: 2px; }
.project-name { font-weight: 600; margin-right: 16px; }
.amount { display: inline-block; margin-right: 14px; white-space: nowrap; color: #30363d; }
.project-name[class*=hit-], .amount[class*=hit-] { padding: 0 4px; outline-offset: 0; border-radius: 2px; }
.amount .label { color: var(--muted); font-size: 12.5px; margin-right: 3px; }
tr.row-error td:first-child { box-shadow: inset 4px 0 var(--error); }
tr.row-warning td:first-child { box-shadow: inset 4px 0 var(--warning); }
tr.row-info td:first-child { box-shadow: inset 4px 0 var(--info); }
.hit-error { background: var(--error-bg); outline: 2px solid var(--error); outline-offset: -2px; }
.hit-warning { background: var(--warning-bg); outline: 2px solid var(--warning); outline-offset: -2px; }
.hit-info { background: var(--info-bg); outline: 2px solid var(--info); outline-offset: -2px; }
tr.dim .hit-error, tr.dim .hit-warning, tr.dim .hit-info { background: none; outline: none; }
tr.dim td:first-child { box-shadow: none; }
.code-link { cursor: default; }
.js .code-link { cursor: pointer; text-decoration: underline dotted; }
.by-code td:nth-child(5) { font-size: 13.5px; }
footer { margin-top: 40px; color: var(--muted); font-size: 13px; }
@media (max-width: 760px) {
  /* A phone: the rule names give way to what the rules check; a project's rows scroll sideways. */
  .page { padding: 14px; }
  .by-code th:nth-child(2), .by-code td:nth-child(2) { display: none; }
  .overview, details.project .body { overflow-x: auto; }
  table.rows { min-width: 680px; }
}
@page { size: A4 portrait; margin: 14mm 12mm; }
@media print {
  body { font-size: 9.5pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .page { max-width: none; padding: 0; }
  #filters, .hint, .finding .rule-why { display: none !important; }
  h1 { font-size: 16pt; } h2 { font-size: 12.5pt; } h3 { font-size: 11pt; margin-top: 10pt; }
  .card { padding: 3pt 8pt; min-width: 0; } .card .n { font-size: 14pt; }
  table.rows, .overview, .by-code { font-size: 8.5pt; }
  th, td { padding: 2pt 4pt; }
  tr, li, .card { break-inside: avoid; }
  h2, h3, details.project > summary { break-after: avoid; }
  .file { border-top-width: 2px; }
  .file + .file { break-before: page; }
  .by-code summary { list-style: none; cursor: auto; }
  .by-code summary::-webkit-details-marker { display: none; }
  details.project { border-radius: 0; }
  details.project > summary { list-style: none; }
  a { color: inherit; text-decoration: none; }
}
"""

# Filters by severity and code; groups that hold no shown finding are hidden
# while a filter is on. Before printing, the closed projects and the rule
# explanations of the summary are opened (and closed again after), so that paper
# shows every project and each rule's explanation once, not under every finding.
SCRIPT = """
(function () {
  document.documentElement.classList.add("js");
  var bar = document.getElementById("filters");
  if (!bar) { return; }
  bar.hidden = false;
  var select = document.getElementById("code-filter");
  var shown = document.getElementById("shown");
  var findings = document.querySelectorAll(".finding");
  function apply() {
    var wanted = {};
    var all = select.value === "";
    bar.querySelectorAll("input[name=severity]").forEach(function (box) {
      wanted[box.value] = box.checked;
      all = all && box.checked;
    });
    var count = 0;
    findings.forEach(function (item) {
      var on = wanted[item.dataset.severity] && (select.value === "" || item.dataset.code === select.value);
      item.hidden = !on;
      if (on) { count += 1; }
    });
    document.querySelectorAll("tr.hit").forEach(function (row) {
      row.classList.toggle("dim", !row.querySelector(".finding:not([hidden])"));
    });
    document.querySelectorAll("[data-group]").forEach(function (group) {
      group.hidden = !all && !group.querySelector(".finding:not([hidden])");
    });
    shown.textContent = shown.dataset.template.replace("{shown}", count).replace("{total}", findings.length);
  }
  bar.addEventListener("change", apply);
  document.getElementById("clear-filters").addEventListener("click", function () {
    bar.querySelectorAll("input[name=severity]").forEach(function (box) { box.checked = true; });
    select.value = "";
    apply();
  });
  document.querySelectorAll(".code-link").forEach(function (link) {
    link.addEventListener("click", function () {
      select.value = link.dataset.code;
      apply();
      bar.scrollIntoView();
    });
  });
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.project:not([open]), .by-code details:not([open])")
      .forEach(function (d) { d.open = true; opened.push(d); });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
  apply();
})();
"""
