"""The site in another language, in the browser: no English words left in a Spanish build, Arabic laid out
right to left without sideways scrolling on a phone, axe clean in both, and numbers as the language writes them.
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
