"""The site in another language, in the browser: no English words left in a Spanish build, Arabic laid out
right to left without sideways scrolling on a phone, axe clean in both, numbers as the language writes them,
a header of one row and one height whatever the language, and dates that read 2025-12-10 right to left too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browserkit import BIG, Origin, big_account, build, by_words, demo_account, static_rows, watch_context

from followscope_site import resources
from followscope_site.i18n import catalog_path

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

DEMO = "accounts/instagram-demo.account"
PAGES = ["index.html", f"{DEMO}/index.html", f"{DEMO}/not_following_back/index.html", "findings.html",
         f"{DEMO}/history.html", "search.html?q=anna", "about.html"]
PHONE = 390

# Every text node a reader can see, and the words of aria-label, title and placeholder attributes.
READER_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest("script, style, template, [hidden]") || !parent.getClientRects().length) continue;
    const text = node.textContent.trim();
    if (text) out.push(text);
  }
  for (const el of document.querySelectorAll("[aria-label], [title], [placeholder]")) {
    for (const name of ["aria-label", "title", "placeholder"]) {
      const value = (el.getAttribute(name) || "").trim();
      if (value) out.push(value);
    }
  }
  out.push(document.title);
  return out;
}"""


@pytest.fixture(scope="module")
def language_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("language-sites")
    demo = demo_account()
    sites = {code: build({"site": {"title": "FollowScope demo", "language": code}, "accounts": [demo]},
                         base / code, base / f"{code}-site") for code in ("es", "ar")}
    sites["de"] = build({"site": {"title": "FollowScope", "language": "de"}, "accounts": [big_account(base / "x")]},
                        base / "de", base / "de-site")
    return sites


