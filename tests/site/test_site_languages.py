"""Right-to-left pages, isolated handles, guides per language, and several languages in one site."""

from __future__ import annotations

import re
from pathlib import Path

from htmlcheck import crawl, parse
from sitekit import loaded_config, render_to, small_report

from followscope_site.site.guides import read_guides
from followscope_site.site.render import make_environment, template_dirs
from followscope_site.site.theme import load_theme

HOSTILE = "evil\u202eexe.txt"


def test_arabic_site_is_right_to_left(tmp_path: Path, guides_folder: Path) -> None:
    site = render_to(tmp_path / "site", small_report(), loaded_config(tmp_path, language="ar"), guides_folder)
    for path in sorted(site.rglob("*.html")):
        assert '<html lang="ar" dir="rtl">' in path.read_text(encoding="utf-8"), path


def test_handles_are_isolated_left_to_right(tmp_path: Path) -> None:
    env = make_environment(template_dirs(loaded_config(tmp_path), load_theme("default")), lang="ar")
    macros = env.get_template("macros.html").module
    html = str(macros.handle_link(HOSTILE, "https://example.org/x"))  # type: ignore[attr-defined]
    # the whole handle, override character included, sits inside one left-to-right isolate
    assert re.fullmatch(r'<bdi dir="ltr"><a href="https://example.org/x" rel="noopener noreferrer">'
                        r"evil\u202eexe.txt</a></bdi>", html)
    assert str(macros.handle_link(HOSTILE, None)) == f'<bdi dir="ltr">{HOSTILE}</bdi>'  # type: ignore[attr-defined]


def test_list_rows_isolate_the_handle(small_site: Path) -> None:
    page = parse(small_site / "accounts" / "instagram-alice" / "mutuals" / "index.html")
    handles = [attrs for tag, attrs in page.tags if tag == "a" and attrs.get("data-field") == "handle"]
    assert handles and all(a.get("dir") == "ltr" for a in handles)


def test_translated_guides_replace_english_ones_by_file_name(tmp_path: Path, guides_folder: Path) -> None:
    local = tmp_path / "es"
    local.mkdir()
    (local / "glossary.md").write_text("---\ntitle: Glosario\norder: 9\n---\n\n- `mutuals`: **Seguidores mutuos**.\n",
                                       encoding="utf-8")
    (local / "not-in-english.md").write_text("---\ntitle: Extra\n---\n", encoding="utf-8")
    guides = {g.slug: g for g in read_guides(guides_folder, local)}
    assert set(guides) == {"follower-balance", "glossary"}  # the English slugs, no more
    assert guides["glossary"].title == "Glosario" and "Seguidores mutuos" in guides["glossary"].html
    assert guides["follower-balance"].title == "Follower balance"  # no translation: English


def test_several_languages_share_assets_and_data(tmp_path: Path, guides_folder: Path) -> None:
    loaded = loaded_config(tmp_path, languages=["en", "es", "ar"], site_url="https://a.example/f/")
    site = render_to(tmp_path / "site", small_report(), loaded, guides_folder)
    _pages, broken = crawl(site)
    assert broken == []
    for code in ("es", "ar"):
        folder = site / code
        assert (folder / "index.html").is_file() and (folder / "accounts/instagram-alice/mutuals/index.html").is_file()
        assert not list(folder.rglob("*.js")) and not list(folder.rglob("*.json"))  # data and assets once, at root
        assert not (folder / "404.html").exists() and not (folder / "assets").exists()
        pages_here, broken_here = crawl(site, f"{code}/index.html")
        assert broken_here == []
        inside = {p.relative_to(site.resolve()).parts[0] for p in pages_here}
        assert code in inside
    es_list = (site / "es/accounts/instagram-alice/mutuals/index.html").read_text(encoding="utf-8")
    files = re.search(r'data-files="([^"]+)"', es_list)
    assert files and all((site / "es/accounts/instagram-alice/mutuals" / f).resolve().is_file()
                         for f in files.group(1).split())
    assert '<html lang="ar" dir="rtl">' in (site / "ar/findings.html").read_text(encoding="utf-8")
    switcher = (site / "es/findings.html").read_text(encoding="utf-8")
    assert 'aria-label="Idioma"' in switcher
    for href, code in (("../findings.html", "en"), ("../es/findings.html", "es"), ("../ar/findings.html", "ar")):
        assert f'href="{href}" hreflang="{code}"' in switcher
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://a.example/f/es/findings.html" in sitemap and "https://a.example/f/findings.html" in sitemap
    assert "Idioma" not in (site / "index.html").read_text(encoding="utf-8")


