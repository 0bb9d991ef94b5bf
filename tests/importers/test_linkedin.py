"""LinkedIn: Connections.csv in three generations plus a re-saved copy, Invitations.csv, names vs slugs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from followscope_site.analysis.categories import categorize
from followscope_site.errors import InputError
from followscope_site.importers import ImportRequest, read_export
from followscope_site.model import Snapshot

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "linkedin"
PREAMBLE = 'Notes:\n"A note about email addresses."\n\n'


def read(path: Path) -> Snapshot:
    [snapshot] = read_export(path, ImportRequest(source=path.name))
    return snapshot


def at(*parts: int) -> int:
    return int(datetime(*parts, tzinfo=UTC).timestamp())


def assert_mutual_by_nature(snapshot: Snapshot) -> None:
    assert snapshot.lists["followers"].keys() == snapshot.lists["following"].keys()
    categories = categorize(snapshot)
    assert categories["mutuals"] == sorted(snapshot.lists["followers"])
    assert categories["fans"] == [] and categories["not_following_back"] == []


def test_2026_export_uses_profile_slugs_and_invitations() -> None:
    snapshot = read(FIXTURES / "Complete_LinkedInDataExport_02-07-2026")
    assert (snapshot.platform, snapshot.format, snapshot.identifier) == ("linkedin", "linkedin-csv", "handle")
    assert set(snapshot.lists["followers"]) == {"anna-example-1a2b3c", "bensample", "chloé-oneil"}
    assert snapshot.lists["followers"]["anna-example-1a2b3c"].timestamp == at(2026, 2, 7)
    assert snapshot.lists["followers"]["chloé-oneil"].name == "Chloé O'Neil \"CJ\""  # RFC-4180 quoting
    assert set(snapshot.lists["pending_sent"]) == {"dana-pending"}
    assert set(snapshot.lists["requests_received"]) == {"eve-asker"}
    assert snapshot.lists["pending_sent"]["dana-pending"].timestamp == at(2026, 2, 1, 10, 32)
    assert snapshot.date == "2026-02-07"  # Complete_LinkedInDataExport_MM-DD-YYYY
    assert snapshot.warnings == []
    assert_mutual_by_nature(snapshot)


def test_2022_export_without_urls_uses_names() -> None:
    snapshot = read(FIXTURES / "Complete_LinkedInDataExport_08-15-2022")
    assert (snapshot.format, snapshot.identifier) == ("linkedin-csv-2022", "name")
    assert set(snapshot.lists["following"]) == {"anna example", "ben sample"}  # the blank row is skipped
    assert snapshot.lists["following"]["anna example"].name == "Anna Example"
    assert snapshot.lists["following"]["anna example"].timestamp == at(2022, 8, 10)
    assert any("identified by their names" in w for w in snapshot.warnings)
    assert "pending_sent" not in snapshot.lists
    assert_mutual_by_nature(snapshot)


def test_2018_export_without_preamble_reads_us_dates_and_invitations() -> None:
    snapshot = read(FIXTURES / "Complete_LinkedInDataExport_11-04-2018")
    assert (snapshot.format, snapshot.identifier) == ("linkedin-csv-2018", "name")
    assert snapshot.lists["followers"]["anna example"].timestamp == at(2018, 1, 8, 18, 14)
    assert set(snapshot.lists["pending_sent"]) == {"dana pending"}
    assert set(snapshot.lists["requests_received"]) == {"eve asker"}
    assert snapshot.date == "2018-11-04"
    assert_mutual_by_nature(snapshot)


def test_spreadsheet_copy_with_bom_crlf_and_short_dates() -> None:
    snapshot = read(FIXTURES / "excel-resaved-2026-01-10")
    assert (snapshot.format, snapshot.identifier) == ("linkedin-csv", "handle")
    assert snapshot.lists["followers"]["anna-example-1a2b3c"].timestamp == at(2026, 1, 5)
    assert snapshot.lists["followers"]["bensample"].timestamp == at(2024, 3, 15)
    assert_mutual_by_nature(snapshot)


def test_one_row_without_url_switches_every_row_to_names(tmp_path: Path) -> None:
    (tmp_path / "Connections.csv").write_text(
        PREAMBLE + "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Anna,Example,https://www.linkedin.com/in/anna,,,,07 Feb 2026\nBen,Sample,,,,,07 Feb 2026\n",
        encoding="utf-8")
    snapshot = read(tmp_path)
    assert snapshot.identifier == "name"
    assert set(snapshot.lists["followers"]) == {"anna example", "ben sample"}
    assert any("some rows have no profile URL" in w for w in snapshot.warnings)


def test_a_missing_column_names_the_file_and_the_column(tmp_path: Path) -> None:
    (tmp_path / "Connections.csv").write_text(
        PREAMBLE + "First Name,Last Name,URL,Connected\nAnna,Example,,07 Feb 2026\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read(tmp_path)
    line = caught.value.line()
    assert "Connections.csv" in line and "'Connected On'" in line and "did you mean 'Connected'" in line


def test_an_unknown_direction_is_named(tmp_path: Path) -> None:
    (tmp_path / "Invitations.csv").write_text(
        "From,To,Sent At,Message,Direction\nA B,C D,\"1/1/26, 1:00 PM\",,SIDEWAYS\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read(tmp_path)
    assert "Invitations.csv" in caught.value.line() and "'Direction'" in caught.value.line()


def test_a_connections_file_of_another_shape_is_not_linkedin(tmp_path: Path) -> None:
    (tmp_path / "Connections.csv").write_text("name,email\nanna,a@example.com\n", encoding="utf-8")
    with pytest.raises(InputError, match="no follower or following data"):
        read(tmp_path)


def test_accepted_invitations_are_connections_not_pending() -> None:
    # Invitations.csv keeps accepted invitations; their people are in Connections.csv too. Matched by profile
    # URL: Gus Namesake's invitation went to another profile than the connection of that name, so it is pending.
    snapshot = read(FIXTURES / "Complete_LinkedInDataExport_03-02-2026")
    assert snapshot.identifier == "handle"
    assert set(snapshot.lists["pending_sent"]) == {"dana-pending", "gus-namesake-02"}
    assert set(snapshot.lists["requests_received"]) == {"eve-asker"}
    assert snapshot.lists["pending_sent"]["dana-pending"].timestamp == at(2026, 2, 26, 10, 32)
    assert snapshot.lists["requests_received"]["eve-asker"].timestamp == at(2026, 1, 28, 20, 5)
    assert {"anna-example-1a2b3c", "farah-accepted-77"} <= set(snapshot.lists["followers"])
    assert_mutual_by_nature(snapshot)


def test_spreadsheet_copy_of_a_2021_export_is_not_the_2018_layout() -> None:
    # A spreadsheet drops the Notes preamble; the dates (5-Jan-21, not "1/8/18, 6:14 PM") tell the generation.
    # Without URLs, invitations are matched to connections by name (spacing and case aside).
    snapshot = read(FIXTURES / "excel-resaved-2021-06-30")
    assert (snapshot.format, snapshot.identifier) == ("linkedin-csv-2022", "name")
    assert snapshot.lists["followers"]["anna example"].timestamp == at(2021, 1, 5)
    assert set(snapshot.lists["pending_sent"]) == {"ivo waiting"}
    assert snapshot.lists["pending_sent"]["ivo waiting"].timestamp == at(2021, 6, 24, 9, 47)
    assert snapshot.lists["requests_received"] == {}
    assert_mutual_by_nature(snapshot)