@pytest.fixture
def page_in(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def open_page(site: Path, width: int = 1280) -> tuple[Any, Origin]:
        origin = Origin("file", site)
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        watch_context(context, origin.inside)
        return context.new_page(), origin

    yield open_page
    for context in contexts:
        context.close()


def _ready(page: Any) -> None:
    for state in ("[data-list]", "[data-search]"):
        if page.locator(state).count():
            expect(page.locator(state)).to_have_attribute("data-state", "ready", timeout=60_000)


def _english_left(code: str) -> tuple[set[str], list[re.Pattern[str]]]:
    """The English msgids a page of `code` must not show: the untranslated ones, exact or with their
    placeholders filled (at least two words of their own, so that '%(name)s: %(value)s' matches nothing)."""
    from babel.messages.pofile import read_po

    with catalog_path(code).open("rb") as f:
        catalog = read_po(f, locale=code)
    with (resources.locale_dir() / "messages.pot").open("rb") as f:
        template = read_po(f)
    exact, patterns = set(), []
    for message in template:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        translated = catalog.get(message.id)
        strings = () if translated is None or translated.fuzzy else (
            translated.string if isinstance(translated.string, tuple) else (translated.string,))
        for english in ids:
            if english in strings:  # the same word in both languages (a brand, "OK"): nothing to tell
                continue
            parts = re.split(r"%\(\w+\)[sd]|\{\w+\}", english)
            if len(parts) == 1:
                exact.add(english.strip())
            elif len(" ".join(parts).split()) >= 2:
                patterns.append(re.compile("(.+?)".join(re.escape(p) for p in parts), re.S))
    return exact, patterns


def test_spanish_pages_show_no_english_words(language_sites: dict[str, Path], page_in: Any) -> None:
    exact, patterns = _english_left("es")
    page, origin = page_in(language_sites["es"])
    found: dict[str, list[str]] = {}
    for relative in PAGES:
        page.goto(origin.url(relative))
        _ready(page)
        texts = page.evaluate(READER_TEXT)
        left = sorted({t for t in texts if t in exact or any(p.fullmatch(t) for p in patterns)})
        if left:
            found[relative] = left[:20]
    assert found == {}


def test_arabic_pages_are_right_to_left_and_fit_a_phone(language_sites: dict[str, Path], page_in: Any) -> None:
    page, origin = page_in(language_sites["ar"], PHONE)
    found = {}
    for relative in PAGES:
        page.goto(origin.url(relative))
        _ready(page)
        direction = page.evaluate("getComputedStyle(document.body).direction")
        width = page.evaluate("document.documentElement.scrollWidth")
        if direction != "rtl" or width > PHONE:
            found[relative] = (direction, width)
    assert found == {}


@pytest.mark.parametrize("code", ["es", "ar"])
def test_no_serious_axe_violation_in_another_language(language_sites: dict[str, Path], page_in: Any,
                                                      code: str) -> None:
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    axe = axe_module.Axe()
    page, origin = page_in(language_sites[code])
    found = {}
    for relative in ("index.html", f"{DEMO}/not_following_back/index.html"):
        page.goto(origin.url(relative))
        _ready(page)
        problems = [f"{v['id']} ({v['impact']}): " + "; ".join(n["target"][0] for n in v["nodes"][:5])
                    for v in axe.run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        if problems:
            found[relative] = problems
    assert found == {}


@pytest.mark.parametrize(("code", "relative"), [("es", f"{DEMO}/fans/index.html"),
                                               ("de", f"accounts/{BIG}/fans/index.html")])
def test_numbers_list_js_writes_match_the_page(language_sites: dict[str, Path], page_in: Any, browser: Any, code: str,
                                                relative: str) -> None:
    """The status line list.js writes has the numbers the page was built with (Babel): 9.654 in Spanish before and
    after list.js runs, though Intl.NumberFormat leaves a Spanish 9654 ungrouped; German groups with a dot too."""
    page, origin = page_in(language_sites[code])
    static = browser.new_context(java_script_enabled=False)
    built = static.new_page()
    built.goto(origin.url(relative))
    badge = built.locator("h1 .badge").inner_text()
    sentence = built.locator(".list-status").evaluate("el => el.firstChild.textContent").strip()
    static.close()
    assert re.fullmatch(r"\d{1,3}(\.\d{3})+", badge) and f" {badge}," in sentence, (badge, sentence)
    page.goto(origin.url(relative))
    _ready(page)
    expect(page.locator(".list-status")).to_have_text(sentence)  # the same sentence, now written by list.js
    page.fill("#list-search", "a")
    expect(page.locator(".list-status")).to_contain_text(re.compile(rf"^\d{{1,3}}(\.\d{{3}})* \w+ {re.escape(badge)} "))


@pytest.mark.parametrize("key", ["reason", "detail"])
def test_text_columns_sort_by_the_spanish_words(language_sites: dict[str, Path], page_in: Any, browser: Any,
                                                key: str) -> None:
    """Reason and Detail sort by the Spanish sentence shown (Intl.Collator("es")), not by English codes."""
    page, origin = page_in(language_sites["es"])
    relative = f"{DEMO}/changes/2025-09-01_2025-12-10/lost_followers/index.html"
    rows = static_rows(browser, origin.url(relative))
    assert len({r[key] for r in rows if r[key]}) > 2
    for desc in (False, True):
        page.goto(origin.url(f"{relative}?sort={'-' if desc else ''}{key}"))
        _ready(page)
        shown = page.locator(".list-table tbody th [data-field=handle]").all_inner_texts()
        assert shown == by_words(page, rows, key, desc)


# Every page kind of a one-account site (the demo): the header must look the same on each.
KINDS = ["index.html", f"{DEMO}/index.html", f"{DEMO}/not_following_back/index.html", f"{DEMO}/history.html",
         f"{DEMO}/changes/2025-09-01_2025-12-10/lost_followers/index.html", "findings.html", "overlap.html",
         "guides/index.html", "guides/follower-balance.html", "about.html", "history.html", "search.html", "404.html"]

# The header's height, whether its parts (brand, menu, tools) share one row, and whether the search field's
# placeholder fits (typed in as a value, since a cut placeholder shows no overflow of its own).
HEADER = """() => {
  const row = document.querySelector(".header-row");
  const middles = Array.from(row.children).filter(e => e.getClientRects().length)
    .map(e => { const r = e.getBoundingClientRect(); return r.top + r.height / 2; });
  const field = document.querySelector("#site-search-q");
  let cut = false;
  if (field && field.getClientRects().length) {
    field.value = field.placeholder; cut = field.scrollWidth > field.clientWidth; field.value = "";
  }
  return {height: document.querySelector(".site-header").getBoundingClientRect().height,
          rows: Math.round(Math.max(...middles) - Math.min(...middles)) > 2 ? 2 : 1, cut};
}"""


@pytest.mark.parametrize("code", ["en", "es", "ar"])
def test_the_header_is_one_row_of_one_height_on_every_page_kind(language_sites: dict[str, Path], sites: Any,
                                                                  page_in: Any, code: str) -> None:
    """At 1280 px: no page's menu, current item or missing search field changes the header; the search
    field shows its whole placeholder in the page's language."""
    page, origin = page_in(sites.main if code == "en" else language_sites[code])
    seen = {}
    for relative in KINDS:
        page.goto(origin.url(relative))
        expect(page.locator(".theme-toggle")).to_be_visible()  # theme.js and search.js have shown their parts
        if relative != "search.html":
            expect(page.locator("#site-search-q")).to_be_visible()
        seen[relative] = page.evaluate(HEADER)
    heights = {round(s["height"], 1) for s in seen.values()}
    assert len(heights) == 1, seen
    assert {(s["rows"], s["cut"]) for s in seen.values()} == {(1, False)}, seen


# Every ISO date a reader sees: its year drawn after (right of) its day, or its parts on more than one line.
DATES = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest("script, style, template, [hidden], details:not([open])")
        || !parent.getClientRects().length) continue;
    // a date inside a file name (instagram-x-2025-12-10-Ab.zip) is part of that name, as isolate.py reads it:
    // the name is one left-to-right run, and a long one may break at its hyphens on a phone
    for (const m of node.textContent.matchAll(/(?<![0-9A-Za-z_.\\/-])\\d{4}-\\d\\d-\\d\\d(?![0-9A-Za-z_-])/g)) {
      const range = document.createRange();
      const box = (from, to) => { range.setStart(node, m.index + from); range.setEnd(node, m.index + to);
                                  return Array.from(range.getClientRects()).filter(r => r.width > 0); };
      const year = box(0, 4)[0], day = box(8, 10)[0];
      const lines = new Set(box(0, 10).map(r => Math.round(r.top))).size;
      if (lines > 1 || year.left > day.left) out.push(`${m[0]} in ${parent.tagName}.${parent.className}`);
    }
  }
  return out;
}"""


@pytest.mark.parametrize("width", [PHONE, 1280])
def test_dates_read_year_first_and_stay_whole_right_to_left(language_sites: dict[str, Path], page_in: Any,
                                                            width: int) -> None:
    """Arabic words around 2025-12-10 would reverse its parts (10-12-2025) and a line could break at a hyphen."""
    page, origin = page_in(language_sites["ar"], width)
    found = {}
    for relative in [*KINDS, f"{DEMO}/changes/2025-06-01_2025-09-01/dropped_following/index.html",
                     "guides/after-a-follow-back.html", "guides/history-and-changes.html",
                     "search.html?q=farid_bakes4"]:  # search.js writes follow dates into sentences
        page.goto(origin.url(relative))
        _ready(page)
        wrong = page.evaluate(DATES)
        if wrong:
            found[relative] = wrong[:5]
    assert found == {}
