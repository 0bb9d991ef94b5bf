"""The languages a site can be written in, found from the folders under followscope_site/locale/.

A language is a folder `locale/<code>/` holding `LC_MESSAGES/messages.po` (and, optionally, `guides/*.md`):
adding one needs no Python change. Its name and writing direction come from CLDR through Babel, so the
folder holds only what a translator writes. English is the source language: its words are the msgids.

Catalogs are read from the `.po` file when a build first needs them (Babel's read_po) and compiled in
memory, not compiled to `.mo` by a build hook: the checkout and the installed wheel then take the very same
path (a wheel carries the `.po` files as package data), and no stale `.mo` can disagree with its `.po`.
Parsing one catalog takes milliseconds; it is cached per file and modification time for watch and serve.
"""

from __future__ import annotations

import functools
import gettext
import io
from dataclasses import dataclass
from pathlib import Path

from followscope_site import resources

SOURCE_LANGUAGE = "en"  # the msgids; needs no catalog
CATALOG = Path("LC_MESSAGES") / "messages.po"


def N_(message: str) -> str:
    """Marks a constant for extraction (`python -m followscope_site.i18n extract`); translated where used."""
    return message


def Np_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a constant pair as one plural entry (extracted like ngettext), for a language's own plural forms."""
    return singular, plural


@dataclass(frozen=True, slots=True)
class Language:
    """One language of the site: its code (the folder's name), its own name, and its writing direction."""

    code: str
    name: str  # in that language: "español", "العربية"
    english_name: str
    direction: str  # "ltr" | "rtl"


def language_codes(root: Path | None = None) -> list[str]:
    """English first, then every folder under locale/ that holds a catalog, sorted by code."""
    folder = root or resources.locale_dir()
    found = sorted(p.name for p in folder.iterdir() if (p / CATALOG).is_file()) if folder.is_dir() else []
    return [SOURCE_LANGUAGE, *(c for c in found if c != SOURCE_LANGUAGE)]


@functools.cache
def language(code: str) -> Language:
    """Name and direction from CLDR (imported here: a config check that names no language never needs Babel)."""
    from babel import Locale

    locale = Locale.parse(code)
    return Language(code, str(locale.get_display_name(code) or code), str(locale.english_name or code),
                    "rtl" if locale.text_direction == "rtl" else "ltr")


def catalog_path(code: str, root: Path | None = None) -> Path:
    return (root or resources.locale_dir()) / code / CATALOG


def translations(code: str, root: Path | None = None) -> gettext.NullTranslations:
    """The gettext translations of a language (null ones for English or a language without a catalog)."""
    path = catalog_path(code, root)
    if code == SOURCE_LANGUAGE or not path.is_file():
        return gettext.NullTranslations()
    return _compiled(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=32)
def _compiled(path: Path, _mtime_ns: int) -> gettext.NullTranslations:
    """read_po, then write_mo into memory: plural forms come from the catalog header (CLDR rules when the
    translator left them out). Fuzzy and empty entries are left out, so they show in English."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    with path.open("rb") as f:
        catalog = read_po(f, locale=path.parent.parent.name)
    data = io.BytesIO()
    write_mo(data, catalog)
    data.seek(0)
    return Translations(data)
