"""Lost accounts' details and change notes in the page's language, from the keys the analysis gives them.

report.json keeps the English sentences (LostAccount.detail, Change.notes); the pages translate the same
tables (analysis/evidence.py DETAILS and PLACES, analysis/notes.py). A list's data files are shared by every
language of a site, so they carry a detail as a code (`detail_code`), which list.js turns into words with the
maps `detail_words` puts in the page (docs/site-data.md).
"""

from __future__ import annotations

from followscope_site.analysis.evidence import DETAILS, PLACES, detail_text
from followscope_site.analysis.notes import Note, Wording, note_text
from followscope_site.analysis.report import Change, LostAccount
from followscope_site.i18n import SOURCE_LANGUAGE
from followscope_site.site import locale
from followscope_site.site.locale import current_language
from followscope_site.site.words import _, ngettext


def detail_code(item: LostAccount) -> str | None:
    """`exists:liked_posts,comments`, `renamed:new.handle`, `placeholder`; a detail without a key is its English
    sentence after a colon (`:…`)."""
    if item.detail_key is not None:
        return f"{item.detail_key}:{','.join(item.detail_args)}" if item.detail_args else item.detail_key
    return None if item.detail is None else f":{item.detail}"


def code_words(code: str) -> str:
    """A detail code in the page's language (the sentence itself for a code without a key)."""
    key, _sep, rest = code.partition(":")
    if not key or key not in DETAILS:
        return rest if not key else code
    args = (rest,) if key == "renamed" else tuple(rest.split(",")) if rest else ()
    return detail_text(key, args, _)


def lost_detail(item: LostAccount) -> str | None:
    """The detail of a lost account in the page's language."""
    code = detail_code(item)
    return None if code is None else code_words(code)


def detail_words(english: bool = False) -> dict[str, dict[str, str]]:
    """What list.js needs to make a detail's words from its code: the sentences (%(places)s, %(handle)s) and
    the places, in the page's language, or in English (report.json's, for the downloads)."""
    words = str if english else _
    return {"texts": {key: words(text) for key, text in DETAILS.items()},
            "places": {key: words(text) for key, text in PLACES.items()}}


def _share(value: float) -> str:
    return locale.percent(round(value, 2))


_PAGE = Wording(_, ngettext, locale.decimal, _share)  # counts as site/pages/numbers.py count_text


def change_notes(change: Change) -> list[str]:
    """A change's notes in the page's language (its English notes when it carries no keys for them)."""
    if current_language() == SOURCE_LANGUAGE or len(change.note_forms) != len(change.notes):
        return list(change.notes)
    return [note_words(note) for note in change.note_forms]


def note_words(note: Note) -> str:
    return note_text(note, _PAGE)
