/* mtaudit report: findings list, severity/category filters, cross-links, sortable index table.
   No network, no libraries: the page must work from file://.  A URL hash such as
   #severity=major,critical&category=quotes preselects the filters (shareable views).
   Input text only ever reaches the page through textContent, never as markup. */
(function () {
  "use strict";
  var INVISIBLE = {"\u00a0": "no-break space", "\u202f": "narrow no-break space",
                   "\u2009": "thin space", "\u200b": "zero-width space"};

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  /* Text with the invisible spaces a fix inserts made visible. */
  function visible(tag, className, text) {
    var node = el(tag, className), run = "";
    Array.from(text).forEach(function (ch) {
      if (!INVISIBLE[ch]) { run += ch; return; }
      if (run) { node.appendChild(document.createTextNode(run)); run = ""; }
      var mark = el("span", "ws", ch === "\u200b" ? "∅" : "⍽");
      mark.title = INVISIBLE[ch];
      node.appendChild(mark);
    });
    if (run) { node.appendChild(document.createTextNode(run)); }
    return node;
  }

  function readJSON(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  var findings = readJSON("findings-data") || [];
  var rules = readJSON("rules-data") || {};
  var marksByFinding = {};
  document.querySelectorAll("mark[data-finding]").forEach(function (mark) {
    (marksByFinding[mark.dataset.finding] = marksByFinding[mark.dataset.finding] || []).push(mark);
  });

  function buildList(list) {
    var fragment = document.createDocumentFragment();
    findings.forEach(function (f, index) {
      var rule = f[0], severity = f[1], line = f[2], column = f[3], message = f[4];
      var suggestion = f[5], meta = rules[rule] || ["", ""];
      var item = el("li");
      item.id = "f-" + index;
      item.dataset.finding = index;
      item.dataset.rule = rule;
      item.dataset.severity = severity;
      item.dataset.category = meta[1];
      var head = el("div", "fhead"), loc = el("a", "loc", line + ":" + column);
      loc.href = f[6] === null ? "#" : "#s-" + f[6];
      loc.addEventListener("click", function (event) {
        event.preventDefault();
        activate(index, true);
      });
      head.append(loc, " ", el("span", "sev sev-" + severity, severity), " ",
                  el("code", "", rule), " ", el("span", "name", meta[0]));
      var flagged = (marksByFinding[index] || []).map(function (m) {
        return m.textContent;
      }).join("");
      var change = el("p", "change");
      change.appendChild(visible("q", "", flagged || "‸"));
      if (suggestion !== null) {
        change.append(" → ", visible("q", "suggestion", suggestion));
      }
      item.append(head, el("p", "msg", message), change);
      if (f[7] !== null) {
        var source = el("p", "change");
        source.append("source: ", visible("q", "", f[7]));
        item.appendChild(source);
      }
      fragment.appendChild(item);
    });
    list.appendChild(fragment);
  }

  function activate(index, scrollToText) {
    document.querySelectorAll(".active").forEach(function (node) {
      node.classList.remove("active");
    });
    var marks = marksByFinding[index] || [], item = document.getElementById("f-" + index);
    marks.forEach(function (mark) { mark.classList.add("active"); });
    if (item) { item.classList.add("active"); }
    var target = scrollToText ? marks[0] : item;
    if (target) { target.scrollIntoView({block: scrollToText ? "center" : "nearest"}); }
  }

  /* Hover text is built on first hover, so the page does not carry every message twice. */
  function describe(mark) {
    var f = findings[Number(mark.dataset.finding)];
    if (!f || mark.title) { return; }
    mark.title = f[0] + " · " + f[1] + " · " + f[4] + (f[5] !== null ? " → " + f[5] : "");
  }

  var form = document.getElementById("filters");
  var list = document.getElementById("findings");
  if (list) { buildList(list); }
  var items = document.querySelectorAll("[data-finding]");

  function checked(kind) {
    var on = {};
    form.querySelectorAll('input[data-filter="' + kind + '"]').forEach(function (box) {
      if (box.checked) { on[box.value] = true; }
    });
    return on;
  }

  function applyFilters() {
    var sev = checked("severity"), cat = checked("category"), shown = 0;
    items.forEach(function (node) {
      var category = node.dataset.category || (rules[node.dataset.rule] || [])[1];
      var visible = !!(sev[node.dataset.severity] && cat[category]);
      node.classList.toggle("off", !visible);
      if (visible && node.tagName === "LI") { shown += 1; }
    });
    var counter = document.getElementById("shown-count");
    if (counter) { counter.textContent = String(shown); }
  }

  function applyHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    ["severity", "category"].forEach(function (kind) {
      if (!params.has(kind)) { return; }
      var wanted = params.get(kind).split(",");
      form.querySelectorAll('input[data-filter="' + kind + '"]').forEach(function (box) {
        box.checked = wanted.indexOf(box.value) !== -1;
      });
    });
    applyFilters();
  }

  if (form) {
    form.addEventListener("change", applyFilters);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    window.addEventListener("hashchange", applyHash);
    applyHash();
    document.addEventListener("mouseover", function (event) {
      var mark = event.target.closest && event.target.closest("mark[data-finding]");
      if (mark) { describe(mark); }
    });
    document.addEventListener("click", function (event) {
      var mark = event.target.closest("mark[data-finding]");
      if (mark && !mark.classList.contains("off")) { activate(mark.dataset.finding, false); }
    });
  }

  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("th");
    heads.forEach(function (th, column) {
      var button = th.querySelector("button");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        var numeric = button.dataset.type === "number";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column].dataset.sort, y = b.cells[column].dataset.sort;
          var order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        heads.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      });
    });
  });
}());
