"""Where the built-in templates, themes and guides live, in a source checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# pyproject force-includes the top-level templates/ and themes/ as followscope_site/_data/… in the wheel.
DATA_DIR = PACKAGE_DIR / "_data"
REPO_DIR = PACKAGE_DIR.parent


def _top_level(name: str) -> Path:
    packaged = DATA_DIR / name
    return packaged if packaged.is_dir() else REPO_DIR / name


def templates_dir() -> Path:
    """The built-in Jinja templates (the last folder of the loader chain)."""
    return _top_level("templates")


def themes_dir() -> Path:
    """The folder holding one sub-folder per built-in theme."""
    return _top_level("themes")


def guides_dir() -> Path:
    """The markdown guides, which live inside the package in both layouts."""
    return PACKAGE_DIR / "guides"


def locale_dir() -> Path:
    """One folder per language (`<code>/LC_MESSAGES/messages.po`, `<code>/guides/`), inside the package."""
    return PACKAGE_DIR / "locale"


def available_themes() -> list[str]:
    """Names of the built-in themes (folders with a theme.yaml)."""
    root = themes_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "theme.yaml").is_file())
