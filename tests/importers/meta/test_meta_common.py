"""What every Meta export shares: mojibake, timestamps, profile hrefs, and our fixtures' byte-faithfulness."""

from __future__ import annotations

from pathlib import Path

import pytest
from meta_export import meta_dumps

from followscope_site.importers.meta.common import fix_meta_text, fix_meta_tree, handle_from_href, seconds

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.mark.parametrize(("raw", "fixed"), [
    ("J\u00c3\u00b6rg", "Jörg"),
    ("Ho\u00c3\u00a0ng", "Hoàng"),
    ("\u00f0\u009f\u0098\u0080", "😀"),
    ("plain ascii", "plain ascii"),
    ("Jörg", "Jörg"),  # genuine Latin-1 (not valid UTF-8 once encoded): left alone
    ("Émigré ✓", "Émigré ✓"),  # already fixed (a character above U+00FF): left alone
    ("", ""),
])
def test_fix_meta_text(raw: str, fixed: str) -> None:
    assert fix_meta_text(raw) == fixed


def test_fix_meta_tree_fixes_every_string() -> None:
    assert fix_meta_tree({"a": ["J\u00c3\u00b6rg", 1, None], "N\u00c3\u00a4me": {"b": "x"}}) == {
        "a": ["Jörg", 1, None], "Näme": {"b": "x"}}


@pytest.mark.parametrize(("value", "expected"), [
    (1765222997, 1765222997), (1765222997123, 1765222997), (0, None), (None, None), (-5, None),
    (True, None), ("1765222997", None), (1765222997.9, 1765222997),
])
def test_seconds(value: object, expected: int | None) -> None:
    assert seconds(value) == expected


@pytest.mark.parametrize(("href", "expected"), [
    ("https://www.instagram.com/anna.example", "anna.example"),
    ("https://www.instagram.com/_u/anna.example", "anna.example"),
    ("https://instagram.com/anna.example/?hl=en", "anna.example"),
    ("https://www.instagram.com/p/Cxyz123/", None),
    ("https://www.instagram.com/explore/tags/cats", None),
    ("https://www.instagram.com/accounts/login/", None),
    ("https://help.instagram.com/181231772500920", None),
    ("javascript:alert(1)", None),
    ("https://evil.example/anna", None),
])
def test_handle_from_href(href: str, expected: str | None) -> None:
    assert handle_from_href(href, ("instagram.com",)) == expected


def test_threads_hrefs_with_and_without_at() -> None:
    hosts = ("threads.net", "threads.com")
    assert handle_from_href("https://www.threads.net/@old", hosts) == "old"
    assert handle_from_href("https://www.threads.com/ann", hosts) == "ann"


def test_fixtures_are_written_as_meta_writes_them() -> None:
    assert meta_dumps({"media_list_data": [], "n": "Jö"}) == (
        '{\n  "media_list_data": [\n    \n  ],\n  "n": "J\\u00c3\\u00b6"\n}')
    for platform in ("instagram", "facebook"):
        for path in (FIXTURES / platform).rglob("*.json"):
            data = path.read_bytes()
            assert data.isascii() and not data.endswith(b"\n"), path
            assert b"\t" not in data and data.startswith((b"{\n  ", b"[\n  ")), path
