"""A handle with a direction-override character cannot reorder the text around it, in LTR and RTL pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from followscope_site.config.schema import Config, LoadedConfig
from followscope_site.site.render import make_environment, template_dirs
from followscope_site.site.theme import load_theme

pytestmark = pytest.mark.browser

HOSTILE = "evil\u202eexe.txt"  # U+202E RIGHT-TO-LEFT OVERRIDE, never closed
TAIL = {"ltr": "unfollowed you", "rtl": "ألغى متابعتك"}  # words of the page's own direction
LEAD = {"ltr": "lost:", "rtl": "فقدت"}


def page_with(handle_html: str, direction: str) -> str:
    return (f'<!doctype html><html dir="{direction}"><body><p style="font: 20px monospace">'
            f'<span id="lead">{LEAD[direction]}</span> <span id="h">{handle_html}</span> '
            f'<span id="tail">{TAIL[direction]}</span></p></body></html>')


def layout(page: Any, tmp_path: Path, html: str) -> dict[str, float]:
    path = tmp_path / "bidi.html"
    path.write_text(html, encoding="utf-8")
    page.goto(path.as_uri())
    return page.evaluate("""() => {
        const box = id => document.getElementById(id).getBoundingClientRect();
        const sel = document.createRange(); sel.selectNodeContents(document.getElementById('tail'));
        const rects = Array.from(sel.getClientRects());
        return {hLeft: box('h').left, hRight: box('h').right,
                tailLeft: Math.min(...rects.map(r => r.left)), tailRight: Math.max(...rects.map(r => r.right)),
                tailText: document.getElementById('tail').innerText};
    }""")


@pytest.mark.parametrize("direction", ["ltr", "rtl"])
def test_isolated_handle_keeps_the_following_text_in_place(page: Any, tmp_path: Path, direction: str) -> None:
    loaded = LoadedConfig(path=tmp_path / "c.yaml", config=Config.model_validate({"accounts": [{"exports": "x"}]}))
    macros = make_environment(template_dirs(loaded, load_theme("default"))).get_template("macros.html").module
    isolated = str(macros.handle_link(HOSTILE, "https://example.org/x"))  # type: ignore[attr-defined]
    box = layout(page, tmp_path, page_with(isolated, direction))
    if direction == "ltr":
        assert box["tailLeft"] >= box["hRight"] - 1  # the words after the handle stay after it, to its right
    else:
        assert box["tailRight"] <= box["hLeft"] + 1  # right-to-left: after it means to its left
    if direction == "ltr":  # control: without isolation the override drags the following words along
        raw = layout(page, tmp_path, page_with(HOSTILE, direction))
        assert raw["tailLeft"] < raw["hRight"] - 1
