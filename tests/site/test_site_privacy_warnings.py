"""Public mode: the values a warning quotes (handles an importer refused) appear nowhere in the site."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from followscope_site.commands.build import build
from followscope_site.config.loader import load_config
from followscope_site.site.privacy import public_warning

REFUSED = ["not a handle!!", "pwn<b>ed</b> x", "it's mine", "zed\u202ebad"]


def _entry(handle: str) -> dict:
    return {"title": "", "media_list_data": [],
            "string_list_data": [{"href": "", "value": handle, "timestamp": 1700000000}]}


def _project(base: Path, privacy: str) -> Path:
    lists = base / "exports" / "instagram-alice-2025-06-01" / "connections" / "followers_and_following"
    lists.mkdir(parents=True)
    (lists / "followers_1.json").write_text(json.dumps([_entry(h) for h in ["ann", "bob", *REFUSED]]))
    (lists / "following.json").write_text(json.dumps({"relationships_following": [_entry("bob"), _entry("cid")]}))
    (base / "followscope.yaml").write_text(
        f"site:\n  privacy: {privacy}\naccounts:\n  - exports: exports/instagram-alice-2025-06-01\n",
        encoding="utf-8")
    return base / "followscope.yaml"


@pytest.mark.parametrize("privacy", ["public", "private"])
def test_refused_handles_are_hidden_in_public_mode_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        privacy: str) -> None:
    monkeypatch.setenv("FOLLOWSCOPE_NO_CACHE", "1")
    result = build(load_config(_project(tmp_path, privacy)))
    warning = next(w for w in result.warnings if "invalid" in w)
    assert "not a handle!!" in warning  # the terminal of the site's owner still says which values
    site = b"".join(p.read_bytes() for p in sorted((tmp_path / "site").rglob("*")) if p.is_file())
    report = json.loads((tmp_path / "site" / "report.json").read_text(encoding="utf-8"))
    shown = [w for a in report["accounts"] for s in a["snapshots"] for w in s["warnings"] if "invalid" in w]
    about = (tmp_path / "site" / "about.html").read_text(encoding="utf-8")
    assert len(shown) == 1 and "entries with an invalid" in about
    if privacy == "public":
        for raw in ["not a handle", "pwn", "it's mine", "it\\'s mine", "zed"]:
            assert raw.encode() not in site, raw
        assert "'…'" in shown[0] and "&#39;…&#39;" in about
    else:
        assert "not a handle!!" in shown[0]


def test_public_warning_hides_quoted_values_not_apostrophes() -> None:
    assert public_warning("followers: 2 entries with an invalid account skipped ('a b', \"it's\")") == \
        "followers: 2 entries with an invalid account skipped ('…', '…')"
    for text in ("export date taken from the file's modification time", "the users' lists", "don't 'x"):
        assert public_warning(text) == text
