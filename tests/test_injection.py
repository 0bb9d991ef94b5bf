"""Hostile text in exports and config renders as inert text: no element, attribute, URL or template from it.

One site is built through the real CLI from an Instagram export (with Threads inside) and a TikTok export
whose usernames, display names, hrefs and the config's title, label, notes and tags carry HTML, script,
`javascript:`/`data:` URLs, CSS breakouts and template syntax (perf-security-browser.md §2). Every output
file is then parsed: HTML with html.parser, the data scripts as JSON, the CSV files as CSV.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml

MARK = "FSXSS"  # every payload carries it, so anything that leaks is easy to find
PAYLOADS = [
    f'<script>alert("{MARK}")</script>',
    f"\"><img src=x onerror=alert('{MARK}')>",
    f"javascript:alert('{MARK}')",
    f"data:text/html,<script>alert('{MARK}')</script>",
    f"</style><style>body{{background:url(javascript:{MARK})}}</style>",
    f"expression(alert('{MARK}'))",
    f"{MARK}{{{{ 7*7 }}}}",
    f"{MARK}{{% if true %}}TPL{{% endif %}}",
    f"</script><script>{MARK}()</script>",
    f'=HYPERLINK("https://evil.example/","{MARK}")',
]
# Usernames without spaces, which a lenient platform reader may accept as handles.
SPACELESS = [
    f"<script>alert('{MARK}')</script>",
    f"\"><svg/onload=alert('{MARK}')>",
    f"javascript:alert('{MARK}')",
    f"{MARK}{{{{7*7}}}}",
    f"</style><script>{MARK}</script>",
]
EXPORT = "instagram-victim-2025-06-01-Hx7Kq2Zp"
LISTS = f"{EXPORT}/connections/followers_and_following"
URL_ATTRS = {"href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href", "background",
             "cite", "manifest", "ping"}
PLATFORM_HOSTS = {"www.instagram.com", "www.threads.com", "www.tiktok.com"}
HANDLE = re.compile(r"[a-z0-9._]{1,30}")


def _meta(value: Any) -> str:
    """JSON with Meta's mojibake (each UTF-8 byte as a \\u00XX escape, formats.md §0.2)."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return json.dumps(json.loads(text), ensure_ascii=True, indent=2) if text.isascii() else \
        json.dumps(_mojibake(value), ensure_ascii=True, indent=2)


def _mojibake(value: Any) -> Any:
    if isinstance(value, str):
        return value.encode("utf-8").decode("latin-1")
    if isinstance(value, list):
        return [_mojibake(v) for v in value]
    if isinstance(value, dict):
        return {k: _mojibake(v) for k, v in value.items()}
    return value


def _entry_a(value: str, href: str, ts: int) -> dict[str, Any]:
    return {"title": "", "media_list_data": [], "string_list_data": [{"href": href, "value": value, "timestamp": ts}]}


def write_exports(base: Path) -> None:
    lists = base / "exports" / "instagram" / LISTS
    lists.mkdir(parents=True)
    followers = [
        _entry_a("anna.example", f"javascript:alert('{MARK}')", 1759305600),  # a valid handle, a hostile href
        _entry_a("ben_w", f"https://evil.example/{MARK}", 1756713600),
        _entry_a("cleo.photos", f"data:text/html,<script>{MARK}</script>", 1754035200),
        *(_entry_a(p, f"https://www.instagram.com/{MARK}", 1750000000 + i) for i, p in enumerate(PAYLOADS)),
    ]
    (lists / "followers_1.json").write_text(_meta(followers), encoding="ascii")
    following = [{"timestamp": 1761000000 - i, "media": [], "label_values": [
        {"label": "Name", "value": name},
        {"label": "Username", "value": handle},
        {"label": "URL", "value": f"javascript:alert('{MARK}')"}]}
        for i, (handle, name) in enumerate(zip(["anna.example", "ben_w", "dario.k", "eve.k", "finn.k", "gus.k",
                                                "hal.k", "ivy.k", "jo.k", "kai.k"], PAYLOADS, strict=True))]
    (lists / "following.json").write_text(_meta({"relationships_following": following}), encoding="ascii")
    threads = base / "exports" / "instagram" / EXPORT / "your_instagram_activity" / "threads"
    threads.mkdir(parents=True)
    t_followers = [{"title": name, "media_list_data": [], "string_list_data": [
        {"href": f"https://www.threads.net/@{handle}", "value": handle, "timestamp": 1759000000 - i}]}
        for i, (handle, name) in enumerate(zip(["anna.example", "t.one", "t.two"], PAYLOADS, strict=False))]
    (threads / "followers.json").write_text(_meta({"text_post_app_text_post_app_followers": t_followers}),
                                            encoding="ascii")
    (threads / "following.json").write_text(_meta({"text_post_app_text_post_app_following": t_followers[:1]}),
                                            encoding="ascii")
    tiktok = base / "exports" / "tiktok" / "tiktok-2025-06-01"
    tiktok.mkdir(parents=True)
    fans = [{"Date": "2025-05-01 10:00:00", "UserName": u} for u in [*SPACELESS, "plain.fan", *PAYLOADS[:2]]]
    follows = [{"Date": "2025-05-02 10:00:00", "UserName": u} for u in [SPACELESS[0], "plain.star"]]
    data = {"Activity": {"Follower List": {"FansList": fans}, "Following List": {"Following": follows}}}
    (tiktok / "user_data_tiktok.json").write_text(json.dumps(data, indent=2), encoding="utf-8")


