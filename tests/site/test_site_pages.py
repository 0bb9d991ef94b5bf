"""The generated pages, parsed: counts, links, CSP, no inline code, hostile text stays text."""

from __future__ import annotations

import json
import re
from pathlib import Path

from htmlcheck import crawl, is_external, parse
from sitekit import EVIL, loaded_config, render_to, small_report

from followscope_site.site.render import CSP

SPEC_TITLES = {
    "mutuals": "Mutual followers",
    "fans": "Followers you don't follow back",
    "not_following_back": "Not following you back",
    "pending_sent": "Requests you sent",
    "allowlisted": "Expected one-way",
    "deactivated": "Deleted or deactivated",
}


def test_every_internal_link_and_asset_resolves(small_site: Path) -> None:
    pages, broken = crawl(small_site)
    assert broken == []
    paths = {p.relative_to(small_site.resolve()).as_posix() for p in pages}
    for expected in ("index.html", "findings.html", "about.html", "guides/index.html", "guides/glossary.html",
                     "accounts/instagram-alice/index.html", "accounts/instagram-alice/history.html",
                     "accounts/instagram-alice/mutuals/index.html"):
        assert expected in paths
    for page in pages.values():  # search data named in data-chunks exists next to the page
        for _tag, attrs in page.tags:
            for name in attrs.get("data-chunks", "").split():
                assert (page.path.parent / name).is_file()


def test_pages_carry_csp_first_and_no_inline_code(small_site: Path) -> None:
    for path in sorted(small_site.rglob("*.html")):
        page = parse(path)
        assert page.head_first == ("meta", {"http-equiv": "Content-Security-Policy", "content": CSP}), path
        assert page.inline_scripts == [], path
        assert page.style_attrs == [] and page.style_elements == 0, path
        assert page.event_attrs == [], path
        assert {"name": "robots", "content": "noindex,nofollow"} in page.metas, path
        for link in page.links:
            if is_external(link.url):
                assert link.url.startswith("https://"), (path, link.url)
                assert link.tag == "a" and "noopener" in link.rel and "noreferrer" in link.rel, (path, link)
        assert len(page.ids) == len(set(page.ids)), path


def test_counts_shown_equal_the_report(small_site: Path) -> None:
    report = json.loads((small_site / "report.json").read_text(encoding="utf-8"))
    counts = report["accounts"][0]["counts"]
    text = parse(small_site / "index.html").all_text
    for key in ("followers", "following", "mutuals", "fans", "not_following_back"):
        label = {"followers": "Followers", "following": "Following"}.get(key, SPEC_TITLES.get(key))
        assert re.search(rf"{re.escape(label)}\s*{counts[key]}\b", text), key
    for key, title in SPEC_TITLES.items():
        page = parse(small_site / f"accounts/instagram-alice/{key}/index.html")
        assert f"{title} {counts[key]}" in " ".join(page.all_text.split())
        rows = [a for t, a in page.tags if t == "tr"]
        assert len(rows) - 2 == counts[key]  # two header rows (static table and search results)


def test_hostile_text_stays_inert(small_site: Path) -> None:
    for path in small_site.rglob("*.html"):
        raw = path.read_text(encoding="utf-8")
        assert "<script>alert" not in raw and "<img src=x" not in raw
        assert "href=\"javascript:" not in raw.replace(" ", "")
    nfb = parse(small_site / "accounts/instagram-alice/not_following_back/index.html").all_text
    assert EVIL[0] in nfb and EVIL[2] in nfb and EVIL[3] in nfb  # shown as text, exactly
    fans = parse(small_site / "accounts/instagram-alice/mutuals/index.html").all_text
    assert EVIL[1] in fans


def test_missing_list_is_not_in_this_export(tmp_path: Path) -> None:
    report = small_report()
    account = report.accounts[0]
    del account.latest.lists["followers"]
    account.counts["followers"] = None
    for key in ("mutuals", "fans", "not_following_back", "allowlisted"):
        account.counts[key] = None
        del account.categories[key]
    site = render_to(tmp_path / "site", report, loaded_config(tmp_path))
    text = " ".join(parse(site / "index.html").all_text.split())
    assert "Followers not in this export" in text
    assert "This export does not hold your followers. Request a new export in Accounts Center" in text
    assert not (site / "accounts/instagram-alice/fans").exists()
    _, broken = crawl(site)
    assert broken == []


def test_navigation_and_breadcrumbs(small_site: Path) -> None:
    page = parse(small_site / "findings.html")
    current = [(a.get("href"), a.get("aria-current")) for t, a in page.tags if t == "a" and "aria-current" in a]
    assert current == [("findings.html", "page")]
    deep = parse(small_site / "accounts/instagram-alice/mutuals/index.html")
    assert any(t == "nav" and a.get("aria-label") == "Breadcrumb" for t, a in deep.tags)


def test_site_url_gives_canonical_sitemap_and_rooted_404(tmp_path: Path, guides_folder: Path) -> None:
    site = render_to(tmp_path / "site", small_report(),
                     loaded_config(tmp_path, site_url="https://alice.github.io/f"), guides_folder)
    index = parse(site / "index.html")
    assert ("link", {"rel": "canonical", "href": "https://alice.github.io/f/"}) in index.tags
    sitemap = (site / "sitemap.xml").read_text()
    assert "<loc>https://alice.github.io/f/accounts/instagram-alice/mutuals/</loc>" in sitemap
    links = [link.url for link in parse(site / "404.html").links]
    assert "/f/index.html" in links and all(u.startswith(("/f/", "#")) for u in links)


def test_without_site_url_no_canonical_nor_sitemap(small_site: Path) -> None:
    assert not (small_site / "sitemap.xml").exists()
    assert (small_site / ".nojekyll").is_file()
    assert all(t != "link" or a.get("rel") != "canonical" for t, a in parse(small_site / "index.html").tags)


def test_guides_render_without_raw_html_or_unsafe_links(small_site: Path) -> None:
    raw = (small_site / "guides/follower-balance.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;raw&lt;/b&gt;" in raw
    assert 'href="glossary.html"' in raw
    assert 'href="https://example.org/a" rel="noopener noreferrer"' in raw
    assert "javascript:" not in raw.split("<main", 1)[1].replace("[bad](javascript:alert(1))", "")
    # The closing section names the source once, in the page language; its title is marked as English.
    assert 'It draws on &quot;<span lang="en" dir="ltr">Test article</span>&quot;.' in raw
    assert "Draws on" not in raw and "draws-on" not in raw


def test_charts_have_title_desc_and_table(small_site: Path) -> None:
    page = parse(small_site / "accounts/instagram-alice/index.html")
    svgs = [a for t, a in page.tags if t == "svg" and a.get("role") == "img"]
    assert len(svgs) >= 2
    for svg in svgs:
        title_id, desc_id = svg["aria-labelledby"].split()
        assert title_id in page.ids and desc_id in page.ids
    # the numbers of every chart in a table under "Show the numbers", not only for screen readers
    assert sum(t == "figure" for t, _ in page.tags) == sum(t == "details" and "chart-data" in a.get("class", "")
                                                           for t, a in page.tags)
    history = parse(small_site / "accounts/instagram-alice/history.html")
    assert any(t == "polyline" for t, _ in history.tags)
    assert "gone.fan" in history.all_text and "they unfollowed you" in history.all_text
    assert any(t == "span" and "certainty-likely" in a.get("class", "") for t, a in history.tags)
