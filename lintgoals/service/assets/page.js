// The page's script: sends the chosen tables to /api/v1/check and shows what to fix.
// Without it the form still works: the browser posts it and the HTML report comes back.
// Every text from a table is put into the page as text, never as markup.
"use strict";
(function () {
  const words = JSON.parse(document.getElementById("words").textContent);
  const form = document.getElementById("check-form");
  const input = document.getElementById("file");
  const drop = document.getElementById("drop");
  const chosen = document.getElementById("chosen");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const downloads = document.getElementById("downloads");
  const submit = document.getElementById("submit");
  let rules = null;
  let checked = [];
  let shownVerdict = null;

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
  }

  function say(text, problem) {
    status.textContent = text;
    status.classList.toggle("problem", Boolean(problem));
  }

  function showChosen() {
    const names = Array.from(input.files).map((file) => file.name);
    chosen.textContent = names.length ? fill(words.chosen, {names: names.join(words.list_sep)}) : "";
  }

  ["dragenter", "dragover"].forEach((name) => drop.addEventListener(name, (event) => {
    event.preventDefault();
    drop.classList.add("over");
  }));
  ["dragleave", "drop"].forEach((name) => drop.addEventListener(name, (event) => {
    event.preventDefault();
    drop.classList.remove("over");
  }));
  drop.addEventListener("drop", (event) => {
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      showChosen();
    }
  });
  input.addEventListener("change", showChosen);

  function post(files, format) {
    const data = new FormData();
    files.forEach((file) => data.append("file", file, file.name));
    data.append("format", format);
    data.append("lang", words.lang);
    return fetch("api/v1/check", {method: "POST", body: data});
  }

  async function problemOf(response) {
    if (response.status === 413) return words.too_large;
    if (response.status === 503) return words.busy;
    try {
      const body = await response.json();
      if (body && body.detail) return fill(words.refused, {detail: typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail)});
    } catch (error) { /* not JSON: say the status */ }
    return fill(words.refused, {detail: response.status});
  }

  async function loadRules() {
    if (rules) return rules;
    try {
      const response = await fetch("api/v1/rules?lang=" + encodeURIComponent(words.lang));
      const list = response.ok ? await response.json() : [];
      rules = Object.fromEntries(list.map((rule) => [rule.code, rule]));
    } catch (error) {
      rules = {};
    }
    return rules;
  }

  function columnLetters(column) {
    let letters = "";
    while (column > 0) {
      const remainder = (column - 1) % 26;
      letters = String.fromCharCode(65 + remainder) + letters;
      column = Math.floor((column - 1) / 26);
    }
    return letters;
  }

  // Where a finding is, as the table's author finds it: the cell and its column's header.
  function place(finding) {
    let cell = "";
    if (finding.cell) cell = fill(finding.sheet ? words.sheet_cell : words.cell, {sheet: finding.sheet, cell: finding.cell});
    else if (finding.line && finding.column && !finding.header) {
      cell = fill(words.cell, {cell: columnLetters(finding.column) + finding.line});
    }
    if (cell) return finding.header ? fill(words.cell_header, {place: cell, header: finding.header}) : cell;
    if (finding.line) {
      return finding.header ? fill(words.line_header, {line: finding.line, header: finding.header})
        : fill(words.line, {line: finding.line});
    }
    return "";
  }

  function verdict(report, unreadable) {
    const counts = report.summary;
    let text;
    let kind;
    if (unreadable) {
      text = words.verdict_unreadable;
      kind = "fail";
    } else if (counts.error) {
      text = fill(words.verdict_errors, {errors: counts.error}) +
        (counts.warning ? fill(words.verdict_and_warnings, {warnings: counts.warning}) : "");
      kind = "fail";
    } else if (counts.warning) {
      text = fill(words.verdict_warnings, {warnings: counts.warning});
      kind = "warn";
    } else {
      text = words.verdict_clean;
      kind = "pass";
    }
    return element("p", "verdict " + kind, text);
  }

  function card(finding, known) {
    const item = element("li", "card " + finding.severity);
    const head = element("div", "where");
    head.append(element("span", "badge " + finding.severity, words.severities[finding.severity]));
    const where = [place(finding), finding.project, finding.indicator && fill(words.indicator, {name: finding.indicator})]
      .filter(Boolean).join(" · ");
    const rule = known[finding.code];
    const title = rule && rule.title ? " " + rule.title : "";
    head.append(document.createTextNode(finding.code + title + " · " + where));
    item.append(head);
    item.append(element("p", "message", finding.message));
    if (finding.text) {
      const value = element("span", "value", fill(words.current, {text: finding.text}));
      item.append(value);
    }
    if (rule && rule.explanation) {
      const details = element("details");
      details.append(element("summary", null, words.why));
      details.append(element("p", null, rule.explanation));
      item.append(details);
    }
    return item;
  }

  function notes(entry) {
    // Once per file: the rules that did not run for want of a column, and those whose column is empty.
    return [["no_column", words.skipped], ["empty_column", words.skipped_empty]].map(([reason, template]) => {
      const skipped = (entry.skipped || []).filter((item) => item.reason === reason);
      if (!skipped.length) return null;
      const fields = Array.from(new Set(skipped.map((item) => words.fields[item.field] || item.field)));
      return fill(template, {fields: fields.join(words.field_sep), codes: skipped.map((item) => item.code).join(words.code_sep)});
    }).filter(Boolean);
  }

  function fileSection(entry, findings, known) {
    const section = element("section", "file");
    section.append(element("h2", null, entry.path));
    if (entry.error) {
      section.append(element("p", "note", entry.error));
    } else {
      const read = [entry.layout, words.frameworks[entry.framework]].filter(Boolean).join(" · ");
      section.append(element("p", "meta", read + " · " + fill(words.counts, entry)));
      notes(entry).forEach((note) => section.append(element("p", "note", note)));
    }
    // Errors first (they must be fixed before submitting), then warnings, then notes; in table order within each.
    const rank = {error: 0, warning: 1, info: 2};
    const mine = findings.filter((finding) => finding.path === entry.path)
      .map((finding, index) => [finding, index])
      .sort((a, b) => (rank[a[0].severity] - rank[b[0].severity]) || (a[1] - b[1]))
      .map(([finding]) => finding);
    if (mine.length) {
      const list = element("ul", "cards");
      mine.forEach((finding) => list.append(card(finding, known)));
      section.append(list);
    } else if (!entry.error) {
      section.append(element("p", "note", words.file_clean));
    }
    return section;
  }

  function download(format, name) {
    return async () => {
      say(words.preparing);
      try {
        const response = await post(checked, format);
        if (!response.ok) {
          say(await problemOf(response), true);
          return;
        }
        const url = URL.createObjectURL(await response.blob());
        const link = element("a");
        link.href = url;
        link.download = name;
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
        say("");
      } catch (error) {
        say(words.offline, true);
      }
    };
  }
  document.getElementById("download-xlsx").addEventListener("click", download("xlsx", words.xlsx_name));
  document.getElementById("download-html").addEventListener("click", download("html", words.html_name));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const files = Array.from(input.files);
    if (!files.length) {
      say(words.choose_first, true);
      input.focus();
      return;
    }
    submit.disabled = true;
    results.hidden = true;
    downloads.hidden = true;
    if (shownVerdict) shownVerdict.remove();
    shownVerdict = null;
    say(words.checking);
    try {
      const [response, known] = await Promise.all([post(files, "json"), loadRules()]);
      if (!response.ok) {
        say(await problemOf(response), true);
        return;
      }
      const report = await response.json();
      checked = files;
      results.replaceChildren();
      const unreadable = report.files.some((entry) => entry.error);
      const judged = verdict(report, unreadable);
      if (shownVerdict) shownVerdict.remove();
      downloads.before(judged);  // the verdict first, then the downloads, then every file's problems
      shownVerdict = judged;
      report.files.forEach((entry) => results.append(fileSection(entry, report.findings, known)));
      results.hidden = false;
      downloads.hidden = false;
      say(words.deleted);
      judged.setAttribute("tabindex", "-1");
      judged.focus();
    } catch (error) {
      say(words.offline, true);
    } finally {
      submit.disabled = false;
    }
  });
})();
