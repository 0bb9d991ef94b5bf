"""Shared test fixtures: paths to the repo and to ../shared, and Debian's Chromium for Playwright."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"
PEER_FIXTURES = SHARED / "peer-fixtures"

# Debian's chromium, never a browser that Playwright downloads (perf-security-browser.md §3).
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Playwright's assertions give up after 5 s by default, which a busy 2-core machine can exceed while a page
# builds a long list; a passing assertion returns at once, so a generous limit costs nothing.
BROWSER_DEADLINE_MS = 60_000
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):  # overrides pytest-playwright's fixture
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True, scope="session")
def _generous_browser_deadlines() -> None:
    try:
        from playwright.sync_api import expect
    except ImportError:  # an install without the browser extras: no browser test runs
        return
    expect.set_options(timeout=BROWSER_DEADLINE_MS)


@pytest.fixture
def peer_fixtures() -> Path:
    """../shared/peer-fixtures, read in place (some peers have no licence: never copy them here)."""
    if not PEER_FIXTURES.is_dir():
        pytest.skip("../shared/peer-fixtures is absent")
    return PEER_FIXTURES
