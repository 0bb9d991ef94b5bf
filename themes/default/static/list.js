/* FollowScope category lists: search, sort and filter over the WHOLE category.
   Data comes from sibling classic scripts (index-data-N.js) that push columns to window.FOLLOWSCOPE_DATA:
   file:// forbids fetch(), but allows <script src> (perf-security-browser.md §3.2). They are loaded on
   first use, so the plain page stays light. Results are shown 100 at a time: never a million DOM rows. */
(function () {
  "use strict";
  var form = document.querySelector("form.list-tools");
  if (!form) { return; }
  var results = document.querySelector(".search-results");
  var staticList = document.querySelector(".static-list");
  var tbody = results.querySelector("tbody");
  var status = form.querySelector(".search-status");
  var input = document.getElementById("list-search");
  var sortSelect = document.getElementById("list-sort");
  var tagSelect = document.getElementById("list-tag");
  var flagBoxes = [document.getElementById("list-allowlisted"), document.getElementById("list-deactivated")];
  var prevButton = results.querySelector("[data-results-prev]");
  var nextButton = results.querySelector("[data-results-next]");
  var pageLabel = results.querySelector(".results-page");
  var chunks = (form.getAttribute("data-chunks") || "").split(" ").filter(Boolean);
  var prefix = form.getAttribute("data-prefix") || "";
  var relation = form.getAttribute("data-relation") === "yes";
  var pageSize = parseInt(form.getAttribute("data-page-size"), 10) || 100;

  var H = [], N = [], NL = [], F = [], S = [], T = [], X = [], U = {}, O = {};
  var loaded = false, loading = false;
  var orders = {};
  var matches = [], page = 0;

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });

  function merge() {
    var parts = (window.FOLLOWSCOPE_DATA || []).slice().sort(function (a, b) { return a.start - b.start; });
    parts.forEach(function (part) {
      var i, n = part.h.length;
      for (i = 0; i < n; i++) {
        H.push(part.h[i]);
        N.push(part.n[i]);
        NL.push(part.n[i] ? part.n[i].toLowerCase() : "");
        F.push(part.f[i]);
        S.push(part.s.length ? part.s[i] : -1);
        T.push(part.t[i]);
        X.push(part.x[i]);
      }
      Object.keys(part.u).forEach(function (k) { U[part.start + parseInt(k, 10)] = part.u[k]; });
      Object.keys(part.o).forEach(function (k) { O[part.start + parseInt(k, 10)] = part.o[k]; });
    });
    window.FOLLOWSCOPE_DATA = [];
    orders = {};
  }

  // Chunks load one after another (so they arrive in order) and are searched as they arrive: a query
  // typed before the last chunk shows the matches so far, refreshed at most every 250 ms.
  var shownAt = 0, next = 0;
  function load() {
    if (loaded || loading) { return; }
    loading = true;
    function more() {
      if (next >= chunks.length) {
        loaded = true;
        loading = false;
        update();
        return;
      }
      var name = chunks[next];
      next += 1;
      var script = document.createElement("script");
      script.src = name;
      script.onload = function () {
        merge();
        if (!isDefault() && performance.now() - shownAt > 250) { update(); }
        more();
      };
      script.onerror = function () { loading = false; status.textContent = "Could not load " + name + "."; };
      document.body.appendChild(script);
    }
    more();
  }

  function order(kind) {
    if (orders[kind]) { return orders[kind]; }
    var n = H.length, idx = new Array(n), i;
    for (i = 0; i < n; i++) { idx[i] = i; }
    if (kind === "followed" || kind === "follows") {
      var key = kind === "followed" ? F : S;
      idx.sort(function (a, b) { return (key[b] - key[a]) || (a - b); });  // newest first, unknown last
    }
    orders[kind] = idx;
    return idx;
  }

  function isDefault() {
    return !input.value && sortSelect.value === "handle" && !(tagSelect && tagSelect.value) &&
      !flagBoxes.some(function (b) { return b && b.checked; });
  }

  function update() {
    if (isDefault()) {
      results.hidden = true;
      staticList.hidden = false;
      status.textContent = "";
      return;
    }
    if (!loaded) {
      load();
      if (!H.length) { status.textContent = "Loading the whole list…"; return; }
    }
    var started = performance.now();
    var q = input.value.trim().toLowerCase().replace(/^@/, "");
    var tag = tagSelect ? tagSelect.value : "";
    var flags = 0;
    flagBoxes.forEach(function (b) { if (b && b.checked) { flags |= parseInt(b.value, 10); } });
    var idx = order(sortSelect.value), n = idx.length, out = [], i, j;
    for (i = 0; i < n; i++) {
      j = idx[i];
      if (q && H[j].indexOf(q) === -1 && NL[j].indexOf(q) === -1) { continue; }
      if (flags && (X[j] & flags) !== flags) { continue; }
      if (tag && ("\n" + T[j] + "\n").indexOf("\n" + tag + "\n") === -1) { continue; }
      out.push(j);
    }
    matches = out;
    page = 0;
    show();
    var ms = Math.round(performance.now() - started);
    status.textContent = loaded ? matches.length.toLocaleString() + " of " + H.length.toLocaleString() +
      " accounts match (" + ms + " ms)." : matches.length.toLocaleString() + " matches so far; loading the " +
      "whole list (" + H.length.toLocaleString() + " accounts loaded)…";
    shownAt = performance.now();
    results.hidden = false;
    staticList.hidden = true;
  }

  function day(value) {
    return value < 0 ? "" : new Date(value * 86400000).toISOString().slice(0, 10);
  }

  function cell(row, text, tag) {
    var td = document.createElement(tag || "td");
    if (text) {
      var time = document.createElement("time");
      time.dateTime = text;
      time.textContent = text;
      td.appendChild(time);
    } else {
      td.className = "none";
      td.textContent = "–";
    }
    row.appendChild(td);
  }

  function show() {
    var total = Math.max(1, Math.ceil(matches.length / pageSize));
    var fragment = document.createDocumentFragment();
    matches.slice(page * pageSize, (page + 1) * pageSize).forEach(function (j) {
      var tr = document.createElement("tr");
      var th = document.createElement("th");
      th.scope = "row";
      th.className = "handle";
      var url = Object.prototype.hasOwnProperty.call(U, j) ? U[j] : (prefix ? prefix + H[j] : null);
      if (url && url.indexOf("https://") === 0) {
        var a = document.createElement("a");
        a.href = url;
        a.rel = "noopener noreferrer";
        a.textContent = H[j];
        th.appendChild(a);
      } else {
        th.textContent = H[j];
      }
      tr.appendChild(th);
      var name = document.createElement("td");
      name.textContent = N[j];
      tr.appendChild(name);
      cell(tr, day(F[j]));
      if (relation) { cell(tr, day(S[j])); }
      var tags = document.createElement("td");
      (T[j] ? T[j].split("\n") : []).forEach(function (t) {
        var span = document.createElement("span");
        span.className = "tag";
        span.textContent = t;
        tags.appendChild(span);
      });
      tr.appendChild(tags);
      var note = document.createElement("td");
      note.textContent = Object.prototype.hasOwnProperty.call(O, j) ? O[j] : "";
      tr.appendChild(note);
      fragment.appendChild(tr);
    });
    tbody.textContent = "";
    tbody.appendChild(fragment);
    pageLabel.textContent = "Page " + (page + 1) + " of " + total;
    prevButton.disabled = page === 0;
    nextButton.disabled = page + 1 >= total;
  }

  prevButton.addEventListener("click", function () { if (page > 0) { page -= 1; show(); } });
  nextButton.addEventListener("click", function () {
    if ((page + 1) * pageSize < matches.length) { page += 1; show(); }
  });
  var scheduled = false;
  function schedule() {
    if (scheduled) { return; }
    scheduled = true;
    window.requestAnimationFrame(function () { scheduled = false; update(); });
  }
  input.addEventListener("input", schedule);
  input.addEventListener("focus", load);
  // Prefetch once the page is idle, so a query typed right away rarely waits for the data.
  (window.requestIdleCallback || function (f) { return window.setTimeout(f, 1500); })(load);
  [sortSelect, tagSelect].concat(flagBoxes).forEach(function (el) {
    if (el) { el.addEventListener("change", schedule); }
  });
}());
