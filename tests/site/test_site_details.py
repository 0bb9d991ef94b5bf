"""Lost accounts' details and change notes: one table makes report.json's English and the pages' words, and a
list's data files carry codes (shared by every language), never sentences."""

from __future__ import annotations

import json
from pathlib import Path

from sitekit import loaded_config, render_to
from test_site_analysis_views import analysis_report

from followscope_site.analysis.evidence import DETAILS, lost
from followscope_site.analysis.notes import NOTES, Note, note_text
from followscope_site.analysis.report import Change, LostAccount
from followscope_site.site.details import change_notes, code_words, detail_code, detail_words, lost_detail
from followscope_site.site.locale import use_language

CASES = [lost("a", "unfollowed", "likely", "exists", "liked_posts", "threads:followers"),
         lost("b", "you_unfollowed", "unknown", "exists_not_listed", "comments"),
         lost("c", "renamed", "likely", "renamed", "new,odd:handle"),
         *(lost("d", "unavailable", "unknown", key) for key in ("placeholder", "gone_both", "not_listed",
                                                                 "no_longer_mutual"))]


def test_english_detail_comes_from_the_one_table() -> None:
    assert CASES[0].detail == "the account still exists: seen in posts you liked, Threads followers"
    assert CASES[1].detail == ("not on the platform's recently-unfollowed list; the account still exists: seen in "
                               "your comments")
    assert CASES[2].detail == "possibly renamed to new,odd:handle"
    assert {x.detail_key for x in CASES} == set(DETAILS)


def test_a_code_reads_back_as_the_same_words() -> None:
    with use_language("en"):
        for item in CASES:
            code = detail_code(item)
            assert code is not None
            assert code_words(code) == item.detail == lost_detail(item)
    assert detail_code(CASES[0]) == "exists:liked_posts,threads:followers"
    assert detail_code(LostAccount("x", "unfollowed", "unknown")) is None
    assert code_words(detail_code(LostAccount("x", "renamed", "likely", "free text")) or "") == "free text"


def test_list_js_gets_every_sentence_and_place() -> None:
    with use_language("en"):
        words = detail_words()
    assert set(words["texts"]) == set(DETAILS)
    assert "threads:followers" in words["places"] and "liked_posts" in words["places"]


def test_notes_english_and_keyed_agree() -> None:
    note = Note("missed_left_out", {"export": "b.zip", "date": "2025-02-01", "count": 1234, "list": "followers",
                                    "share": 0.3})
    assert note_text(note) == ("b.zip (2025-02-01) missed 1,234 followers that are back later with the same follow "
                               "date, 30% of the list, so changes in followers are taken across it.")
    assert note_text(Note("renames", {"count": 1, "list": "following"})).startswith(
        "1 new entry in the following list may be a renamed account")
    change = Change("2025-01-01", "2025-02-01", notes=[note_text(note)], note_forms=[note])
    with use_language("es"):  # Spanish words, Spanish numbers (1.234, 30 %), the export's own name kept
        spanish = change_notes(change)[0]
    assert "b.zip (2025-02-01)" in spanish and "1.234" in spanish and "seguidores" in spanish
    assert "missed" not in spanish
    assert set(NOTES) >= {"no_list", "missed", "block", "compared_from", "skipped", "identifiers"}


def test_a_plural_note_takes_each_language_s_own_forms() -> None:
    """One catalog entry with CLDR's forms: Russian 1/3/5 and Arabic 2/11 differ where English has only two."""

    def renames(count: int) -> str:
        note = Note("renames", {"count": count, "list": "followers"})
        return change_notes(Change("2025-01-01", "2025-02-01", notes=[note_text(note)], note_forms=[note]))[0]

    with use_language("ru"):
        russian = [renames(n) for n in (1, 3, 5, 21)]
    assert russian[0].startswith("1 новая запись") and russian[3].startswith("21 новая запись")
    assert russian[1].startswith("3 новые записи") and russian[2].startswith("5 новых записей")
    with use_language("ar"):
        arabic = {n: renames(n) for n in (1, 2, 3, 11, 100)}
    assert len(set(arabic.values())) == 5
    with use_language("de"):
        assert renames(1).startswith("1 neuer Eintrag") and renames(2).startswith("2 neue Einträge")


def test_data_files_carry_codes_and_report_json_english(tmp_path: Path, guides_folder: Path) -> None:
    site = render_to(tmp_path / "site", analysis_report(), loaded_config(tmp_path), guides_folder)
    folder = next(site.rglob("lost_followers"))
    data = (folder / "data-1.js").read_text(encoding="utf-8")
    assert '"renamed:new.name"' in data and "possibly renamed" not in data
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert "possibly renamed to new.name" in page and '"renamed": "possibly renamed to %(handle)s"' in page
    report = json.loads((site / "report.json").read_text(encoding="utf-8"))
    rows = report["accounts"][0]["changes"][0]["lost_followers"]
    assert {"handle": "old.name", "reason": "renamed", "certainty": "likely",
            "detail": "possibly renamed to new.name"} in rows