def write_facebook(base: Path) -> None:
    """Facebook names people by display name only: the name is the identifier, and there is no profile link."""
    folder = base / "exports" / "facebook" / "facebook-victim-2025-06-01" / "connections"
    (folder / "friends").mkdir(parents=True)
    (folder / "followers").mkdir(parents=True)
    friends = [{"name": p, "timestamp": 1738151993 - i} for i, p in enumerate(PAYLOADS)]
    (folder / "friends" / "your_friends.json").write_text(_meta({"friends_v2": friends}), encoding="ascii")
    followers = [{"name": p} for p in PAYLOADS[:4]]
    (folder / "followers" / "people_who_followed_you.json").write_text(_meta({"followers_v3": followers}),
                                                                        encoding="ascii")


def write_config(base: Path) -> None:
    notes = {"anna.example": PAYLOADS[0] + " " + PAYLOADS[6], "ben_w": PAYLOADS[4], "dario.k": PAYLOADS[9],
             "cleo.photos": PAYLOADS[7]}
    config = {
        "site": {"title": f"{PAYLOADS[1]} {PAYLOADS[6]}"},
        "accounts": [
            {"exports": "exports/instagram", "label": PAYLOADS[8],  # Threads inside becomes an account too
             "allowlist": ["eve.k"], "notes": notes,
             "tags": {"anna.example": [PAYLOADS[1], PAYLOADS[4]], "ben_w": [PAYLOADS[6], PAYLOADS[5]]}},
            {"exports": "exports/tiktok", "platform": "tiktok", "label": PAYLOADS[2],
             "notes": {"plain.fan": PAYLOADS[3]}},
            {"exports": "exports/facebook", "platform": "facebook"},
        ],
    }
    (base / "followscope.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                           encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("injection")
    write_exports(base)
    write_facebook(base)
    write_config(base)
    importers = Path(__file__).resolve().parent.parent / "followscope_site" / "importers"
    config = yaml.safe_load((base / "followscope.yaml").read_text(encoding="utf-8"))
    for platform in ("tiktok", "facebook"):  # importers that land separately; test what is there
        if not (importers / f"{platform}.py").exists():
            shutil.rmtree(base / "exports" / platform)
            config["accounts"] = [a for a in config["accounts"] if a.get("platform") != platform]
    (base / "followscope.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                           encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "followscope_site", "build", "-c", "followscope.yaml", "-o",
                             "site"], cwd=base, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "NO_COLOR": "1"})
    assert result.returncode == 0, result.stderr
    return base / "site"


