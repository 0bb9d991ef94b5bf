"""Instagram's HTML export: both entry shapes, localized dates, chrome links ignored, and HTML == JSON."""

from __future__ import annotations

from pathlib import Path

import pytest
from meta_export import gen_a, gen_b, html_page, write_json, zip_folder

from followscope_site.analysis.categories import categorize
from followscope_site.importers import ImportRequest, read_export
from followscope_site.importers.meta.html import page_entries, parse_meta_date

HOSTS = ("instagram.com",)


@pytest.mark.parametrize(("text", "expected"), [
    ("Nov 02, 2025 1:55 am", "2025-11-02T01:55"),
    ("Jan 01, 2024 12:00 am", "2024-01-01T00:00"),  # midnight
    ("Jan 01, 2024 12:00 pm", "2024-01-01T12:00"),  # noon
    ("Dec 09, 2024 10:29 pm", "2024-12-09T22:29"),
    ("Mei 08, 2025 1:07 am", "2025-05-08T01:07"),  # Indonesian
    ("Agu 17, 2025 3:00 pm", "2025-08-17T15:00"),
    ("Des 24, 2024 11:59 pm", "2024-12-24T23:59"),
    ("ene 15, 2025 9:30 am", "2025-01-15T09:30"),  # Spanish
    ("dic. 31, 2024 4:00 pm", "2024-12-31T16:00"),
    ("Okt 03, 2025 2:05 pm", "2025-10-03T14:05"),  # German
    ("Mär 10, 2025 8:15 am", "2025-03-10T08:15"),
    ("févr. 14, 2025 7:00 pm", "2025-02-14T19:00"),  # French
    ("août 01, 2025 6:45 am", "2025-08-01T06:45"),
    ("out 20, 2025 10:10 am", "2025-10-20T10:10"),  # Portuguese
    ("set 09, 2025 5:05 pm", "2025-09-09T17:05"),  # Portuguese / Italian
    ("giu 30, 2025 12:30 pm", "2025-06-30T12:30"),  # Italian
    ("mag 04, 2025 1:00 am", "2025-05-04T01:00"),
    ("jun 28, 2025 3:54 da tarde/noite", "2025-06-28T15:54"),  # Portuguese (Brazil): day-period words
    ("jun 25, 2025 10:36 da manhã", "2025-06-25T10:36"),
    ("mai 01, 2025 12:05 da tarde/noite", "2025-05-01T12:05"),
    ("fev 10, 2025 12:10 da manhã", "2025-02-10T00:10"),
    ("ene 15, 2025 9:30 p. m.", "2025-01-15T21:30"),  # Spanish day periods
    ("Haz 28, 2025 3:54 ÖS", "2025-06-28T15:54"),  # Turkish
    ("Ağu 02, 2025 9:01 ÖÖ", "2025-08-02T09:01"),
    ("Agt 17, 2025 3:00 sore", "2025-08-17T15:00"),  # Indonesian
    ("6月 28, 2025 午後3:54", "2025-06-28T15:54"),  # Japanese
    ("2025年6月28日 15:54", "2025-06-28T15:54"),
    ("Okt 03, 2025 14:05", "2025-10-03T14:05"),  # a 24-hour clock
    ("Okt 03, 2025 2:05 nachm.", "2025-10-03T14:05"),  # German, French and Italian day periods
    ("févr. 14, 2025 7:00 du soir", "2025-02-14T19:00"),
    ("avr. 02, 2025 3:15 de l'après-midi", "2025-04-02T15:15"),
    ("giu 30, 2025 3:30 di pomeriggio", "2025-06-30T15:30"),
])
def test_dates_in_every_language_read_as_utc(text: str, expected: str) -> None:
    from datetime import UTC, datetime

    stamp = parse_meta_date(text)
    assert stamp is not None
    assert datetime.fromtimestamp(stamp, tz=UTC).strftime("%Y-%m-%dT%H:%M") == expected


@pytest.mark.parametrize("text", ["Feb 30, 2026 9:05 am", "Sep 07, 2026 09:05 AM", "Foo 01, 2025 1:00 am",
                                  "Nov 02, 2025", "Nov 02, 2025 13:61", "yesterday", "", "jun 28, 2025 3:54 da xyz",
                                  "Jun 28, 2025 13:54 pm", "13月 01, 2025 1:00 am"])
