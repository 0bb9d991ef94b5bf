"""The "read this first" notes of a change, by key: one table of English sentences (N_ marks them for the
site's catalogs), from which report.json's English notes are made and the pages' translated ones.

A note's arguments are export file names, dates, list names ("followers", "following"), counts (int) and
shares of a list (float, 0..1); never a handle (the public privacy mode keeps notes as they are).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from followscope_site.i18n import N_, Np_

Arg = str | int | float

NOTES: dict[str, str] = {
    "identifiers": N_("%(old)s identifies accounts by %(old_kind)s and %(new)s by %(new_kind)s, so the two exports "
                      "cannot be compared."),
    "no_list": N_("%(export)s has no %(list)s list, so changes in it are not known."),
    "missed": N_("%(export)s (%(date)s) missed %(count)s %(list)s that are back later with the same follow date: "
                 "they are not counted as lost and gained again."),
    "missed_left_out": N_("%(export)s (%(date)s) missed %(count)s %(list)s that are back later with the same "
                          "follow date, %(share)s of the list, so changes in %(list)s are taken across it."),
    "block": N_("%(export)s (%(date)s) lacks a block of %(count)s %(list)s at once, so changes in %(list)s are "
                "left out until a newer export shows whether they left."),
    "compared_from": N_("Changes in %(list)s are counted from %(base)s (%(base_date)s), since %(previous)s missed "
                        "too much of that list."),
    "skipped": N_("%(export)s (%(date)s) was left out: it is a partial export (for example a date range other than "
                  "'All time'), so accounts missing from it may still be there."),
}
# notes whose sentence depends on a count (`count`): one catalog entry each, with the language's plural forms
PLURAL_NOTES: dict[str, tuple[str, str]] = {
    "renames": Np_("%(count)s new entry in the %(list)s list may be a renamed account (same follow date as a lost "
                   "one), not a new person.",
                   "%(count)s new entries in the %(list)s list may be renamed accounts (same follow date as a lost "
                   "one), not new people."),
}
# list names as notes use them
LIST_WORDS = {"followers": N_("followers"), "following": N_("following")}
# how an export names accounts (model.IDENTIFIER_KINDS, and "pseudonym" in public mode), as people say it
IDENTIFIER_WORDS = {
    "handle": N_("usernames"), "id": N_("account numbers"), "did": N_("decentralised identifiers (DIDs)"),
    "name": N_("display names"), "address": N_("addresses"), "pseudonym": N_("pseudonyms"),
}


@dataclass(frozen=True, slots=True)
class Note:
    """One note: its key in NOTES or PLURAL_NOTES, and the values of its placeholders."""

    key: str
    args: dict[str, Arg] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Wording:
    """How a note's parts become words: English for report.json (the defaults), the page's language on pages."""

    words: Callable[[str], str] = str
    plural: Callable[[str, str, int], str] = lambda one, many, n: one if n == 1 else many
    count: Callable[[int], str] = lambda n: f"{n:,}"
    share: Callable[[float], str] = lambda x: f"{x:.0%}"


ENGLISH = Wording()


def note_text(note: Note, how: Wording = ENGLISH) -> str:
    """The note's sentence."""
    values: dict[str, str] = {}
    for name, value in note.args.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            value = str(value)
            if name == "list" and value in LIST_WORDS:
                value = how.words(LIST_WORDS[value])
            elif name in ("old_kind", "new_kind") and value in IDENTIFIER_WORDS:
                value = how.words(IDENTIFIER_WORDS[value])
            values[name] = value
        else:
            values[name] = how.count(value) if isinstance(value, int) else how.share(value)
    if note.key in PLURAL_NOTES:
        one, many = PLURAL_NOTES[note.key]
        count = note.args.get("count", 0)
        return how.plural(one, many, count if isinstance(count, int) else 2) % values
    return how.words(NOTES[note.key]) % values