class Page(HTMLParser):
    """Every start tag with its attributes, and the text of script and style elements and of the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.raw_text: dict[str, list[str]] = {"script": [], "style": []}
        self.text: list[str] = []
        self._inside: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag in self.raw_text:
            self._inside.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if self._inside and self._inside[-1] == tag:
            self._inside.pop()

    def handle_data(self, data: str) -> None:
        (self.raw_text[self._inside[-1]] if self._inside else self.text).append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def _scheme(url: str) -> str:
    cleaned = "".join(ch for ch in url if ch > " " and ch != "\x7f").lower()  # browsers drop these in schemes
    return cleaned.split(":", 1)[0] if ":" in cleaned.split("/", 1)[0] else ""


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_the_payloads_reached_the_site(site: Path) -> None:
    """The check below is only worth something if the hostile text was rendered (as text)."""
    texts = "\n".join("".join(parse(p).text) for p in html_files(site))
    assert PAYLOADS[0] in texts  # a config note
    assert PAYLOADS[6] in texts  # `{{ 7*7 }}` literally
    assert f"{MARK}49" not in texts
    assert PAYLOADS[1] in texts  # the title / a display name
    assert PAYLOADS[5] in texts  # a label_values display name and a tag
    assert "www.threads.com" in "".join(str(parse(p).tags) for p in html_files(site))  # the Threads account


def test_no_element_or_attribute_comes_from_the_export(site: Path) -> None:
    for path in html_files(site):
        page = parse(path)
        for tag, attrs in page.tags:
            assert MARK.lower() not in tag, (path, tag)
            for name, value in attrs:
                assert MARK.lower() not in name, (path, tag, name)
                assert not name.startswith("on"), (path, tag, name, value)  # no inline event handler at all
                if name == "style" and value:
                    assert MARK not in value and "expression(" not in value, (path, tag, value)
            assert tag not in {"iframe", "object", "embed", "base", "form", "meta"} or all(
                MARK not in (v or "") for _, v in attrs), (path, tag, attrs)
            if tag == "img":
                assert dict(attrs).get("src") != "x", (path, attrs)
        for kind, chunks in page.raw_text.items():
            assert MARK not in "".join(chunks), (path, kind)


def test_no_hostile_url_and_profile_links_are_built_from_handles(site: Path) -> None:
    hosts: set[str] = set()
    for path in html_files(site):
        for tag, attrs in parse(path).tags:
            for name, value in attrs:
                if name not in URL_ATTRS or value is None:
                    continue
                if tag == "link" and ("rel", "icon") in attrs and value.startswith("data:image/svg+xml,"):
                    assert "evil.example" not in value and MARK not in unquote(value), (path, value)
                    continue  # the theme's inline favicon (base.html), the same bytes on every page
                assert _scheme(value) in ("", "https", "http", "mailto"), (path, tag, name, value)
                assert "evil.example" not in value, (path, value)
                parts = urlsplit(value)
                if parts.scheme in ("http", "https"):
                    hosts.add(parts.hostname or "")
                    if MARK in unquote(value):
                        assert parts.hostname in PLATFORM_HOSTS, (path, value)
                if parts.hostname == "www.instagram.com":
                    assert HANDLE.fullmatch(parts.path.strip("/")), (path, value)
                if parts.hostname == "www.threads.com":
                    assert parts.path.startswith("/@") and HANDLE.fullmatch(parts.path[2:]), (path, value)
                if parts.hostname == "www.tiktok.com":
                    assert parts.path.startswith("/@") and not re.search(r"[<>\"' ]", parts.path), (path, value)
    assert "www.instagram.com" in hosts  # profile links were rendered at all


def test_data_scripts_are_pure_data(site: Path) -> None:
    """The search data files push one JSON object each; a payload cannot close the string or the call."""
    prefix = "(window.FOLLOWSCOPE_DATA=window.FOLLOWSCOPE_DATA||[]).push("
    checked = 0
    for path in sorted(site.rglob("*.js")):
        text = path.read_text(encoding="utf-8")
        if not text.startswith(prefix):
            continue
        assert text.isascii()
        for line in text.splitlines():
            assert line.startswith(prefix) and line.endswith(");"), (path, line[:80])
            json.loads(line[len(prefix):-2])
            checked += 1
    assert checked


def test_csv_cells_never_start_a_formula(site: Path) -> None:
    for path in sorted(site.rglob("*.csv")):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (path, cell)
                assert not (cell.startswith("-") and MARK in cell), (path, cell)


def test_report_json_keeps_the_text_as_data(site: Path) -> None:
    report = json.loads((site / "report.json").read_text(encoding="utf-8"))
    assert f"{MARK}49" not in json.dumps(report)
    for account in report["accounts"]:
        for rows in account["categories"].values():
            for row in rows:
                url = row.get("url")
                if url:
                    assert urlsplit(url).hostname in PLATFORM_HOSTS | {"x.com", "bsky.app"}, url
