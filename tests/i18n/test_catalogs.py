"""The catalogs: one folder per language, each parses, follows CLDR's plural rules, and is up to date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from followscope_site import resources
from followscope_site.i18n import CATALOG, SOURCE_LANGUAGE, language, language_codes, translations

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATE = resources.locale_dir() / "messages.pot"
TWELVE = {"en", "es", "pt", "fr", "de", "it", "tr", "id", "hi", "ar", "ja", "ru"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")
TRANSLATED = sorted(set(language_codes()) - {SOURCE_LANGUAGE})


def read(path: Path, code: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=code)


def test_twelve_languages_are_found_from_the_folders() -> None:
    assert set(language_codes()) >= TWELVE
    assert language_codes()[0] == SOURCE_LANGUAGE
    assert language("ar").direction == "rtl" and language("ja").direction == "ltr"
    assert language("es").name == "español"


def test_a_folder_with_a_catalog_is_a_language(tmp_path: Path) -> None:
    (tmp_path / "nl" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "nl" / CATALOG).write_text('msgid ""\nmsgstr ""\n"Language: nl\\n"\n\nmsgid "Language"\n'
                                           'msgstr "Taal"\n', encoding="utf-8")
    (tmp_path / "xx" / "guides").mkdir(parents=True)  # guides alone do not make a language
    assert language_codes(tmp_path) == ["en", "nl"]
    assert translations("nl", tmp_path).gettext("Language") == "Taal"


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalog_parses_with_cldr_plural_forms(code: str) -> None:
    path = resources.locale_dir() / code / CATALOG
    catalog = read(path, code)
    assert str(catalog.locale) == code
    assert '"Plural-Forms: nplurals=' in path.read_text(encoding="utf-8")  # written by `init` from CLDR
    assert catalog.num_plurals == {"ar": 6, "ja": 1, "ru": 3}.get(code, catalog.num_plurals) >= 1
    assert translations(code).gettext("Language") != "Language"  # the catalog is loaded, not null


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalog_is_complete_and_keeps_placeholders(code: str) -> None:
    catalog = read(resources.locale_dir() / code / CATALOG, code)
    missing, broken = [], []
    for msgid in (m.id for m in read(TEMPLATE) if m.id):
        message = catalog.get(msgid)
        strings = message.string if message is not None and isinstance(message.string, tuple) else (
            [message.string] if message is not None else [])
        if message is None or message.fuzzy or not all(strings):
            missing.append(msgid)
            continue
        wanted = set(PLACEHOLDER.findall(msgid if isinstance(msgid, str) else msgid[-1]))
        broken += [s for s in strings if set(PLACEHOLDER.findall(s)) != wanted]
    assert not missing, f"{code}: untranslated or fuzzy: {missing[:10]}"
    assert not broken, f"{code}: placeholders changed: {broken[:10]}"


def test_template_holds_every_string_of_the_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A string wrapped in _() but not extracted would stay English in every language."""
    fresh = tmp_path / "messages.pot"
    monkeypatch.chdir(ROOT)
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", "babel.cfg", "-o", str(fresh), "-k", "_",
                                "-k", "ngettext:1,2", "."])
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read(fresh) if m.id}
    stored = {m.id if isinstance(m.id, str) else m.id[0] for m in read(TEMPLATE) if m.id}
    assert ids <= stored, f"run `python -m followscope_site.i18n update`: not extracted yet: {sorted(ids - stored)}"
