"""Built-in templates, themes and guides are found in a checkout and in an installed wheel; links are safe."""

from __future__ import annotations

from pathlib import Path

import pytest

from followscope_site import resources
from followscope_site.site.guides import markdown, safe_link


def test_checkout_layout_is_found() -> None:
    assert (resources.templates_dir() / "base.html").is_file()
    assert (resources.themes_dir() / "default" / "theme.yaml").is_file()
    assert {"default", "paper"} <= set(resources.available_themes())


def test_wheel_layout_is_preferred(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "themes").mkdir()
    monkeypatch.setattr(resources, "DATA_DIR", tmp_path)
    assert resources.templates_dir() == tmp_path / "templates"
    assert resources.themes_dir() == tmp_path / "themes"


@pytest.mark.parametrize("url", ["other.html", "#top", "../x.html", "https://example.org/", "HTTPS://E.ORG"])
def test_safe_links(url: str) -> None:
    assert safe_link(url)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "java\tscript:alert(1)", " JavaScript:x", "data:text/html,x",
                                 "http://example.org/", "//evil.example/x", "vbscript:x", "file:///etc/passwd"])
def test_unsafe_links(url: str) -> None:
    assert not safe_link(url)


def test_markdown_has_raw_html_off() -> None:
    html = markdown().render("<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](other.md)")
    assert "<script>" not in html and "javascript:" not in html.replace("[x](javascript:alert(1))", "")
    assert 'href="other.html"' in html
