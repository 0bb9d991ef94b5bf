"""The design in the browser (issue #16, problem 6 and the design points): charts that read on a phone and a
desktop, every text ≥ 4.5:1 against what is behind it in light, dark and paper (SVG text included, which axe
does not check), one number format, each chart under its heading with its numbers, print and favicon."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from browserkit import BIG, Origin, Sites

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

MEASURE = (Path(__file__).parent / "design.js").read_text(encoding="utf-8")
DEMO = "accounts/instagram-demo.account"
CHART_PAGES = ["index.html", f"{DEMO}/index.html", f"{DEMO}/history.html", f"accounts/{BIG}/index.html"]
KEY_PAGES = [*CHART_PAGES, f"{DEMO}/not_following_back/index.html", "findings.html", "guides/follower-balance.html",
             "about.html", f"accounts/{BIG}/history.html"]
# theme -> (site, system colour scheme, the theme toggle's remembered choice)
THEMES = {"light": ("main", "light", ""), "dark": ("main", "dark", ""), "toggled-dark": ("main", "light", "dark"),
          "toggled-light": ("main", "dark", "light"), "paper": ("paper", "light", ""),
          "paper-dark": ("paper", "dark", "")}
MIN_CONTRAST = 4.5
MIN_PX = 11


def _undated(text: str) -> str:
    return re.sub(r"\d{4}-\d\d(-\d\d)?", "", text)


def _open(browser: Any, sites: Sites, site: str = "main", width: int = 1280, scheme: str = "light") -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    return context, context.new_page(), Origin("file", getattr(sites, site))


def _pages(site: str) -> list[str]:
    return KEY_PAGES if site == "main" else [p for p in KEY_PAGES if BIG not in p]


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_every_text_has_contrast_in_every_theme(browser: Any, sites: Sites, theme: str) -> None:
    """HTML text and SVG chart text alike, against the surface or the chart shape behind it."""
    site, scheme, toggled = THEMES[theme]
    context, page, origin = _open(browser, sites, site, scheme=scheme)
    if toggled:
        context.add_init_script(f"localStorage.setItem('followscope-theme', '{toggled}')")
    low: dict[str, list[str]] = {}
    svg_texts = 0
    for relative in _pages(site):
        page.goto(origin.url(relative))
        found = page.evaluate(MEASURE)
        svg_texts += sum(f["kind"] == "svg" for f in found)
        bad = [f"{f['text']!r} {f['ratio']:.2f} ({f['kind']} {f['cls']})" for f in found if f["ratio"] < MIN_CONTRAST]
        if bad:
            low[relative] = bad[:8]
    applied = page.evaluate("document.documentElement.dataset.theme || ''")
    context.close()
    assert svg_texts > 20  # the charts were measured, not skipped
    assert applied == toggled
    assert low == {}


@pytest.mark.parametrize("width", [390, 1280])
def test_chart_text_is_at_least_11_px_as_rendered(browser: Any, sites: Sites, width: int) -> None:
    context, page, origin = _open(browser, sites, width=width)
    small: dict[str, list[str]] = {}
    for relative in CHART_PAGES:
        page.goto(origin.url(relative))
        found = [f for f in page.evaluate(MEASURE) if f["kind"] == "svg"]
        assert found, relative
        tiny = [f"{f['text']!r} {f['px']:.1f}px" for f in found if f["px"] < MIN_PX]
        if tiny:
            small[relative] = tiny[:8]
        assert page.evaluate("document.documentElement.scrollWidth") <= width, relative
    context.close()
    assert small == {}


def test_chart_numbers_carry_thousands_separators(browser: Any, sites: Sites) -> None:
    """25,000 followers: "22,500", never "22500" nor "22.5k", in the drawing, the legend and the table."""
    context, page, origin = _open(browser, sites)
    shown = "figure.chart svg:visible text, figure.chart .chart-legend li, figure.chart td"
    texts: list[str] = []
    for relative in (f"accounts/{BIG}/index.html", "index.html"):
        page.goto(origin.url(relative))
        texts += page.locator(shown).evaluate_all("all => all.map(e => e.textContent)")
    context.close()
    assert any("22,500" in t for t in texts)
    assert [t for t in texts if re.search(r"\d{4}|\d\.\dk\b", _undated(t))] == []


def test_every_chart_sits_under_its_heading_with_its_numbers(browser: Any, sites: Sites) -> None:
    context, page, origin = _open(browser, sites)
    for relative in CHART_PAGES:
        page.goto(origin.url(relative))
        figures = page.locator("figure.chart")
        assert figures.count() >= 1, relative
        for i in range(figures.count()):
            figure = figures.nth(i)
            heading = figure.locator(":scope > .chart-title")
            expect(heading).to_be_visible()
            assert heading.evaluate("h => /^H[2-4]$/.test(h.tagName)")
            assert figure.get_attribute("aria-labelledby") == heading.get_attribute("id")
            table = figure.locator("details.chart-data table")
            expect(table).to_be_hidden()
            figure.locator("details.chart-data summary").click()
            expect(table).to_be_visible()
            assert table.locator("tbody tr").count() >= 1
            svg = figure.locator("svg.chart-svg:visible")
            if svg.count():  # responsive and centred: the drawing fills its box up to a max width, centred
                box, fig = svg.bounding_box(), figure.bounding_box()
                assert box["width"] <= fig["width"] + 1
                assert abs((box["x"] - fig["x"]) - (fig["x"] + fig["width"] - box["x"] - box["width"])) <= 2
    context.close()


def test_a_one_export_history_draws_no_line(browser: Any, sites: Sites) -> None:
    context, page, origin = _open(browser, sites)
    page.goto(origin.url(f"accounts/{BIG}/history.html"))
    figure = page.locator("figure.chart")
    expect(figure.locator(".chart-single-values")).to_contain_text("25,000")
    assert figure.locator("svg.chart-svg, polyline, circle").count() == 0
    context.close()


def test_month_labels_do_not_run_together(browser: Any, sites: Sites) -> None:
    for width in (390, 1280):
        context, page, origin = _open(browser, sites, width=width)
        page.goto(origin.url(f"{DEMO}/index.html"))
        for svg in page.locator("figure.chart svg.chart-svg:visible").all():
            boxes = svg.evaluate("""s => [...s.querySelectorAll("text.tick")].map(t => {
                const b = t.getBoundingClientRect(); return [b.left, b.right, Math.round(b.bottom)]; })""")
            rows: dict[int, list[tuple[float, float]]] = {}
            for left, right, bottom in boxes:
                rows.setdefault(bottom, []).append((left, right))
            for spans in rows.values():
                spans.sort()
                assert all(a[1] <= b[0] for a, b in pairwise(spans)), (width, spans)
        context.close()


def test_print_is_a_clean_black_on_white_summary(browser: Any, sites: Sites) -> None:
    context, page, origin = _open(browser, sites, scheme="dark")
    for relative in ("index.html", "findings.html"):
        page.goto(origin.url(relative))
        page.emulate_media(media="print")
        for selector in (".site-header", ".breadcrumbs", ".theme-toggle", "details.chart-data"):
            assert all(not e.is_visible() for e in page.locator(selector).all()), selector
        colours = page.evaluate("""() => [...document.querySelectorAll("body, .card, .finding")].map(e => {
            const s = getComputedStyle(e); return [s.backgroundColor, s.color]; })""")
        assert {bg for bg, _ in colours} <= {"rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"}, relative
        assert {fg for _, fg in colours} == {"rgb(0, 0, 0)"}, relative
        assert page.evaluate("getComputedStyle(document.querySelector('.card, .finding, main')).breakInside") in (
            "avoid", "auto")
        page.emulate_media(media="screen")
    page.goto(origin.url("index.html"))
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.card')).breakInside") == "avoid"
    context.close()


def test_every_page_has_an_inline_favicon(browser: Any, sites: Sites) -> None:
    context, page, origin = _open(browser, sites)
    for relative in ("index.html", f"{DEMO}/fans/index.html", "404.html"):
        page.goto(origin.url(relative))
        href = page.locator("link[rel=icon]").get_attribute("href") or ""
        assert href.startswith("data:image/svg+xml,"), relative
    size = page.evaluate("""href => new Promise(done => { const i = new Image(); i.onload = () => done(i.width);
                            i.onerror = () => done(0); i.src = href; })""", href)
    context.close()
    assert size > 0


def test_wide_tables_never_widen_the_page(browser: Any, sites: Sites) -> None:
    """The About table at 1280 px: the page never scrolls sideways; a table too wide scrolls in its own box."""
    for width in (390, 1280):
        context, page, origin = _open(browser, sites, width=width)
        page.goto(origin.url("about.html"))
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if width > 1000:  # on a desktop the table fits the page; a phone may scroll it in its own box
            assert page.evaluate("""() => [...document.querySelectorAll('.about-table')].every(t =>
                t.getBoundingClientRect().right <= t.closest('main').getBoundingClientRect().right + 1)""")
        context.close()


def test_theme_toggle_cycles_system_light_dark_with_the_page_words(browser: Any, sites: Sites) -> None:
    context, page, origin = _open(browser, sites, scheme="dark")
    page.goto(origin.url("index.html"))
    button = page.locator("[data-theme-toggle]")
    seen = []
    for _ in range(3):
        seen.append((button.inner_text(), page.evaluate("document.documentElement.dataset.theme || ''"),
                     page.evaluate("getComputedStyle(document.body).backgroundColor")))
        button.click()
    context.close()
    assert [(text, theme) for text, theme, _ in seen] == [("Theme: system", ""), ("Theme: light", "light"),
                                                          ("Theme: dark", "dark")]
    assert seen[0][2] == seen[2][2] != seen[1][2]  # system (dark here) and dark look alike; light does not


def test_a_right_to_left_page_mirrors_without_rules_of_its_own(browser: Any, sites: Sites) -> None:
    """Logical properties only: with dir="rtl" (issue #17) the severity rule and the nav move to the right."""
    context, page, origin = _open(browser, sites, width=390)
    page.goto(origin.url(f"{DEMO}/index.html"))
    page.evaluate("document.documentElement.dir = 'rtl'")
    finding = page.locator(".finding").first
    widths = finding.evaluate("e => [getComputedStyle(e).borderRightWidth, getComputedStyle(e).borderLeftWidth]")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert widths == ["4px", "0px"]
    assert scroll <= 390


def test_a_severity_icon_is_a_drawing_outside_the_words(browser: Any, sites: Sites) -> None:
    """The info icon once was the letter i, uppercased with the label into "I FOR YOUR INFORMATION"."""
    context, page, origin = _open(browser, sites)
    labels: set[str] = set()
    for relative in ("index.html", f"{DEMO}/index.html", "findings.html"):
        page.goto(origin.url(relative))
        labels |= set(page.locator(".finding .severity").all_inner_texts())
        icons = page.locator(".finding .severity .severity-icon")
        assert icons.count() == page.locator(".finding .severity").count() > 0
        assert set(icons.evaluate_all("all => all.map(i => i.tagName + i.getAttribute('aria-hidden'))")) == {"svgtrue"}
    context.close()
    assert {label.strip() for label in labels} == {"FOR YOUR INFORMATION", "WORTH A LOOK", "WARNING"}
