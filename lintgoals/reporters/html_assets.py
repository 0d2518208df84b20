"""The HTML report's stylesheet and its little script, inlined into every page
(the page must open offline, from an e-mail attachment, with no network).

The script only filters what is already on the page and prints; without it
every finding is shown, the filter bar and the print button stay hidden, and
nothing on the page is dead.
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
.page { max-width: 1240px; margin: 0 auto; padding: 20px 28px 64px; }
h1 { font-size: 24px; margin: 0 0 10px; }
h2 { font-size: 20px; margin: 0; word-break: break-all; }
h3 { font-size: 17px; margin: 22px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
.muted { color: var(--muted); }
.js-only { display: none; } .js .js-only { display: inline; }
.phone { display: none; }
a { color: #0b57d0; }

/* The verdict, and what was checked. */
.verdict {
  border: 1px solid var(--line); border-left: 6px solid var(--muted); border-radius: 8px;
  padding: 12px 18px; margin: 0 0 22px;
}
.verdict.fail { border-color: #e8b4b0; border-left-color: var(--error); background: #fff8f7; }
.verdict.pass { border-color: #b7d8b9; border-left-color: var(--ok); background: #f4faf4; }
.verdict .headline { font-size: 20px; font-weight: 700; margin: 0 0 6px; line-height: 1.4; }
.verdict.fail .headline { color: var(--error); } .verdict.pass .headline { color: var(--ok); }
.meanings { list-style: none; margin: 0 0 10px; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 28px; }
.meaning .badge { font-size: 14px; padding: 0 7px; }
.meaning.must { font-weight: 600; }
.meaning.zero, .meaning.zero .badge { color: var(--muted); font-weight: 400; }
.scope {
  display: grid; grid-template-columns: max-content 1fr; gap: 1px 14px; margin: 0;
  font-size: 13.5px; color: #30363d;
}
.scope dt { color: var(--muted); }
.scope dd { margin: 0; overflow-wrap: anywhere; }

/* The problems in short. */
.problems-list { margin: 0 0 22px; }
.problems-list h2 { font-size: 19px; }
.problems-list h2 .muted { font-weight: 400; font-size: 15px; }
.problems-list .note { margin: 0 0 8px; font-size: 13px; color: var(--muted); }
table.problems { font-size: 14px; }
table.problems td.sev { width: 1%; white-space: nowrap; }
table.problems td.place { width: 14.5em; }
table.problems td.indicator { width: 15em; }
table.problems td.in-file { width: 11em; overflow-wrap: anywhere; }
table.problems .context { display: block; color: var(--muted); font-size: 12.5px; }
.rule-title { font-weight: 600; margin-right: 2px; }
.more { font-size: 14px; margin: 8px 0 0; }

table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--line); padding: 5px 8px; vertical-align: top; text-align: left; }
th { background: var(--head); font-weight: 600; font-size: 14px; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.overview { margin: 0 0 22px; font-size: 14px; }
.overview h2 { font-size: 18px; margin: 0 0 8px; }
.files-table .stamp { display: block; color: var(--muted); font-size: 12.5px; }
.files-table td:first-child a { overflow-wrap: anywhere; }
details.rules > summary { padding: 4px 0; }
details.rules > summary h2 { display: inline; margin: 0; }
details.rules[open] > summary { margin-bottom: 8px; }
details > summary { cursor: pointer; }
.rule-why > summary { color: var(--info); font-size: 13px; display: inline-block; }
.rule-why p, .explain { white-space: pre-line; margin: 4px 0 2px; font-size: 13.5px; color: #30363d; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.92em; }
.badge {
  display: inline-block; border-radius: 4px; padding: 0 6px; font-size: 12.5px; font-weight: 600;
  white-space: nowrap; border: 1px solid currentColor; line-height: 1.5;
}
.sev-error { color: var(--error); } .sev-warning { color: var(--warning); } .sev-info { color: var(--info); }
.badge.ok { color: var(--ok); }
.hint { background: var(--head); border-radius: 6px; padding: 8px 12px; font-size: 14px; margin: 0 0 4px; }
#filters {
  position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid var(--line);
  padding: 10px 0; margin: 0 0 12px; display: flex; flex-wrap: wrap; gap: 8px 18px; align-items: center;
  font-size: 14px;
}
#filters label { white-space: nowrap; cursor: pointer; }
#filters select { font: inherit; padding: 2px 4px; max-width: 340px; }
#filters button { font: inherit; padding: 2px 10px; cursor: pointer; }
#shown { color: var(--muted); margin-left: auto; }
/* A link to a file or a finding lands below the sticky filter bar, not under it. */
.file, .finding, #details, #problems { scroll-margin-top: 76px; }
.finding:target { background: #fffbe0; box-shadow: 0 0 0 2px #e0b000; border-radius: 3px; }
.file { border-top: 3px solid #1f2328; margin-top: 28px; padding-top: 12px; }
.file-head { display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: baseline; margin-bottom: 6px; }
.unreadable { color: var(--error); font-weight: 600; }
.clean { color: var(--ok); font-weight: 600; }
.unit-sum { font-size: 14px; font-weight: 400; color: var(--muted); margin-left: 8px; white-space: normal; }
.unit-sum .badge { margin-left: 4px; }
ul.findings { list-style: none; margin: 0; padding: 0; }
ul.findings > li { padding: 3px 0 5px; }
ul.findings > li + li { border-top: 1px dashed var(--line); }
.loose { margin: 4px 0 10px; }
.loose > li { padding-left: 10px !important; border-left: 4px solid var(--line); }
.loose > li.sev-error { border-left-color: var(--error); }
.loose > li.sev-warning { border-left-color: var(--warning); }
.loose > li.sev-info { border-left-color: var(--info); }
.msg { color: #1f2328; }
.where { display: block; color: var(--muted); font-size: 13px; }
.where .place { color: #30363d; }
a.next { float: right; font-size: 12.5px; margin-left: 12px; white-space: nowrap; line-height: 1.9; }
details.project { border: 1px solid var(--line); border-radius: 8px; margin: 10px 0; }
details.project > summary { padding: 8px 12px; font-weight: 600; background: var(--head); border-radius: 8px; }
details.project[open] > summary { border-radius: 8px 8px 0 0; border-bottom: 1px solid var(--line); }
details.project > summary .badge { margin-left: 6px; font-weight: 600; }
details.project .body { padding: 8px 12px 12px; }
table.rows { font-size: 14px; table-layout: fixed; }
table.rows col.line { width: 3.4em; } table.rows col.cat { width: 6.5em; } table.rows col.name { width: 15%; }
table.rows col.value { width: 17%; } table.rows col.problems { width: 31%; }
table.rows td { overflow-wrap: anywhere; }
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
.code-link { cursor: default; }
.js .code-link { cursor: pointer; text-decoration: underline dotted; }
.by-code td:nth-child(5) { font-size: 13.5px; }
footer { margin-top: 40px; color: var(--muted); font-size: 13px; }

@media (max-width: 1000px) {
  table.problems td.place { width: 10em; } table.problems td.indicator { width: 11em; }
  table.rows col.cat { width: 5.8em; } table.rows col.name { width: 16%; } table.rows col.problems { width: 29%; }
}
@media (max-width: 760px) {
  /* A phone: no table is wider than the screen. Each row of a project is a card
     (row, indicator, value, description, problem, how to fix); the problems list
     is a list; the filter bar scrolls with the page. */
  body { font-size: 15px; }
  .page { padding: 12px 12px 48px; }
  h1 { font-size: 20px; margin-bottom: 8px; }
  h2 { font-size: 17px; }
  .verdict { padding: 10px 12px; margin-bottom: 16px; }
  .verdict .headline { font-size: 17px; }
  .meanings { flex-direction: column; gap: 2px; margin-bottom: 8px; font-size: 14px; }
  .scope { font-size: 13px; gap: 0 10px; }
  .phone { display: inline; }
  table.problems, table.problems tbody { display: block; }
  table.problems thead { display: none; }
  table.problems tr {
    display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; padding: 8px 0;
    border-bottom: 1px solid var(--line);
  }
  table.problems td { display: block; border: 0; padding: 0; width: auto; }
  table.problems td.indicator, table.problems td.problem, table.problems td.in-file { grid-column: 1 / -1; }
  table.problems td.indicator { font-weight: 600; }
  table.problems td.indicator .context { display: inline-block; font-weight: 400; margin-left: 6px; }
  .files-table .layout, .files-table .count { display: none; }
  .by-code th:nth-child(3), .by-code td:nth-child(3) { display: none; }
  .by-code th, .by-code td { padding: 4px 5px; }
  #filters { position: static; gap: 6px 12px; }
  #filters select { max-width: 100%; min-width: 0; flex: 1 1 12em; }
  #shown { margin-left: 0; }
  .file, .finding, #details, #problems { scroll-margin-top: 8px; }
  details.project .body { padding: 8px; }
  table.rows, table.rows tbody { display: block; }
  table.rows thead, table.rows colgroup { display: none; }
  table.rows tr {
    display: block; border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; margin: 0 0 8px;
  }
  table.rows tr.row-error { border-left: 5px solid var(--error); }
  table.rows tr.row-warning { border-left: 5px solid var(--warning); }
  table.rows tr.row-info { border-left: 5px solid var(--info); }
  table.rows tr.dim { border-left: 1px solid var(--line); }
  /* Rows without problems: a plain list between the cards of the rows with problems. */
  table.rows tr:not(.hit), table.rows tr.dim {
    border: 0; border-bottom: 1px solid var(--line); border-radius: 0; margin: 0; padding: 6px 2px;
  }
  table.rows tr.hit:not(.dim) { margin: 8px 0; }
  table.rows td { display: block; border: 0; padding: 1px 0; }
  table.rows tr td:first-child { box-shadow: none; }
  table.rows td.line { display: inline; text-align: left; font-size: 13px; }
  table.rows td.cat { display: inline; color: var(--muted); font-size: 13px; }
  table.rows td.cat::before { content: " · "; }
  table.rows td.name { font-weight: 600; }
  table.rows td.value::before, table.rows td.description::before {
    color: var(--muted); font-size: 12.5px; font-weight: 400; margin-right: 8px;
  }
  table.rows td.description { font-size: 14px; color: #30363d; }
  table.rows tr:not(.hit) td.description { color: var(--muted); font-size: 13px; }
  table.rows td[class*=hit-] { padding: 2px 6px; margin: 2px 0; border-radius: 3px; }
  table.rows td.funding { padding-top: 2px; }
  table.rows td.problems:empty { display: none; }
  table.rows td.problems { border-top: 1px dashed var(--line); margin-top: 6px; padding-top: 6px; }
  .where { display: block; }
}
@page { size: A4 portrait; margin: 14mm 12mm; }
@media print {
  body { font-size: 9.5pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .page { max-width: none; padding: 0; }
  #filters, .hint, .finding .rule-why, a.next, .problems-list .note { display: none !important; }
  h1 { font-size: 15pt; } h2 { font-size: 12.5pt; } h3 { font-size: 11pt; margin-top: 10pt; }
  .verdict { padding: 6pt 10pt; break-inside: avoid; }
  .verdict .headline { font-size: 13pt; }
  .scope { font-size: 8.5pt; }
  table.rows, table.problems, .overview, .by-code { font-size: 8.5pt; }
  th, td { padding: 2pt 4pt; }
  tr, li { break-inside: avoid; }
  h2, h3, details.project > summary { break-after: avoid; }
  .file { border-top-width: 2px; }
  .file + .file { break-before: page; }
  details.rules > summary, .by-code summary, details.project > summary { list-style: none; cursor: auto; }
  details summary::-webkit-details-marker { display: none; }
  /* Closed parts print open (the script opens them too, for browsers without this). */
  details.project::details-content, details.rules::details-content, .by-code details::details-content {
    content-visibility: visible;
  }
  details.project { border-radius: 0; }
  a { color: inherit; text-decoration: none; }
  /* "Only the rows with problems": the button sets this class, then prints. */
  .print-problems table.rows tbody tr:not(.hit), .print-problems table.rows tr.dim,
  .print-problems details.project:not(.has-findings), .print-problems section.unit:not(.has-findings),
  .print-problems .file:not(.has-findings), .print-problems .problems-list { display: none !important; }
}
"""

