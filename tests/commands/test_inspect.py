"""`followscope inspect`: platform and generation for every fixture, the --json shape, and broken exports."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from followscope_site.commands.inspect import format_inspect, inspect_failed, inspect_path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SPEC_KEYS = {"platform", "format", "owner", "taken_at", "counts", "files_used", "files_ignored", "warnings"}

GENERATIONS = {
    "tiktok/TikTok_Data_1700000000": ("tiktok", "tiktok-json-2021"),
    "tiktok/TikTok_Data_2025-11-20": ("tiktok", "tiktok-json-2025"),
    "tiktok/TikTok_Data_2026-02-01": ("tiktok", "tiktok-json-2026"),
    "tiktok/TikTok_Data_TXT_2024-04-02": ("tiktok", "tiktok-txt"),
    "x/twitter-2026-07-25-abc123": ("x", "x-archive"),
    "bluesky/bsky-export-2026-03-03": ("bluesky", "bluesky-car"),
    "bluesky/bsky-export-2026-03-03/repo.car": ("bluesky", "bluesky-car"),
    "mastodon/mastodon-4-2026-03-01": ("mastodon", "mastodon-csv"),
    "mastodon/mastodon-3-2022-05-01": ("mastodon", "mastodon-csv-3"),
    "mastodon/mastodon-noheader-2021-01-01": ("mastodon", "mastodon-csv-3"),
    "linkedin/Complete_LinkedInDataExport_02-07-2026": ("linkedin", "linkedin-csv"),
    "linkedin/Complete_LinkedInDataExport_08-15-2022": ("linkedin", "linkedin-csv-2022"),
    "linkedin/Complete_LinkedInDataExport_11-04-2018": ("linkedin", "linkedin-csv-2018"),
    "linkedin/excel-resaved-2026-01-10": ("linkedin", "linkedin-csv"),
    "linkedin/excel-resaved-2021-06-30": ("linkedin", "linkedin-csv-2022"),
    "linkedin/Complete_LinkedInDataExport_03-02-2026": ("linkedin", "linkedin-csv"),
    "tiktok/TikTok_Data_2025-12-05": ("tiktok", "tiktok-json-2025"),
    "instagram/export-2026-html": ("instagram", "instagram-html"),
    "instagram/export-2025-html-ptbr": ("instagram", "instagram-html"),
}


@pytest.mark.parametrize("relative", sorted(GENERATIONS))
def test_names_platform_and_generation(relative: str) -> None:
    result = inspect_path(FIXTURES / relative)
    assert not inspect_failed(result)
    [entry] = result["exports"]
    assert (entry["platform"], entry["format"]) == GENERATIONS[relative]
    assert set(entry) >= SPEC_KEYS
    assert entry["counts"]["following"] is not None
    text = format_inspect(result)
    assert entry["platform"] in text and entry["format"] in text


def test_json_shape_and_counts_per_list() -> None:
    result = inspect_path(FIXTURES / "x" / "twitter-2026-07-25-abc123")
    assert set(result) == {"path", "exports"}
    [entry] = result["exports"]
    assert entry["owner"] == "my_handle" and entry["taken_at"] == "2026-07-25"
    assert entry["counts"] == {"followers": 3, "following": 3, "deactivated": 0, "blocked": 1, "muted": 0}
    assert sorted(entry["files_ignored"]) == ["Your archive.html", "data/README.txt"]
    assert "data/following.js" in entry["files_used"]
    json.dumps(result)  # plain JSON values only


def test_absent_followers_are_null_and_the_warning_is_shown() -> None:
    result = inspect_path(FIXTURES / "bluesky" / "bsky-export-2026-03-03")
    [entry] = result["exports"]
    assert entry["counts"]["followers"] is None and entry["counts"]["following"] == 3
    assert "followers absent" in format_inspect(result)
    assert any("no followers" in w for w in entry["warnings"])


def test_a_folder_of_exports_gives_one_entry_per_export() -> None:
    result = inspect_path(FIXTURES / "linkedin")
    assert len(result["exports"]) == 6
    assert {Path(e["source"]).name for e in result["exports"]} == {
        "Complete_LinkedInDataExport_02-07-2026", "Complete_LinkedInDataExport_03-02-2026",
        "Complete_LinkedInDataExport_08-15-2022", "Complete_LinkedInDataExport_11-04-2018",
        "excel-resaved-2021-06-30", "excel-resaved-2026-01-10"}


def test_instagram_with_threads_gives_two_entries() -> None:
    result = inspect_path(FIXTURES / "instagram" / "export-2025")
    platforms = [e["platform"] for e in result["exports"]]
    assert "instagram" in platforms
    if "threads" not in platforms:
        pytest.skip("the Threads importer is not in this tree yet")
    assert len(platforms) == 2


def test_a_broken_export_reports_error_guess_and_members(tmp_path: Path) -> None:
    archive = tmp_path / "TikTok_Data_2025-05-05.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("user_data_tiktok.json", '{"Your Activity": {"Follower": {"FansList": [{"Nick": "x"}]}}}')
        zf.writestr("README.txt", "hello")
    result = inspect_path(archive)
    assert inspect_failed(result)
    [entry] = result["exports"]
    assert entry["platform"] == "tiktok" and entry["format"] is None
    assert "user_data_tiktok.json" in entry["error"] and "'Nick'" in entry["error"]
    assert entry["members"]["total"] == 2 and entry["members"]["by_extension"] == {".json": 1, ".txt": 1}
    text = format_inspect(result)
    assert "error:" in text and "tiktok" in text


def test_an_unknown_file_and_a_missing_path_are_errors_not_tracebacks(tmp_path: Path) -> None:
    odd = tmp_path / "notes.bin"
    odd.write_bytes(b"\x00\x01binary")
    result = inspect_path(odd)
    assert inspect_failed(result) and result["exports"][0]["platform"] is None
    missing = inspect_path(tmp_path / "nope.zip")
    assert inspect_failed(missing) and "no such file" in missing["exports"][0]["error"]


def test_cli_prints_the_json_object() -> None:
    from followscope_site.cli import cli

    outcome = CliRunner().invoke(cli, ["inspect", "--json", str(FIXTURES / "mastodon" / "mastodon-4-2026-03-01")])
    assert outcome.exit_code == 0, outcome.output
    printed = json.loads(outcome.output)
    assert printed["exports"][0]["platform"] == "mastodon"


def test_a_pre_2019_twitter_archive_is_named_as_such() -> None:
    # not "platform unknown … run followscope inspect", which is what the user just ran
    result = inspect_path(FIXTURES / "x" / "twitter-archive-2014-02-10")
    assert inspect_failed(result)
    [entry] = result["exports"]
    assert entry["platform"] == "x"
    assert "Twitter archive from before 2019" in entry["error"] and "no follower or following lists" in entry["error"]
    assert "Download an archive of your data" in entry["error"]
    assert "followscope inspect" not in format_inspect(result)


def test_an_unknown_export_is_not_told_to_run_inspect(tmp_path: Path) -> None:
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    result = inspect_path(tmp_path / "notes.json")
    [entry] = result["exports"]
    assert "no follower or following data" in entry["error"] and "followscope inspect" not in entry["error"]
