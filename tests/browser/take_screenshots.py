"""Screenshots of the demo site for the README: `.venv/bin/python tests/browser/take_screenshots.py`.

Builds sample_config.yaml (default and paper themes) into a temporary folder and writes docs/screenshot-*.png
with Debian's Chromium (never a downloaded browser). Not a test: run it when the look changes.
"""

from __future__ import annotations

import importlib.util
import tempfile
from pathlib import Path

from browserkit import ROOT, build, demo_account
from playwright.sync_api import sync_playwright

# tests/conftest.py holds the Chromium path and flags; this folder's conftest.py shadows its module name.
_spec = importlib.util.spec_from_file_location("tests_conftest", ROOT / "tests" / "conftest.py")
assert _spec and _spec.loader
_shared = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_shared)
CHROMIUM, CHROMIUM_ARGS = _shared.CHROMIUM, _shared.CHROMIUM_ARGS

DOCS = ROOT / "docs"
CATEGORY = "accounts/instagram-demo.account/not_following_back/index.html"
# (file name, site, page, colour scheme, viewport width, full page)
SHOTS = [
    ("screenshot-overview.png", "default", "index.html", "light", 1280, True),
    ("screenshot-overview-dark.png", "default", "index.html", "dark", 1280, True),
    ("screenshot-category.png", "default", CATEGORY, "light", 1280, False),
    ("screenshot-category-paper.png", "paper", CATEGORY, "light", 1280, False),
    ("screenshot-phone.png", "default", "index.html", "light", 390, False),
]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        sites = {theme: build({"site": {"title": "FollowScope demo", "theme": theme}, "accounts": [demo_account()]},
                              base / theme, base / f"{theme}-site") for theme in ("default", "paper")}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, theme, page_path, scheme, width, full in SHOTS:
                height = 1800 if width > 400 else 1600
                context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme,
                                              device_scale_factor=1)
                page = context.new_page()
                page.goto((sites[theme] / page_path).as_uri())
                page.screenshot(path=str(DOCS / name), full_page=full)
                context.close()
                print(f"{name}: {(DOCS / name).stat().st_size:,} bytes")
            browser.close()


if __name__ == "__main__":
    main()
