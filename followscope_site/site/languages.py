"""Several languages in one site: the default language at the root, every other one in a folder of its code.

Only the pages move: a page of `es/` keeps `page.root` pointing at the site's root, where the theme's
assets, the lists' data files and report.json are, once for every language. Templates lead to the other
pages through `home` (page.root + the folder: navigation, breadcrumbs, cards, findings, lists), so a Spanish
page's links stay Spanish; the language switcher leads to the same page in each language.
"""

from __future__ import annotations

import dataclasses
import posixpath
from dataclasses import dataclass

from followscope_site.i18n import language
from followscope_site.site.pages.navigation import Page


@dataclass(slots=True)
class LanguageLink:
    """One entry of the language switcher."""

    code: str
    name: str  # in its own language, as a reader looks for it
    href: str  # relative to the site root
    current: bool


def folder_of(code: str, codes: list[str]) -> str:
    """'' for the default language (the first), 'es/' for another."""
    return "" if code == codes[0] else f"{code}/"


def in_folder(page: Page, folder: str, site_url: str | None) -> Page:
    """A finished page (navigation.finish) moved into a language's folder; its links stay relative to `home`."""
    if not folder:
        return page
    here = posixpath.dirname(page.path)
    files = getattr(page.data, "data_files", None)  # a list's data files: relative to its page, at the root
    page.path = folder + page.path
    page.root = "../" * page.path.count("/")
    if isinstance(files, list) and dataclasses.is_dataclass(page.data):
        page.data = dataclasses.replace(page.data, data_files=[page.root + posixpath.join(here, f) for f in files])
    if page.canonical is not None and site_url:
        page.canonical = site_url + folder + page.canonical[len(site_url):]
    return page


def language_links(path: str, code: str, codes: list[str]) -> list[LanguageLink]:
    """The switcher of the page at `path` (relative to its language's root); empty for a one-language site."""
    if len(codes) < 2:
        return []
    return [LanguageLink(c, language(c).name, folder_of(c, codes) + path, c == code) for c in codes]
