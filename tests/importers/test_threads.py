"""Threads inside the Instagram export: an account of its own, handles from value or href, never Instagram's."""

from __future__ import annotations

from pathlib import Path

import pytest
from meta_export import gen_a, write_json, zip_folder

from followscope_site.analysis.categories import categorize
from followscope_site.errors import InputError
from followscope_site.importers import ImportRequest, read_export

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_instagram_export_with_threads_gives_two_snapshots(tmp_path: Path) -> None:
    path = zip_folder(FIXTURES / "instagram" / "export-2025", tmp_path / "instagram-fixture.owner-2025-12-10-Ab.zip")
    snapshots = {s.platform: s for s in read_export(path, ImportRequest(source=path.name))}
    assert sorted(snapshots) == ["instagram", "threads"]
    threads = snapshots["threads"]
    assert threads.format == "threads-json" and threads.owner == "fixture.owner" and threads.date == "2025-12-10"
    assert sorted(threads.lists) == ["followers", "following", "requests_received"]
    following = threads.lists["following"]
    assert sorted(following) == ["anna.example", "zoe.quiet"]  # "Zed" is a display name, the href says zoe.quiet
    assert following["anna.example"].name == "Anna Émigré" and following["zoe.quiet"].name == "Zed"
    categories = categorize(threads)
    assert categories == {"mutuals": ["anna.example"], "fans": ["tom.threads"], "not_following_back": ["zoe.quiet"],
                          "allowlisted": [], "deactivated": [], "requests_received": ["req.threads"]}
    assert all("threads" in m for m in threads.files_used)
    assert "tom.threads" not in snapshots["instagram"].lists["followers"]


def test_flattened_threads_folder_and_missing_following_warns(tmp_path: Path) -> None:
    folder = tmp_path / "e" / "threads"
    write_json(folder / "followers.json", {"text_post_app_text_post_app_followers": [
        gen_a("ann", 1700000000, "https://www.threads.net/@")]})
    (snapshot,) = read_export(tmp_path / "e", ImportRequest(source="e"))
    assert snapshot.platform == "threads" and sorted(snapshot.lists) == ["followers"]
    assert any("no Threads following list" in w for w in snapshot.warnings)


def test_wrong_wrapper_key_names_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "e" / "your_instagram_activity" / "threads"
    write_json(folder / "followers.json", {"relationships_followers": []})
    write_json(folder / "following.json", {"text_post_app_text_post_app_following": []})
    with pytest.raises(InputError, match=r"threads/followers\.json: unexpected top-level key 'relationships_fol"):
        read_export(tmp_path / "e", ImportRequest(source="e"))


def test_a_threads_html_export_without_following_names_the_html_file(tmp_path: Path) -> None:
    from meta_export import html_page

    folder = tmp_path / "e" / "your_instagram_activity" / "threads"
    folder.mkdir(parents=True)
    page = html_page("Seguidores", [("anna.example", 1762048500)], h2=False).replace("www.instagram.com",
                                                                                   "www.threads.net")
    (folder / "followers.html").write_text(page, encoding="utf-8")
    [threads] = read_export(tmp_path / "e", ImportRequest(source="e"))
    assert threads.format == "threads-html" and list(threads.lists["followers"]) == ["anna.example"]
    assert any("threads/following.html" in w for w in threads.warnings)
    assert not any("following.json" in w for w in threads.warnings)
