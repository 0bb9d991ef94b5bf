"""Themes, the template chain and the privacy modes."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from htmlcheck import crawl, parse
from sitekit import loaded_config, render_to, small_report

from followscope_site.errors import FollowScopeError
from followscope_site.site.privacy import KEY_FILE, pseudonym
from followscope_site.site.theme import load_theme


def test_assets_carry_a_content_hash(small_site: Path) -> None:
    names = sorted(p.name for p in (small_site / "assets").iterdir())
    assert all(re.fullmatch(r"(style|theme|list|search)\.[0-9a-f]{8}\.(css|js)", n) for n in names), names
    head = [a.get("href") for t, a in parse(small_site / "index.html").tags if t == "link"]
    assert any(h and h.startswith("assets/style.") for h in head)


def test_unknown_theme_lists_the_available_ones(tmp_path: Path) -> None:
    with pytest.raises(FollowScopeError) as caught:
        list(render_site_files(tmp_path, theme="neon"))
    assert "unknown theme 'neon'" in str(caught.value)
    assert "default" in str(caught.value) and "paper" in str(caught.value)


@pytest.mark.parametrize("settings", ["[" * 5000, "name: [unclosed", b"\xff\xfe", "fifo"])
def test_a_broken_theme_yaml_is_one_clear_error(tmp_path: Path, settings: str | bytes) -> None:
    theme = tmp_path / "themes" / "broken"
    theme.mkdir(parents=True)
    target = theme / "theme.yaml"
    if settings == "fifo":  # a pipe must be refused before it is opened for reading (that would block)
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs on this OS")
        os.mkfifo(target)
    elif isinstance(settings, bytes):
        target.write_bytes(settings)
    else:
        target.write_text(settings, encoding="utf-8")
    with pytest.raises(FollowScopeError) as caught:
        load_theme("broken", tmp_path / "themes")
    # A pipe is not a theme at all ("unknown theme … available: none"); the others name the file.
    assert "theme.yaml" in str(caught.value) or settings == "fifo"


def render_site_files(tmp_path: Path, **site: object) -> list[str]:
    from followscope_site.site import render_site

    return [f.path for f in render_site(small_report(), loaded_config(tmp_path, **site))]


def test_paper_extends_default(tmp_path: Path) -> None:
    theme = load_theme("paper")
    assert [f.name for f in theme.folders] == ["paper", "default"]
    assert set(theme.assets()) >= {"style.css", "paper.css", "theme.js", "list.js"}
    site = render_to(tmp_path / "site", small_report(), loaded_config(tmp_path, theme="paper"))
    hrefs = [a["href"] for t, a in parse(site / "index.html").tags if t == "link" and a.get("rel") == "stylesheet"]
    assert [h.split(".")[0] for h in hrefs] == ["assets/style", "assets/paper"]
    _, broken = crawl(site)
    assert broken == []


def test_user_templates_override_by_name(tmp_path: Path) -> None:
    custom = tmp_path / "my-templates"
    custom.mkdir()
    (custom / "404.html").write_text('{% extends "base.html" %}{% block content %}<p>Lost: {{ page.title }}</p>'
                                     "{% endblock %}", encoding="utf-8")
    site = render_to(tmp_path / "site", small_report(), loaded_config(tmp_path, templates="my-templates"))
    assert "<p>Lost: Page not found</p>" in (site / "404.html").read_text()
    assert "Who follows whom" in (site / "index.html").read_text()  # others stay built-in


def test_template_typo_is_a_clear_error(tmp_path: Path) -> None:
    custom = tmp_path / "t"
    custom.mkdir()
    (custom / "about.html").write_text("{{ page.no_such_field }}", encoding="utf-8")
    with pytest.raises(FollowScopeError) as caught:
        render_site_files(tmp_path, templates="t")
    assert "about.html" in str(caught.value)


def test_public_mode_replaces_handles_everywhere(tmp_path: Path) -> None:
    report = small_report()
    handles = {"anna.example", "carl.c", "dora.d", "ben_b", "new.fan", "gone.fan", "brand.co", "pending.p"}
    site = render_to(tmp_path / "site", report, loaded_config(tmp_path, privacy="public"))
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".csv", ".js") and path.parent.name != "assets":
            text = path.read_text(encoding="utf-8-sig")
            leaked = [h for h in handles if h in text]
            assert leaked == [], (path, leaked)
    data = json.loads((site / "report.json").read_text())
    account = data["accounts"][0]
    assert account["counts"]["mutuals"] == 1 and account["handle"] == "alice"
    key = (tmp_path / KEY_FILE).read_bytes()  # made by the build, beside the config
    assert [r["handle"] for r in account["categories"]["mutuals"]] == [pseudonym(key, "instagram:alice",
                                                                                  "anna.example")]
    assert [r["handle"] for r in account["categories"]["deactivated"]] == ["__deleted__xyz"]  # nobody's handle
    assert all(r["url"] is None and "note" not in r and "name" not in r
               for rows in account["categories"].values() for r in rows)
    index = parse(site / "index.html")
    assert not any(m.get("name") == "robots" for m in index.metas)