def test_impossible_or_malformed_dates_give_no_date(text: str) -> None:
    assert parse_meta_date(text) is None


def test_both_entry_shapes_and_chrome_links() -> None:
    page = html_page("Seguidos", [("anna.example", 1762048500), ("__deleted__abc", None)], h2=True)
    page += html_page("Seguidores", [("ben_k", 1762048500)], h2=False)
    page += ('<a href="https://www.instagram.com/p/Cxyz/">post</a><a href="https://www.instagram.com/explore/">x</a>'
             '<a href="javascript:alert(1)">bad</a><script>document.write("<a href=\'https://www.instagram.com/evil\'>'
             'evil</a>")</script><img src="https://example.com/track.png">')
    entries = [(e.raw_handle, e.timestamp) for e in page_entries(page, HOSTS)]
    assert entries == [("anna.example", 1762048500), ("__deleted__abc", None), ("ben_k", 1762048500)]


def test_html_and_json_of_the_same_data_give_the_same_report(tmp_path: Path) -> None:
    # the HTML shows minutes, so the same data has whole-minute timestamps
    followers = [(f"fol.{i}", 1761999960 - i * 3600) for i in range(30)]
    following = [(f"fol.{i}", 1760999940 - i * 7200) for i in range(0, 30, 3)] + [
        ("only.me", 1759999980), ("__deleted__qwerty", 1749999960), ("pend.ing", 1758999960)]
    pending = [("pend.ing", 1758999960)]
    json_dir = tmp_path / "json" / "connections" / "followers_and_following"
    write_json(json_dir / "followers_1.json", [gen_a(h, t) for h, t in followers])
    write_json(json_dir / "following.json", {"relationships_following": [gen_b(h, t) for h, t in following]})
    write_json(json_dir / "pending_follow_requests.json",
               {"relationships_follow_requests_sent": [gen_a(h, t) for h, t in pending]})
    html_dir = tmp_path / "html" / "connections" / "followers_and_following"
    html_dir.mkdir(parents=True)
    (html_dir / "followers_1.html").write_text(html_page("Pengikut", followers, h2=False), encoding="utf-8")
    (html_dir / "following.html").write_text(html_page("Mengikuti", following, h2=True), encoding="utf-8")
    (html_dir / "pending_follow_requests.html").write_text(html_page("Permintaan", pending, h2=False),
                                                           encoding="utf-8")
    results = []
    for kind in ("json", "html"):
        path = zip_folder(tmp_path / kind, tmp_path / f"instagram-me-2025-12-10-{kind}1234.zip")
        (snapshot,) = read_export(path, ImportRequest(source=path.name))
        assert snapshot.format == f"instagram-{kind}"
        results.append((categorize(snapshot), {n: {h: (e.timestamp, e.name) for h, e in accounts.items()}
                                               for n, accounts in snapshot.lists.items()}, snapshot.warnings))
    assert results[0] == results[1]
    assert results[0][0]["not_following_back"] == ["only.me"]


def test_peer_style_pages_without_meta_markup(tmp_path: Path) -> None:
    ff = tmp_path / "e" / "connections" / "followers_and_following"
    ff.mkdir(parents=True)
    (ff / "followers_1.html").write_text('<ul><li><a class="x" target="_blank" href="https://www.instagram.com/alice">'
                                         'alice</a></li></ul>', encoding="utf-8")
    (ff / "following.html").write_text('<a href="https://instagram.com/_u/Alice/?hl=de">Alice</a>', encoding="utf-8")
    (snapshot,) = read_export(tmp_path / "e", ImportRequest(source="e"))
    assert categorize(snapshot)["mutuals"] == ["alice"]


FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "instagram"


