/* FollowScope lists: every page after the first, sorting by any column both ways, filters, search, and the
   CSV/JSON download of the current view, from the list's data files (docs/site-data.md).

   The page holds the first page of rows as HTML (it reads without JavaScript, also from file://) and a
   <template> row drawn by the same macro; rows after it are clones of that row, filled with textContent and
   setAttribute only. The data files are classic scripts (file:// forbids fetch(), not <script src>) that
   push columns onto window.FOLLOWSCOPE_DATA. They load after the page's load event, at the first
   interaction, or at once when the address asks for a view (?q=, ?sort=, ?page=, filters). */
(function () {
  "use strict";

  // The CSV formula guard (docs/report.md): an apostrophe goes before a trigger (= + - @, tab, CR) that
  // stands at the start of a cell or of a piece after a separator (, ; | tab CR LF), spaces skipped, so no
  // piece starts a formula whatever a spreadsheet splits on. tests/fixtures/csv_formula_guard.json holds its
  // test vectors; window.FollowScopeCSV lets the browser tests run them.
  var TRIGGERS = "=+-@\t\r", SEPARATORS = ",;|\t\r\n", ANY_TRIGGER = /[=+\-@\t\r]/;
  function neutralise(cell) {
    if (!ANY_TRIGGER.test(cell)) { return cell; }
    var out = "", from = 0, start = true, i, c;
    for (i = 0; i < cell.length; i++) {
      c = cell.charAt(i);
      if (start && TRIGGERS.indexOf(c) >= 0) { out += cell.slice(from, i) + "'"; from = i; }
      if (SEPARATORS.indexOf(c) >= 0) { start = true; } else if (c !== " ") { start = false; }
    }
    return out ? out + cell.slice(from) : cell;
  }
  window.FollowScopeCSV = { neutralise: neutralise };

  var root = document.querySelector("[data-list]");
  if (!root) { return; }

  var DAY = 86400;
  var TIMES = ["followed_at", "follows_you_since", "at"];
  var SPARSE = ["name", "url", "tags", "note", "detail"];
  var FLAGS = { allowlisted: 1, deactivated: 2, relation: 4 };
  var count = parseInt(root.getAttribute("data-count"), 10) || 0;
  var pageSize = parseInt(root.getAttribute("data-page-size"), 10) || 100;
  var files = (root.getAttribute("data-files") || "").split(" ").filter(Boolean);
  var prefix = root.getAttribute("data-url-prefix") || "";
  var kind = root.getAttribute("data-kind");
  var stem = root.getAttribute("data-download") || "list";
  var csvColumns = (root.getAttribute("data-csv-columns") || "handle").split(" ");
  var form = root.querySelector(".list-tools");
  var status = root.querySelector(".list-status");
  var tbody = root.querySelector("tbody");
  var rowTemplate = root.querySelector("template.list-row");
  var pager = root.querySelector(".pager");
  var pages = pager.querySelector("ol");
  var search = document.getElementById("list-search");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
  var headers = Array.prototype.slice.call(root.querySelectorAll("th[data-column]"));
  var labels = {};
  headers.forEach(function (th) { labels[th.getAttribute("data-column")] = th.textContent.trim(); });
  var elsewhere = root.querySelector(".list-elsewhere");

  // Every sentence the reader sees comes from the page (templates/list.html, through gettext): {name} is a value.
  var uiText = {};
  try { uiText = JSON.parse(document.querySelector("script.ui-text").textContent); } catch (e) { uiText = {}; }
  function say(key, values) {
    return String(uiText[key] || key).replace(/\{(\w+)\}/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  // A lost account's detail: the data files (shared by every language of the site) hold a code,
  // "exists:liked_posts,comments", "renamed:new.handle", or ":" and a sentence (docs/site-data.md); the page
  // gives the sentences and places in its language, and in English for the downloads (report.json's words).
  function detailText(code, english) {
    if (!code) { return ""; }
    var words = (english && uiText.details_en && uiText.details_en.texts ? uiText.details_en : uiText.details) || {};
    var texts = words.texts || {}, places = words.places || {};
    var colon = code.indexOf(":");
    var key = colon < 0 ? code : code.slice(0, colon), rest = colon < 0 ? "" : code.slice(colon + 1);
    if (!key) { return rest; }
    if (!Object.prototype.hasOwnProperty.call(texts, key)) { return code; }
    var values = key === "renamed" ? { handle: rest } : {
      places: (rest ? rest.split(",") : []).map(function (place) {
        return Object.prototype.hasOwnProperty.call(places, place) ? places[place] : place;
      }).join(", ")
    };
    return String(texts[key]).replace(/%\((\w+)\)s/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  /* -- the list, as columns ------------------------------------------------------------------------ */
  var handles = new Array(count);
  var sparse = { name: {}, url: {}, tags: {}, note: {}, detail: {} };
  var nameLower = {};
  var times = {};  // followed_at / follows_you_since / at: Float64Array, NaN when unknown
  var choices = { reason: null, certainty: null };
  var flags = new Uint8Array(count);
  var state = "idle";  // idle → loading → ready (or failed)
  var waiting = [];  // what to do once the data is in

  function merge(chunk) {
    var start = chunk.start, n = chunk.count, i, key, column, values;
    var names = typeof chunk.handle === "string" ? chunk.handle.split("\n") : chunk.handle;
    for (i = 0; i < n; i++) { handles[start + i] = names[i]; }
    TIMES.forEach(function (key) {
      column = chunk[key];
      if (!column) { return; }
      if (!times[key]) { times[key] = new Float64Array(count).fill(NaN); }
      for (i = 0; i < n; i++) { times[key][start + i] = column[i] === null ? NaN : column[i]; }
    });
    ["reason", "certainty"].forEach(function (key) {
      if (!chunk[key]) { return; }
      if (!choices[key]) { choices[key] = new Array(count); }
      for (i = 0; i < n; i++) { choices[key][start + i] = chunk[key][i]; }
    });
    SPARSE.forEach(function (key) {
      values = chunk[key];
      if (!values) { return; }
      Object.keys(values).forEach(function (k) {
        sparse[key][start + parseInt(k, 10)] = values[k];
        if (key === "name") { nameLower[start + parseInt(k, 10)] = String(values[k]).toLowerCase(); }
      });
    });
    Object.keys(FLAGS).forEach(function (key) {
      (chunk[key] || []).forEach(function (k) { flags[start + k] |= FLAGS[key]; });
    });
  }

  function drain() {
    var queue = window.FOLLOWSCOPE_DATA || [];
    while (queue.length) { merge(queue.shift()); }
  }

  function load(then) {
    if (then) { waiting.push(then); }
    if (state !== "idle") { return; }
    state = "loading";
    root.setAttribute("data-state", state);
    window.FOLLOWSCOPE_DATA = window.FOLLOWSCOPE_DATA || [];
    var left = files.length;
    files.forEach(function (name) {
      var script = document.createElement("script");
      script.src = name;
      script.async = false;  // downloaded side by side, run in order
      script.onload = function () {
        drain();
        left -= 1;
        if (left === 0) { ready(); }
      };
      script.onerror = function () {
        state = "failed";
        root.setAttribute("data-state", state);
        status.textContent = say("failed", { file: name });
      };
      document.body.appendChild(script);
    });
    if (!files.length) { ready(); }
  }

  // data-state says where loading stands (idle, loading, ready, failed): tests and scripts wait on it.
  function ready() {
    state = "ready";
    waiting.splice(0).forEach(function (f) { f(); });
    root.setAttribute("data-state", state);
  }

  /* -- one row ------------------------------------------------------------------------------------- */
  function url(i) {
    if (Object.prototype.hasOwnProperty.call(sparse.url, i)) { return sparse.url[i]; }
    return prefix ? prefix + handles[i] : null;
  }

  function time(key, i) {
    var column = times[key];
    return column && !isNaN(column[i]) ? column[i] : null;
  }

  function row(i) {
    var f = flags[i];
    return {
      handle: handles[i], url: url(i), name: sparse.name[i] || "", tags: sparse.tags[i] || [],
      note: sparse.note[i] || "", detail: detailText(sparse.detail[i], false),
      followed_at: time("followed_at", i), follows_you_since: time("follows_you_since", i), at: time("at", i),
      reason: choices.reason ? choices.reason[i] : "", certainty: choices.certainty ? choices.certainty[i] : "",
      allowlisted: (f & FLAGS.allowlisted) !== 0, deactivated: (f & FLAGS.deactivated) !== 0,
      relation: kind === "relation" || (f & FLAGS.relation) !== 0
    };
  }

  // A deleted-account placeholder (`__deleted__…`, flagged "deactivated" in the data) reads as words, its raw
  // value the tooltip, as the page's first rows have it (pages/lists.py DELETED_ROW); downloads keep the raw value.
  function shownHandle(i) {
    return (flags[i] & FLAGS.deactivated) && uiText.deleted_row ? say("deleted_row") : handles[i];
  }

  function present(value) {
    return value !== null && value !== undefined && value !== "" && value !== false &&
      !(Array.isArray(value) && !value.length);
  }

  var dates = {};
  function day(seconds) {
    var d = Math.floor(seconds / DAY);
    return dates[d] || (dates[d] = new Date(d * DAY * 1000).toISOString().slice(0, 10));
  }

  function each(parent, selector, f) {
    Array.prototype.forEach.call(parent.querySelectorAll(selector), f);
  }

  function rowElement(i) {
    var r = row(i);
    var tr = rowTemplate.content.firstElementChild.cloneNode(true);
    each(tr, "[data-if]", function (el) { if (!present(r[el.getAttribute("data-if")])) { el.remove(); } });
    each(tr, "[data-if-not]", function (el) { if (present(r[el.getAttribute("data-if-not")])) { el.remove(); } });
    each(tr, "[data-if-eq]", function (el) {
      var spec = el.getAttribute("data-if-eq"), at = spec.indexOf(":");
      if (String(r[spec.slice(0, at)]) !== spec.slice(at + 1)) { el.remove(); }
    });
    each(tr, "[data-each]", function (proto) {
      r[proto.getAttribute("data-each")].forEach(function (value) {
        var copy = proto.cloneNode(true);
        copy.textContent = value;
        proto.parentNode.insertBefore(copy, proto);
      });
      proto.remove();
    });
    each(tr, "[data-field]", function (el) {
      var key = el.getAttribute("data-field"), value = r[key];
      if (key === "handle") {
        el.textContent = shownHandle(i);  // a deleted placeholder in words, as the first page has it
        el.setAttribute("title", value);
        if (r.url && r.url.indexOf("https://") === 0) {
          el.setAttribute("href", r.url);
          el.setAttribute("rel", "noopener noreferrer");
        }
      } else if (el.tagName === "TIME") {
        if (!present(value)) { el.remove(); return; }
        el.textContent = day(value);
        el.setAttribute("datetime", day(value));
      } else {
        el.textContent = present(value) ? value : "";
      }
    });
    var pick = tr.querySelector("[data-pick-row]");
    if (pick) {
      pick.value = String(i);
      pick.checked = Object.prototype.hasOwnProperty.call(picked, i);
      pick.setAttribute("aria-label", say("pick_row", { handle: shownHandle(i) }));
    }
    return tr;
  }

  /* -- views: order, filters, search --------------------------------------------------------------- */
  var view = { q: "", sort: "handle", desc: false, page: 1, tag: "", reason: "", certainty: "", flags: 0 };
  var orders = {};
  var shown = null;  // the rows of the current view, in order (an Int32Array or an array of indexes)
  var shownKey = "";

  // The words a choice column shows for each value (reason, certainty), from the template row, which holds
  // every value of the list: a text column sorts by what the reader sees, not by report.json's codes.
  var choiceWords = { reason: {}, certainty: {} };
  each(rowTemplate.content, "[data-if-eq]", function (el) {
    var spec = el.getAttribute("data-if-eq"), at = spec.indexOf(":"), key = spec.slice(0, at);
    if (choiceWords[key]) { choiceWords[key][spec.slice(at + 1)] = el.textContent.trim(); }
  });

  // A text column's value as the row shows it (one function per column, made once per sort).
  function textOf(key) {
    if (key === "tags") { return function (i) { return (sparse.tags[i] || []).join(", "); }; }
    if (key === "reason" || key === "certainty") {
      var values = choices[key] || [], words = choiceWords[key];
      return function (i) {
        var value = values[i] || "";
        return Object.prototype.hasOwnProperty.call(words, value) ? words[value] : value;
      };
    }
    if (key === "detail") {
      var said = {};  // a code's words, made once per code
      return function (i) {
        var code = sparse.detail[i];
        if (!code) { return ""; }
        return Object.prototype.hasOwnProperty.call(said, code) ? said[code] : (said[code] = detailText(code, false));
      };
    }
    var column = sparse[key] || {};
    return function (i) { return String(column[i] || ""); };
  }

  // Numbers sort as one Float64Array of (value, row) pairs packed into doubles: the engine's own numeric sort,
  // no comparator call per pair (a million dates in well under a second). Unknown values go last both ways.
  function byNumber(column, desc) {
    var n = count, idx = new Int32Array(n), i, min = Infinity, max = -Infinity, v;
    for (i = 0; i < n; i++) {
      v = column[i];
      if (v < min) { min = v; }
      if (v > max) { max = v; }
    }
    var range = max >= min ? max - min : 0, scale = 1;
    while (scale <= n) { scale *= 2; }
    if ((range + 2) * scale > 9007199254740992) {
      for (i = 0; i < n; i++) { idx[i] = i; }
      return idx.sort(function (a, b) {
        var x = column[a], y = column[b];
        if (isNaN(x) || isNaN(y)) { return isNaN(x) - isNaN(y) || a - b; }
        return (desc ? y - x : x - y) || a - b;
      });
    }
    var keys = new Float64Array(n);
    for (i = 0; i < n; i++) {
      v = column[i];
      keys[i] = (isNaN(v) ? range + 1 : (desc ? max - v : v - min)) * scale + i;
    }
    keys.sort();
    for (i = 0; i < n; i++) { idx[i] = keys[i] % scale; }
    return idx;
  }

  // Text sorts as the page's language orders words (Intl.Collator with <html lang>). Each row's text is made once
  // and only the distinct texts are collated (a column of a few reasons: a handful of comparisons); rows then sort
  // by their text's rank with byNumber. A collator call costs far more than the engine's own string order, so the
  // distinct texts are first put in that order (no comparator), which is close to the language's: the collated sort
  // after it (TimSort, which follows runs already in order) makes about one call per text, not n log n (a million
  // distinct names in about a second). Empty texts go last both ways, equal texts in handle order.
  var collator = new Intl.Collator(document.documentElement.lang || undefined);
  function byText(key, desc) {
    var n = count, ranks = new Float64Array(n), text = textOf(key), seen = new Map(), distinct = [], i, t, r;
    for (i = 0; i < n; i++) {
      t = text(i);
      if (!t) { ranks[i] = NaN; continue; }
      r = seen.get(t);
      if (r === undefined) { r = distinct.length; seen.set(t, r); distinct.push(t); }
      ranks[i] = r;
    }
    var sorted = distinct.slice().sort().sort(function (a, b) { return collator.compare(a, b); });
    var rankOf = new Float64Array(distinct.length);
    for (i = 0; i < sorted.length; i++) { rankOf[seen.get(sorted[i])] = i; }
    for (i = 0; i < n; i++) { if (!isNaN(ranks[i])) { ranks[i] = rankOf[ranks[i]]; } }
    return byNumber(ranks, desc);
  }

  function order(key, desc) {
    var id = (desc ? "-" : "") + key, idx, i;
    if (orders[id]) { return orders[id]; }
    if (key === "handle") {
      idx = new Int32Array(count);
      for (i = 0; i < count; i++) { idx[i] = desc ? count - 1 - i : i; }
    } else if (TIMES.indexOf(key) !== -1) {
      idx = times[key] ? byNumber(times[key], desc) : order("handle", false);
    } else {
      idx = byText(key, desc);
    }
    orders[id] = idx;
    return idx;
  }

  function filtered() {
    return Boolean(view.q || view.tag || view.reason || view.certainty || view.flags);
  }

  function current() {
    var key = [view.q, view.sort, view.desc, view.tag, view.reason, view.certainty, view.flags].join("\u0000");
    if (shown && key === shownKey) { return shown; }
    var idx = order(view.sort, view.desc);
    if (filtered()) {
      var q = view.q.toLowerCase().replace(/^@/, ""), out = [], i, j, n = idx.length;
      for (i = 0; i < n; i++) {
        j = idx[i];
        if (q && handles[j].indexOf(q) === -1 && !(nameLower[j] && nameLower[j].indexOf(q) !== -1)) { continue; }
        if (view.flags && (flags[j] & view.flags) !== view.flags) { continue; }
        if (view.tag && (sparse.tags[j] || []).indexOf(view.tag) === -1) { continue; }
        if (view.reason && choices.reason[j] !== view.reason) { continue; }
        if (view.certainty && choices.certainty[j] !== view.certainty) { continue; }
        out.push(j);
      }
      idx = out;
    }
    shown = idx;
    shownKey = key;
    return idx;
  }

  /* -- the address holds the view ------------------------------------------------------------------- */
  function options(select) {
    return Array.prototype.map.call(select.options, function (o) { return o.value; });
  }

  function readAddress() {
    var params = new URLSearchParams(window.location.search), sort = params.get("sort") || "handle";
    var page = parseInt(params.get("page"), 10);
    view.q = params.get("q") || "";
    view.desc = sort.charAt(0) === "-";
    view.sort = sort.replace(/^-/, "");
    if (!Object.prototype.hasOwnProperty.call(labels, view.sort)) { view.sort = "handle"; view.desc = false; }
    view.page = page > 0 ? page : 1;
    selects.forEach(function (select) {
      var value = params.get(select.name) || "";
      view[select.name] = options(select).indexOf(value) !== -1 ? value : "";
    });
    view.flags = 0;
    params.getAll("flag").forEach(function (name) {
      boxes.forEach(function (box) { if (box.value === name) { view.flags |= FLAGS[name]; } });
    });
    search.value = view.q;
    selects.forEach(function (select) { select.value = view[select.name]; });
    boxes.forEach(function (box) { box.checked = (view.flags & FLAGS[box.value]) !== 0; });
  }

  function address() {
    var params = new URLSearchParams();
    if (view.q) { params.set("q", view.q); }
    selects.forEach(function (select) { if (view[select.name]) { params.set(select.name, view[select.name]); } });
    boxes.forEach(function (box) { if (view.flags & FLAGS[box.value]) { params.append("flag", box.value); } });
    if (view.sort !== "handle" || view.desc) { params.set("sort", (view.desc ? "-" : "") + view.sort); }
    if (view.page > 1) { params.set("page", String(view.page)); }
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
  }

  function remember(push) {
    var target = address();
    if (target === window.location.pathname + window.location.search + window.location.hash) { return; }
    try {
      window.history[push ? "pushState" : "replaceState"](null, "", target);
    } catch (e) { /* a browser that refuses to change a file:// address: the view still shows */ }
  }

  function isDefault() {
    return !filtered() && view.sort === "handle" && !view.desc && view.page === 1;
  }

  /* -- showing ----------------------------------------------------------------------------------- */
  // Counts as the page's own numbers have them (Babel's pattern #,##0 with the language's group separator, given
  // by the page): 1,234 / 1.234 / 9.654 in Spanish too, where Intl.NumberFormat would write 9654.
  var group = typeof uiText.group === "string" ? uiText.group : null;
  var numberFormat = new Intl.NumberFormat(document.documentElement.lang || undefined, { useGrouping: "always" });
  function number(n) {
    if (group === null) { return numberFormat.format(n); }
    return String(n).replace(/\B(?=(\d{3})+$)/g, function () { return group; });
  }

  // A column's name inside the status sentence: lower case ("sorted by you followed"), unless the page's own first
  // sentence keeps the header's capital (German nouns: "sortiert nach Konto").
  var lang = document.documentElement.lang || undefined;
  var keepCase = status.textContent.indexOf(labels.handle) !== -1;
  function columnName(key) { return keepCase ? labels[key] : labels[key].toLocaleLowerCase(lang); }

  function direction() {
    if (TIMES.indexOf(view.sort) !== -1) { return say(view.desc ? "newest" : "oldest"); }
    return say(view.desc ? "z_a" : "a_z");
  }

  function show() {
    var list = current(), total = list.length, last = Math.max(1, Math.ceil(total / pageSize));
    view.page = Math.min(Math.max(1, view.page), last);
    var first = (view.page - 1) * pageSize, end = Math.min(total, first + pageSize), fragment, k;
    fragment = document.createDocumentFragment();
    for (k = first; k < end; k++) { fragment.appendChild(rowElement(list[k])); }
    tbody.textContent = "";
    tbody.appendChild(fragment);
    headers.forEach(function (th) {
      var key = th.getAttribute("data-column");
      if (key === view.sort) { th.setAttribute("aria-sort", view.desc ? "descending" : "ascending"); }
      else { th.removeAttribute("aria-sort"); }
    });
    var values = { count: number(total), total: number(count), first: number(first + 1), last: number(end),
                   column: columnName(view.sort), direction: direction() };
    status.textContent = say(!total ? "no_match" : filtered() ? "matching" : "showing", values);
    if (elsewhere) {  // a handle typed into the wrong list: where else to look
      elsewhere.hidden = total > 0 || !view.q;
      var link = elsewhere.querySelector("a[data-search-all]");
      link.setAttribute("href", link.getAttribute("href").split("?")[0] + "?q=" + encodeURIComponent(view.q));
    }
    showPicked();
    showPager(last);
  }

  function showPager(last) {
    pager.hidden = last <= 1;
    pages.textContent = "";
    var wanted = [1, last], n, previous = 0;
    for (n = view.page - 2; n <= view.page + 2; n++) { if (n >= 1 && n <= last) { wanted.push(n); } }
    wanted = wanted.filter(function (v, i, all) { return all.indexOf(v) === i; }).sort(function (a, b) {
      return a - b;
    });
    wanted.forEach(function (page) {
      if (page > previous + 1) {
        pages.appendChild(pager.querySelector("template.pager-gap").content.firstElementChild.cloneNode(true));
      }
      var item = pager.querySelector("template.pager-page").content.firstElementChild.cloneNode(true);
      var button = item.querySelector("button");
      button.textContent = number(page);
      button.setAttribute("data-page", String(page));
      if (page === view.page) { button.setAttribute("aria-current", "page"); }
      pages.appendChild(item);
      previous = page;
    });
    pager.querySelector("[data-page=prev]").disabled = view.page <= 1;
    pager.querySelector("[data-page=next]").disabled = view.page >= last;
  }

  // Apply the view: at once when the data is in, else once it is (the first page stays meanwhile).
  function apply(push) {
    remember(push);
    if (state === "ready") { show(); return; }
    if (isDefault() && state === "idle") { return; }
    if (state !== "failed") { status.textContent = say("loading"); }
    load(show);
  }

  /* -- downloads of the current view ---------------------------------------------------------------- */
  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function isoTime(seconds) {
    if (seconds === null) { return null; }
    var s = seconds - Math.floor(seconds / DAY) * DAY;
    return day(seconds) + "T" + pad(Math.floor(s / 3600)) + ":" + pad(Math.floor(s / 60) % 60) + ":" +
      pad(s % 60) + "Z";
  }

  // The row as report.json has it: the same keys, in the same order, with the same values.
  function reportRow(i) {
    var r = row(i), out = { handle: r.handle };
    if (kind === "handles") { return out; }
    if (kind === "lost") {
      out.reason = r.reason;
      out.certainty = r.certainty;
      if (sparse.detail[i]) { out.detail = detailText(sparse.detail[i], true); }
      return out;
    }
    if (r.name) { out.name = r.name; }
    out.url = r.url;
    if (r.relation) {
      out.followed_at = isoTime(r.followed_at);
      out.follows_you_since = isoTime(r.follows_you_since);
    } else {
      out.at = isoTime(r.at);
    }
    if (r.tags.length) { out.tags = r.tags; }
    if (r.note) { out.note = r.note; }
    return out;
  }

  // A cell a spreadsheet will not run as a formula (OWASP "CSV injection"), quoted when it must be.
  function csvCell(value) {
    var text = value === null || value === undefined ? "" : Array.isArray(value) ? value.join("; ") : String(value);
    text = neutralise(text);
    return /[,"\r\n]/.test(text) ? "\"" + text.replace(/"/g, "\"\"") + "\"" : text;
  }

  function csvLine(i) {
    var r = reportRow(i);
    return csvColumns.map(function (key) { return csvCell(key === "url" ? url(i) : r[key]); }).join(",");
  }

  function save(format) {
    var list = current(), parts = [], batch = [], k, n = list.length, blob, link;
    if (format === "csv") {
      // the header row in the page's language (the template's ui-text); the rows keep report.json's values
      var headers = uiText.csv_headers || {};
      parts.push("\ufeff" + csvColumns.map(function (key) { return csvCell(headers[key] || key); }).join(",") + "\r\n");
      for (k = 0; k < n; k++) {
        batch.push(csvLine(list[k]));
        if (batch.length === 10000 || k === n - 1) { parts.push(batch.join("\r\n") + "\r\n"); batch = []; }
      }
    } else {
      parts.push(n ? "[\n" : "[");
      for (k = 0; k < n; k++) {
        batch.push(JSON.stringify(reportRow(list[k])));
        if (batch.length === 10000 || k === n - 1) {
          parts.push(batch.join(",\n") + (k === n - 1 ? "" : ",\n"));
          batch = [];
        }
      }
      parts.push(n ? "\n]\n" : "]\n");
    }
    blob = new Blob(parts, { type: format === "csv" ? "text/csv;charset=utf-8" : "application/json" });
    link = document.createElement("a");
    link.href = window.URL.createObjectURL(blob);
    link.download = stem + "." + format;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { window.URL.revokeObjectURL(link.href); }, 60000);
  }

  /* -- picking rows for the config (not following back: `allowlist:`) ----------------------------- */
  var pickKey = root.getAttribute("data-pick-key");
  var pickTools = root.querySelector("[data-pick]");
  var pickAll = root.querySelector("[data-pick-all]");
  var yaml = root.querySelector("#pick-yaml");
  var picked = {};  // row -> its handle, kept across pages, sorts and filters

  // A ready snippet for the account's entry, each handle double-quoted (JSON's quoting is valid YAML), in
  // handle order, as the sample config indents it.
  function snippet() {
    var rows = Object.keys(picked).map(Number).sort(function (a, b) { return a - b; });
    if (!rows.length) { return ""; }
    return "    " + pickKey + ":\n" + rows.map(function (i) {
      return "      - " + JSON.stringify(picked[i]);
    }).join("\n") + "\n";
  }

  function showPicked() {
    if (!pickKey) { return; }
    var n = Object.keys(picked).length, list = state === "ready" ? current() : [], all = list.length > 0, k;
    for (k = 0; k < list.length && all; k++) { all = Object.prototype.hasOwnProperty.call(picked, list[k]); }
    var some = n > 0 && !all;
    pickAll.checked = all;
    pickAll.indeterminate = some && list.some(function (i) { return Object.prototype.hasOwnProperty.call(picked, i); });
    if (state === "ready") { pickAll.setAttribute("aria-label", say("pick_all", { count: number(list.length) })); }
    root.querySelector(".pick-count").textContent = say(n === 0 ? "picked_none" : n === 1 ? "picked_one" : "picked",
                                                        { count: number(n) });
    yaml.value = snippet();
    yaml.rows = Math.min(12, n + 1);
    root.querySelector(".pick-output").hidden = n === 0;
    if (!n) { root.querySelector(".pick-copied").textContent = ""; }
    each(tbody, "[data-pick-row]", function (box) {
      box.checked = Object.prototype.hasOwnProperty.call(picked, box.value);
    });
  }

  function handleOf(box) {
    var i = parseInt(box.value, 10);
    if (handles[i] !== undefined) { return handles[i]; }
    return box.closest("tr").querySelector("[data-field=handle]").textContent;  // the static first page
  }

  if (pickKey) {
    pickTools.hidden = false;
    root.setAttribute("data-picking", "");
    tbody.addEventListener("change", function (event) {
      var box = event.target.closest("[data-pick-row]");
      if (!box) { return; }
      if (box.checked) { picked[box.value] = handleOf(box); } else { delete picked[box.value]; }
      showPicked();
    });
    pickAll.addEventListener("change", function () {
      var on = pickAll.checked;
      function all() {  // every row of the view, on every page: the data must be in
        current().forEach(function (i) { if (on) { picked[i] = handles[i]; } else { delete picked[i]; } });
        show();
      }
      if (state === "ready") { all(); } else { load(all); }
    });
    root.querySelector("[data-pick-clear]").addEventListener("click", function () { picked = {}; showPicked(); });
    root.querySelector("[data-pick-copy]").addEventListener("click", function () {
      var note = root.querySelector(".pick-copied");
      yaml.select();  // the text stays selected for a manual copy where the clipboard is refused (file://)
      function failed() { note.textContent = say("copy_failed"); }
      try {
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(yaml.value).then(function () { note.textContent = say("copied"); }, failed);
        } else if (document.execCommand("copy")) {
          note.textContent = say("copied");
        } else {
          failed();
        }
      } catch (e) { failed(); }
    });
  }

  /* -- wiring ------------------------------------------------------------------------------------- */
  form.hidden = false;
  each(root, ".no-script", function (el) { el.hidden = true; });
  form.addEventListener("submit", function (event) { event.preventDefault(); });

  var scheduled = false;
  search.addEventListener("input", function () {
    if (scheduled) { return; }
    scheduled = true;
    window.requestAnimationFrame(function () {
      scheduled = false;
      view.q = search.value.trim();
      view.page = 1;
      apply(false);
    });
  });
  selects.forEach(function (select) {
    select.addEventListener("change", function () { view[select.name] = select.value; view.page = 1; apply(false); });
  });
  boxes.forEach(function (box) {
    box.addEventListener("change", function () {
      view.flags = box.checked ? view.flags | FLAGS[box.value] : view.flags & ~FLAGS[box.value];
      view.page = 1;
      apply(false);
    });
  });
  headers.forEach(function (th) {
    th.querySelector("button").addEventListener("click", function () {
      var key = th.getAttribute("data-column");
      view.desc = view.sort === key ? !view.desc : false;
      view.sort = key;
      view.page = 1;
      apply(false);
    });
  });
  pager.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-page]");
    if (!button) { return; }
    var target = button.getAttribute("data-page");
    view.page = target === "prev" ? view.page - 1 : target === "next" ? view.page + 1 : parseInt(target, 10);
    apply(true);
    root.scrollIntoView({ block: "start" });
  });
  each(form, "[data-download]", function (button) {
    button.addEventListener("click", function () {
      var format = button.getAttribute("data-download");
      if (state === "ready") { save(format); return; }
      status.textContent = say("loading");
      load(function () { show(); save(format); });
    });
  });
  window.addEventListener("popstate", function () { readAddress(); apply(false); });
  form.addEventListener("focusin", function () { load(); });

  readAddress();
  if (!isDefault()) {
    apply(false);
  } else if (document.readyState === "complete") {
    load(show);
  } else {
    window.addEventListener("load", function () { load(show); });
  }
}());