def test_one_language_has_no_switcher(small_site: Path) -> None:
    assert 'class="languages"' not in (small_site / "index.html").read_text(encoding="utf-8")


def _switches_language(tag: str, attrs: dict[str, str]) -> bool:
    """The language switcher and <link rel=alternate hreflang>: the only links meant to leave a language."""
    return "hreflang" in attrs


def test_pages_of_a_language_link_to_pages_of_that_language(tmp_path: Path, guides_folder: Path) -> None:
    loaded = loaded_config(tmp_path, languages=["en", "es"])
    site = (tmp_path / "site").resolve()
    render_to(site, small_report(), loaded, guides_folder)
    shared = ("assets/", "accounts/")  # the theme's files and the lists' data files (.js/.json), once at the root
    checked = 0
    for path in sorted((site / "es").rglob("*.html")):
        page = parse(path)
        for tag, attrs in page.tags:
            for attr in ("href", "src", "action", "data-href"):
                url = attrs.get(attr, "")
                if not url or url.startswith(("#", "https:", "http:", "data:")) or _switches_language(tag, attrs):
                    continue
                target = (path.parent / url.split("#")[0].split("?")[0]).resolve()
                where = target.relative_to(site).as_posix()
                checked += 1
                if where.startswith("es/"):
                    continue
                allowed = where in ("report.json", "feed.xml") or (
                    where.startswith(shared) and not where.endswith(".html"))
                assert allowed, f"{path.relative_to(site)}: {attr}={url} leaves the Spanish pages"
        for attrs in (a for t, a in page.tags if t == "a" and "data-files" in a):
            for name in attrs["data-files"].split():  # search.js loads these from the page: at the site root
                assert (path.parent / name).resolve().is_file(), f"{path.relative_to(site)}: {name}"
    assert checked > 100


def test_several_language_sites_name_each_language_in_the_head(tmp_path: Path, guides_folder: Path) -> None:
    site = render_to(tmp_path / "site", small_report(), loaded_config(tmp_path, languages=["en", "es"]),
                     guides_folder)
    for page, root in ((site / "index.html", ""), (site / "es" / "index.html", "../")):
        alternates = {a["hreflang"]: a["href"] for t, a in parse(page).tags
                      if t == "link" and a.get("rel") == "alternate" and "hreflang" in a}
        assert alternates == {"en": f"{root}index.html", "es": f"{root}es/index.html"}
    one = render_to(tmp_path / "one", small_report(), loaded_config(tmp_path, language="es"), guides_folder)
    assert 'hreflang=' not in (one / "index.html").read_text(encoding="utf-8")


def test_model_numbers_follow_each_language(tmp_path: Path, guides_folder: Path) -> None:
    """Each language's pages are made from a model in that language: words and numbers alike."""
    site = render_to(tmp_path / "site", small_report(), loaded_config(tmp_path, languages=["en", "fr"]),
                     guides_folder)
    english = (site / "accounts/instagram-alice/index.html").read_text(encoding="utf-8")
    french = (site / "fr/accounts/instagram-alice/index.html").read_text(encoding="utf-8")
    assert "20.0%" in english and "20,0\u00a0%" in french  # the composition chart's shares, CLDR percent
