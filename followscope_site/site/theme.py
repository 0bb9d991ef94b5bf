"""Themes: `themes/<name>/theme.yaml` + `templates/` + `static/`, with `extends:` and content-hashed assets."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from followscope_site import resources
from followscope_site.errors import ConfigError, FollowScopeError


@dataclass(slots=True)
class Asset:
    """A static file of the theme, copied as `assets/<stem>.<hash8><suffix>` so caches never go stale."""

    name: str  # as the theme names it, e.g. "style.css"
    path: str  # in the site, e.g. "assets/style.3f2a9c1b.css"
    data: bytes


@dataclass(slots=True)
class Theme:
    """A resolved theme: its chain of folders (child first) and its merged settings."""

    name: str
    folders: list[Path]
    settings: dict[str, object] = field(default_factory=dict)

    @property
    def template_dirs(self) -> list[Path]:
        return [f / "templates" for f in self.folders if (f / "templates").is_dir()]

    @property
    def stylesheets(self) -> list[str]:
        return [str(s) for s in self.settings.get("stylesheets", []) or []]  # type: ignore[union-attr]

    @property
    def scripts(self) -> list[str]:
        return [str(s) for s in self.settings.get("scripts", []) or []]  # type: ignore[union-attr]

    def assets(self) -> dict[str, Asset]:
        """Every static file; a child theme's file replaces its parent's file of the same name."""
        found: dict[str, Path] = {}
        for folder in reversed(self.folders):  # parent first, so children override
            static = folder / "static"
            if static.is_dir():
                for path in sorted(static.rglob("*")):
                    if path.is_file() and not path.name.startswith("."):
                        found[path.relative_to(static).as_posix()] = path
        result: dict[str, Asset] = {}
        for name, path in found.items():
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()[:8]
            pure = PurePosixPath(name)
            hashed = pure.with_name(f"{pure.stem}.{digest}{pure.suffix}")
            result[name] = Asset(name, f"assets/{hashed}", data)
        return result


def _read_settings(folder: Path) -> dict[str, object]:
    path = folder / "theme.yaml"
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise FollowScopeError(path, f"cannot read the theme ({exc})", "fix or reinstall the theme") from None
    if not isinstance(loaded, dict):
        raise FollowScopeError(path, "theme.yaml must be a mapping", "see themes/default/theme.yaml")
    return loaded


def load_theme(name: str, themes_root: Path | None = None) -> Theme:
    """The theme by name; an unknown name is a config error listing the themes there are."""
    root = themes_root or resources.themes_dir()
    available = sorted(p.name for p in root.iterdir() if (p / "theme.yaml").is_file()) if root.is_dir() else []
    folders: list[Path] = []
    settings: dict[str, object] = {}
    current: str | None = name
    while current is not None:
        if current not in available:
            raise ConfigError(None, f"site.theme: unknown theme {current!r}",
                              f"available themes: {', '.join(available) or 'none'}")
        folder = root / current
        if folder in folders:
            raise FollowScopeError(folder / "theme.yaml", "themes extend each other in a loop", "fix `extends:`")
        folders.append(folder)
        own = _read_settings(folder)
        settings = {**own, **settings}  # the child's keys win
        parent = own.get("extends")
        current = str(parent) if parent else None
    settings.pop("extends", None)
    return Theme(name=name, folders=folders, settings=settings)
