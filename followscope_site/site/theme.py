"""Themes: `themes/<name>/theme.yaml` + `templates/` + `static/`, with `extends:` and content-hashed assets."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from followscope_site import resources
from followscope_site.errors import ConfigError, FollowScopeError, os_error
from followscope_site.local_files import FileProblem, read_regular

THEME_SETTINGS_LIMIT = 1 << 20  # a theme.yaml is a few lines


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
            try:
                data = path.read_bytes()
            except OSError as exc:  # an unreadable file in a theme's static/ folder: one line, not a traceback
                raise os_error(exc, path, "fix the theme's static/ folder") from None
            digest = hashlib.sha256(data).hexdigest()[:8]
            pure = PurePosixPath(name)
            hashed = pure.with_name(f"{pure.stem}.{digest}{pure.suffix}")
            result[name] = Asset(name, f"assets/{hashed}", data)
        return result


def _read_settings(folder: Path) -> dict[str, object]:
    path = folder / "theme.yaml"
    try:
        text = read_regular(path, THEME_SETTINGS_LIMIT).decode("utf-8")
        loaded = yaml.safe_load(text) or {}
    except FileProblem as exc:  # a pipe or a device named theme.yaml must not hang the build
        raise FollowScopeError(path, str(exc), "fix or reinstall the theme") from None
    except OSError as exc:
        raise os_error(exc, path, "fix or reinstall the theme") from None
    except UnicodeDecodeError:
        raise FollowScopeError(path, "is not UTF-8 text", "save it as UTF-8") from None
    except RecursionError:  # PyYAML's composer recurses once per nesting level (`[[[[…` thousands deep)
        raise FollowScopeError(path, "values nested too deeply", "a theme.yaml is a few flat keys") from None
    except yaml.YAMLError as exc:
        problem = " ".join(str(exc).split())
        raise FollowScopeError(path, f"cannot read the theme ({problem})", "fix or reinstall the theme") from None
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
