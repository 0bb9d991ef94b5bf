/* FollowScope search, on every page: the `/` key focuses the page's search field (a list's own search, or the
   site search box), the header's search box opens search.html?q=…, and search.html looks for a handle in
   every list of every account.

   search.html reads the lists from the data files their pages already have (docs/site-data.md): classic
   scripts, loaded in order with <script src> (file:// forbids fetch()), each pushing its chunks onto
   window.FOLLOWSCOPE_DATA; the chunks waiting when a script's load event fires are that script's. */
(function () {
  "use strict";

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function usable(field) {
    return field && !field.closest("[hidden]") && !field.disabled;
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented ||
        typing(event.target)) { return; }
    var field = document.querySelector("[data-slash]");
    if (!usable(field)) { field = document.getElementById("site-search-q"); }
    if (!usable(field)) { return; }
    event.preventDefault();
    field.focus();
    field.select();
  });

  // The header's box: a form whose submission the page's policy forbids (form-action 'none'), so it navigates.
  var box = document.querySelector("[data-site-search]");
  if (box) {
    box.hidden = false;
    box.addEventListener("submit", function (event) {
      event.preventDefault();
      var q = box.querySelector("input").value.trim();
      window.location.href = box.getAttribute("action") + (q ? "?q=" + encodeURIComponent(q) : "");
    });
  }

  var root = document.querySelector("[data-search]");
  if (!root) { return; }

  var SHOWN = 50;  // accounts shown at most; the reader narrows the rest by typing more
  var TIMES = ["followed_at", "follows_you_since", "at"];
  var form = root.querySelector(".search-tools");
  var input = document.getElementById("search-q");
  var status = root.querySelector(".search-status");
  var results = root.querySelector(".search-results");
  var uiText = {}, reasons = {};
  try {
    uiText = JSON.parse(document.getElementById("ui-text").textContent);
    reasons = JSON.parse(document.getElementById("search-reasons").textContent);
  } catch (e) { /* the words fall back to their keys */ }

  function say(key, values) {
    return String(uiText[key] || key).replace(/\{(\w+)\}/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  // Counts as the page's own numbers have them (Babel's pattern #,##0 with the language's group separator, given
  // by the page): 1,234 / 1.234 / 9.654 in Spanish too, where Intl.NumberFormat would write 9654.
  var group = typeof uiText.group === "string" ? uiText.group : null;
  var numberFormat = new Intl.NumberFormat(document.documentElement.lang || undefined, { useGrouping: "always" });
  function number(n) {
    if (group === null) { return numberFormat.format(n); }
    return String(n).replace(/\B(?=(\d{3})+$)/g, function () { return group; });
  }

  // a date inside a sentence, marked for fill(): among right-to-left words the bidi algorithm would show
  // 2025-12-10 as 10-12-2025
  function isolated(date) { return "\u2066" + date + "\u2069"; }
  function day(seconds) { return isolated(new Date(seconds * 1000).toISOString().slice(0, 10)); }

  /* -- the lists, from the page's own links to them ------------------------------------------------- */
  var accounts = [], lists = [];
  Array.prototype.forEach.call(root.parentNode.querySelectorAll(".search-list-links"), function (ul) {
    var account = { label: ul.getAttribute("data-label"), href: ul.getAttribute("data-href"), number: accounts.length };
    accounts.push(account);
    Array.prototype.forEach.call(ul.querySelectorAll("a[data-files]"), function (a) {
      lists.push({
        account: account, key: a.getAttribute("data-key"), kind: a.getAttribute("data-kind"),
        title: a.getAttribute("data-title"), href: a.getAttribute("href"),
        files: a.getAttribute("data-files").split(" ").filter(Boolean), prefix: a.getAttribute("data-url-prefix"),
        from: a.getAttribute("data-from"), to: a.getAttribute("data-to"),
        handles: [], urls: {}, times: {}, reasons: null, relation: {}, deleted: {}
      });
    });
  });

  function merge(list, chunk) {
    var start = chunk.start, n = chunk.count, i;
    var names = typeof chunk.handle === "string" ? chunk.handle.split("\n") : chunk.handle;
    for (i = 0; i < n; i++) { list.handles[start + i] = names[i]; }
    TIMES.forEach(function (key) {
      if (!chunk[key]) { return; }
      list.times[key] = list.times[key] || [];
      for (i = 0; i < n; i++) { list.times[key][start + i] = chunk[key][i]; }
    });
    if (chunk.reason) {
      list.reasons = list.reasons || [];
      for (i = 0; i < n; i++) { list.reasons[start + i] = chunk.reason[i]; }
    }
    Object.keys(chunk.url || {}).forEach(function (k) { list.urls[start + parseInt(k, 10)] = chunk.url[k]; });
    (chunk.relation || []).forEach(function (k) { list.relation[start + k] = true; });
    (chunk.deactivated || []).forEach(function (k) { list.deleted[start + k] = true; });
  }

  var state = "idle", failures = [];
  function load() {
    if (state !== "idle") { return; }
    state = "loading";
    root.setAttribute("data-state", state);
    status.textContent = say("loading", { lists: number(lists.length) });
    window.FOLLOWSCOPE_DATA = window.FOLLOWSCOPE_DATA || [];
    var left = 0;
    lists.forEach(function (list) {
      list.files.forEach(function (name) {
        var script = document.createElement("script");
        left += 1;
        script.src = name;
        script.async = false;  // downloaded side by side, run in order: each load event follows its own run
        script.onload = function () {
          var queue = window.FOLLOWSCOPE_DATA;
          while (queue.length) { merge(list, queue.shift()); }
          left -= 1;
          if (left === 0) { ready(); }
        };
        script.onerror = function () {
          failures.push(name);
          left -= 1;
          if (left === 0) { ready(); }
        };
        document.body.appendChild(script);
      });
    });
    if (!left) { ready(); }
  }

  function ready() {
    state = "ready";
    find();
    root.setAttribute("data-state", state);
  }

  /* -- finding ------------------------------------------------------------------------------------ */
  function query() { return input.value.trim().toLowerCase().replace(/^@/, ""); }

  // Every (account, handle) whose handle holds q, with where it is: exact matches first, then those that
  // start with q, then by handle; accounts in page order.
  function matches(q) {
    var found = {}, order = [];
    lists.forEach(function (list) {
      var handles = list.handles, i, n = handles.length, id;
      for (i = 0; i < n; i++) {
        if (handles[i] === undefined || handles[i].indexOf(q) === -1) { continue; }
        id = list.account.number + "\u0000" + handles[i];
        if (!found[id]) {
          found[id] = { account: list.account, handle: handles[i], places: [] };
          order.push(found[id]);
        }
        found[id].places.push({ list: list, row: i });
      }
    });
    function rank(hit) { return hit.handle === q ? 0 : hit.handle.indexOf(q) === 0 ? 1 : 2; }
    return order.sort(function (a, b) {
      return rank(a) - rank(b) || (a.handle < b.handle ? -1 : a.handle > b.handle ? 1 : 0) ||
        a.account.number - b.account.number;
    });
  }

  // Text with its dates (marked by isolated()) as <time dir="ltr"> elements, as the pages write theirs: in order
  // among right-to-left words, and never broken at a hyphen (the theme's `time` rule).
  var DATE = /\u2066(\d{4}-\d\d-\d\d)\u2069/;
  function fill(el, text) {
    String(text).split(DATE).forEach(function (part, i) {
      if (i % 2) {
        var time = document.createElement("time");
        time.setAttribute("datetime", part);
        time.setAttribute("dir", "ltr");
        time.textContent = part;
        el.appendChild(time);
      } else if (part) {
        el.appendChild(document.createTextNode(part));
      }
    });
  }

  function element(tag, text, className) {
    var el = document.createElement(tag);
    if (text !== undefined && text !== null) { fill(el, text); }
    if (className) { el.className = className; }
    return el;
  }

  function link(href, text) {
    var a = element("a", text);
    a.setAttribute("href", href);
    return a;
  }

  function filtered(list, handle) { return list.href + "?q=" + encodeURIComponent(handle); }

  function section(article, heading, items) {
    if (!items.length) { return; }
    article.appendChild(element("h3", heading));
    var ul = element("ul");
    items.forEach(function (item) { ul.appendChild(item); });
    article.appendChild(ul);
  }

  function hitElement(hit) {
    var article = element("article", null, "search-hit");
    var heading = element("h2"), first = hit.places[0], url;
    url = Object.prototype.hasOwnProperty.call(first.list.urls, first.row) ? first.list.urls[first.row]
      : first.list.prefix ? first.list.prefix + hit.handle : null;
    if (url && url.indexOf("https://") === 0) {  // only a profile address the site made
      var profile = link(url, hit.handle);
      profile.setAttribute("rel", "noopener noreferrer");
      profile.setAttribute("title", say("profile", { handle: hit.handle }));
      heading.appendChild(profile);
    } else if (first.list.deleted[first.row] && uiText.deleted_row) {
      heading.textContent = say("deleted_row", { handle: hit.handle });  // a placeholder, in words (list.js)
    } else {
      heading.textContent = hit.handle;
    }
    article.appendChild(heading);
    var owner = element("p", say("account") + ": ", "search-account");
    owner.appendChild(link(hit.account.href, hit.account.label));
    article.appendChild(owner);

    var memberships = [], dates = [], events = [], seen = {}, hasChanges = false;
    lists.forEach(function (list) { if (list.account === hit.account && list.from) { hasChanges = true; } });
    hit.places.forEach(function (place) {
      var list = place.list, li;
      if (list.from) {
        li = element("li");
        var event = say("between", { event: list.title, from: isolated(list.from), to: isolated(list.to) });
        var reason = list.reasons && list.reasons[place.row];
        li.appendChild(link(filtered(list, hit.handle), reason ? say("reason", {
          event: event, reason: reasons[reason] || reason.replace(/_/g, " ") }) : event));
        events.push(li);
        return;
      }
      li = element("li");
      li.appendChild(link(filtered(list, hit.handle), list.title));
      memberships.push(li);
      TIMES.forEach(function (key) {
        var column = list.times[key], value = column ? column[place.row] : null;
        if (value === null || value === undefined) { return; }
        if (key === "at" && list.relation[place.row]) { return; }
        var text = key === "at" ? say("at", { list: list.title, date: day(value) }) : say(key, { date: day(value) });
        if (!seen[text]) { seen[text] = true; dates.push(element("li", text)); }
      });
    });
    section(article, say("lists"), memberships);
    section(article, say("dates"), dates);
    if (events.length) {
      section(article, say("events"), events);
    } else if (hasChanges) {
      article.appendChild(element("h3", say("events")));
      article.appendChild(element("p", say("no_events"), "muted"));
    }
    return article;
  }

  function find() {
    var q = query(), fragment = document.createDocumentFragment();
    var failed = failures.length ? say("failed", { file: failures[0] }) + " " : "";
    results.textContent = "";
    if (!q) {
      status.textContent = failed + say("prompt");
      return;
    }
    var hits = matches(q), shown = hits.slice(0, SHOWN);
    shown.forEach(function (hit) { fragment.appendChild(hitElement(hit)); });
    results.appendChild(fragment);
    var values = { q: input.value.trim(), count: number(hits.length), shown: number(shown.length) };
    var text = say(!hits.length ? "none" : hits.length === 1 ? "found_one" : hits.length > SHOWN ? "capped" : "found",
                   values);
    status.textContent = failed + text;
  }

  /* -- the address holds the query ---------------------------------------------------------------- */
  function remember() {
    var q = input.value.trim();
    var target = window.location.pathname + (q ? "?q=" + encodeURIComponent(q) : "") + window.location.hash;
    try { window.history.replaceState(null, "", target); } catch (e) { /* a file:// address may refuse */ }
  }

  form.hidden = false;
  status.textContent = say("prompt");
  input.value = new URLSearchParams(window.location.search).get("q") || "";
  var scheduled = false;
  function update() {
    remember();
    if (state === "ready") { find(); } else { load(); }
  }
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  input.addEventListener("input", function () {
    if (scheduled) { return; }
    scheduled = true;
    window.requestAnimationFrame(function () { scheduled = false; update(); });
  });
  input.addEventListener("focus", load);
  if (input.value) { load(); } else if (document.readyState === "complete") { load(); } else {
    window.addEventListener("load", load);
  }
}());