def test_2026_label_table_lists_are_read() -> None:
    # pending, recent requests, close friends, recently unfollowed and removed suggestions hold each entry as a
    # label table (Name / Username / URL rows) followed by a date div
    (snapshot,) = read_export(FIXTURES / "export-2026-html", ImportRequest(source="export-2026-html"))
    lists = snapshot.lists
    assert set(lists["pending_sent"]) == {"fern.animo", "gil_paints"}
    assert lists["pending_sent"]["fern.animo"].name == "Fern Ánimo"  # real UTF-8, no mojibake in HTML
    assert lists["pending_sent"]["gil_paints"].timestamp == 1769598120  # Jan 28, 2026 11:02 am
    assert set(lists["recent_requests"]) == {"dev.notes", "fern.animo"}
    assert set(lists["close_friends"]) == {"anna.example"}
    assert set(lists["recently_unfollowed"]) == {"hal.runs"}
    assert set(lists["removed_suggestions"]) == {"ivy.co"}
    assert lists["removed_suggestions"]["ivy.co"].name == "Ivy & Co"
    assert set(lists["following"]) == {"anna.example", "dev.notes", "eli.photo"}
    assert [w for w in snapshot.warnings if "export date" not in w] == []


def test_portuguese_dates_with_day_periods_are_all_read() -> None:
    (snapshot,) = read_export(FIXTURES / "export-2025-html-ptbr", ImportRequest(source="export-2025-html-ptbr"))
    stamps = {h: e.timestamp for h, e in snapshot.lists["followers"].items()}
    assert stamps == {"anna.example": 1751126040, "ben_k": 1750847760, "cleo.draws": 1746101100,
                      "duda.reads": 1739146200}
    assert all(e.timestamp is not None for e in snapshot.lists["following"].values())
    assert [w for w in snapshot.warnings if "export date" not in w] == []


def test_unreadable_dates_and_unreadable_entries_are_said(tmp_path: Path) -> None:
    ff = tmp_path / "e" / "connections" / "followers_and_following"
    ff.mkdir(parents=True)
    entries = [(f"user.{i}", 1750000000 + i * 60) for i in range(5)]
    # a day-period word we do not know, on every date
    page = html_page("Takipçiler", entries, h2=False)
    page = page.replace(" pm</div>", " xyz</div>").replace(" am</div>", " xyz</div>")
    (ff / "followers_1.html").write_text(page, encoding="utf-8")
    table = ('<div class="pam _3-95 _2ph- _a6-g uiBoxWhite noborder"><div class="_a6-p"><table><tr>'
             '<td class="_a6_q">Kullanıcı</td><td class="_2piu _a6_r">someone</td></tr></table></div>'
             '<div>Haz 28, 2025 3:54 ÖS</div></div>')
    (ff / "following.html").write_text(html_page("Takip", [], h2=False).replace("</main>", table * 2 + "</main>"),
                                       encoding="utf-8")
    (snapshot,) = read_export(tmp_path / "e", ImportRequest(source="e"))
    assert len(snapshot.lists["followers"]) == 5
    assert all(e.timestamp is None for e in snapshot.lists["followers"].values())
    assert any("followers: 5 dates could not be read" in w and "xyz" in w for w in snapshot.warnings)
    assert snapshot.lists["following"] == {}
    assert any("following.html: 2 entries on the page but no account could be read" in w for w in snapshot.warnings)


def test_an_accepted_recent_request_counts_like_any_account_you_follow() -> None:
    (snapshot,) = read_export(FIXTURES / "export-2026-html", ImportRequest(source="export-2026-html"))
    categories = categorize(snapshot)
    # dev.notes: a recent request you sent, now in your following list; fern.animo: still pending, not followed
    assert categories["not_following_back"] == ["dev.notes", "eli.photo"]
    assert "fern.animo" not in categories["not_following_back"]
@pytest.mark.parametrize(("page", "kept"), [
    ("<p>a</p><a", "<p>a</p>"),
    ("<p>a</p><!--x<!--x-->b<!--y", "<p>a</p><!--x<!--x-->b"),
    ("<p>a</p><![CDATA[x", "<p>a</p>"),
    ("<p>a</p><SCRIPT>x</script><script>y", "<p>a</p><SCRIPT>x</script>"),
    ("<html><body><p>done</p></body></html>", "<html><body><p>done</p></body></html>"),
])
def test_a_construct_never_closed_runs_to_the_end_and_is_cut(page: str, kept: str) -> None:
    """html.parser rescans the rest of the page for each such construct (quadratic: hours for 4 MB);
    tests/bad_inputs `html_unclosed_comments` runs 2 MB of them through the CLI under a time bound."""
    from followscope_site.importers.meta.html import without_unterminated

    assert without_unterminated(page) == kept