# Filters by severity and code: a finding filtered out is hidden, a cell or row is
# shaded by the findings still shown, and groups that hold no shown finding are
# hidden. "Next problem" skips hidden findings; a link to a hidden finding shows
# all again. Before printing, closed projects and the rule table are opened (and
# closed again after); the print button prints only the rows with problems.
SCRIPT = """
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.project:not([open]), details.rules:not([open]), .by-code details:not([open])")
      .forEach(function (d) { d.open = true; opened.push(d); });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
    root.classList.remove("print-problems");
  });
  var bar = document.getElementById("filters");
  if (!bar) { return; }
  bar.hidden = false;
  var select = document.getElementById("code-filter");
  var shown = document.getElementById("shown");
  var findings = Array.prototype.slice.call(document.querySelectorAll(".finding"));
  var rank = { error: 3, warning: 2, info: 1 };
  var levels = ["error", "warning", "info"];
  function worstOf(items) {
    var best = "";
    items.forEach(function (item) {
      if (item && !item.hidden && (!best || rank[item.dataset.severity] > rank[best])) {
        best = item.dataset.severity;
      }
    });
    return best;
  }
  function mark(element, prefix, severity) {
    levels.forEach(function (level) { element.classList.toggle(prefix + level, level === severity); });
  }
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
    document.querySelectorAll("[data-hits]").forEach(function (element) {
      mark(element, "hit-", worstOf(element.dataset.hits.split(" ").map(function (id) {
        return document.getElementById(id);
      })));
    });
    document.querySelectorAll("tr.hit").forEach(function (row) {
      var severity = worstOf(Array.prototype.slice.call(row.querySelectorAll(".finding")));
      mark(row, "row-", severity);
      row.classList.toggle("dim", !severity);
    });
    document.querySelectorAll("tr[data-for]").forEach(function (row) {
      var finding = document.getElementById(row.dataset.for);
      row.hidden = !finding || finding.hidden;
    });
    document.querySelectorAll("[data-group]").forEach(function (group) {
      group.hidden = !all && !group.querySelector(".finding:not([hidden])");
    });
    shown.textContent = shown.dataset.template.replace("{shown}", count).replace("{total}", findings.length);
  }
  function showAll() {
    bar.querySelectorAll("input[name=severity]").forEach(function (box) { box.checked = true; });
    select.value = "";
    apply();
  }
  bar.addEventListener("change", apply);
  document.getElementById("clear-filters").addEventListener("click", showAll);
  document.querySelectorAll(".code-link").forEach(function (link) {
    link.addEventListener("click", function () {
      select.value = link.dataset.code;
      apply();
      bar.scrollIntoView();
    });
  });
  // A link to a finding: show it even if filtered out or in a closed project.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href^='#f-']");
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) { return; }
    if (link.classList.contains("next")) {
      var index = findings.indexOf(link.closest(".finding"));
      var next = findings.slice(index + 1).filter(function (item) { return !item.hidden; })[0];
      if (next) { target = next; } else { return; }
      event.preventDefault();
      location.hash = target.id;
    } else if (target.hidden) {
      showAll();
    }
    for (var parent = target.parentElement; parent; parent = parent.parentElement) {
      if (parent.tagName === "DETAILS") { parent.open = true; }
    }
  });
  document.getElementById("print-problems").addEventListener("click", function () {
    root.classList.add("print-problems");
    window.print();
  });
  apply();
})();
"""
