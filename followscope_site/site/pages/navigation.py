"""What every page has around its data: where it goes, its template, title, breadcrumbs and navigation."""

from __future__ import annotations

from dataclasses import dataclass, field

from followscope_site.site.words import _


@dataclass(slots=True)
class SiteSettings:
    """What every page needs from the config and the theme."""

    title: str
    privacy: str  # "private" | "public"
    site_url: str | None  # normalised to end with "/"
    page_size: int
    stylesheets: list[str]  # asset paths relative to the site root
    scripts: list[str]
    list_script: str | None
    version: str
    generated_at: str
    search_script: str | None = None  # the `/` key on every page, the site search box, and search.html


@dataclass(slots=True)
class NavLink:
    label: str
    href: str  # relative to the site root
    current: str | None = None  # aria-current value: "page" or "true" (inside that section)


@dataclass(slots=True)
class Crumb:
    label: str
    href: str | None  # relative to the site root; None for the current page


@dataclass(slots=True)
class Page:
    """One HTML file: where it goes, which template shows it, and its data."""

    path: str
    template: str
    title: str
    section: str
    data: object
    crumbs: list[Crumb] = field(default_factory=list)
    root: str = ""  # prefix that leads from this page to the site root ("", "../", "/sub/" for 404)
    nav: list[NavLink] = field(default_factory=list)
    canonical: str | None = None


SECTIONS = {"overview": "index.html", "history": "history.html", "findings": "findings.html", "overlap": "overlap.html",
            "guides": "guides/index.html", "glossary": "guides/glossary.html", "about": "about.html"}


def nav_links(has_overlaps: bool, guide_slugs: set[str]) -> list[NavLink]:
    links = [NavLink(_("Overview"), "index.html"), NavLink(_("History"), "history.html"),
             NavLink(_("Findings"), "findings.html")]
    if has_overlaps:
        links.append(NavLink(_("Across platforms"), "overlap.html"))
    if guide_slugs:
        links.append(NavLink(_("Guides"), "guides/index.html"))
    if "glossary" in guide_slugs:
        links.append(NavLink(_("Glossary"), "guides/glossary.html"))
    links.append(NavLink(_("About"), "about.html"))
    return links


def finish(page: Page, links: list[NavLink], site_url: str | None) -> Page:
    """The page's way back to the root, its navigation (current section marked) and canonical link."""
    if page.path == "404.html":
        # GitHub Pages serves 404.html at any depth: links must start from the site's root URL.
        page.root = url_path(site_url) if site_url else ""
    else:
        page.root = "../" * page.path.count("/")
    page.nav = []
    for link in links:
        current = None
        if link.href == page.path:
            current = "page"
        elif SECTIONS.get(page.section) == link.href:
            current = "true"
        page.nav.append(NavLink(link.label, link.href, current))
    if site_url and page.path != "404.html":
        path = page.path[:-len("index.html")] if page.path.endswith("index.html") else page.path
        page.canonical = site_url + path
    return page


def url_path(site_url: str) -> str:
    """`https://alice.github.io/followers/` -> `/followers/`."""
    rest = site_url.split("://", 1)[-1]
    slash = rest.find("/")
    return rest[slash:] if slash >= 0 else "/"
