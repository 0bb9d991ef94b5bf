"""Which output folders a build may replace: never one that holds what the build reads, never a root, your
home or the current folder; a folder FollowScope did not make only with --force (conventions.md §4.1)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from followscope_site.cache import CACHE_DIR_NAME
from followscope_site.config.schema import LoadedConfig
from followscope_site.errors import OutputError, os_error
from followscope_site.site.swap import MARKER, exists


def _is_git_root(path: Path) -> bool:
    if (path / ".git").exists():
        return True
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=path, capture_output=True,
                             text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return False
    return top.returncode == 0 and Path(top.stdout.strip()).resolve() == path


def protected_paths(loaded: LoadedConfig) -> list[Path]:
    """What an output folder may never contain or be: the config, the exports, templates, themes and the cache
    (parsed exports: a site holding it would publish them)."""
    config = loaded.config
    paths = [loaded.path.resolve()]
    paths += [loaded.resolve(a.exports).resolve() for a in config.accounts]
    if config.site.templates is not None:
        paths.append(loaded.resolve(config.site.templates).resolve())
    for name in ("templates", "themes", CACHE_DIR_NAME):
        candidate = (loaded.base_dir / name).resolve()
        if candidate.exists():
            paths.append(candidate)
    return paths


def _first_existing(path: Path) -> Path:
    """The path itself or its nearest ancestor that exists."""
    for candidate in (path, *path.parents):
        if exists(candidate):
            return candidate
    return Path(path.anchor)


def check_output(out_dir: Path, loaded: LoadedConfig, *, force: bool = False) -> None:
    """Refuse an output folder that is unsafe to replace (see conventions.md §4.1).

    `--force` lifts only the "not ours" checks (a folder with files FollowScope did not write, the root
    of a git work tree), never these: the folder is, or holds, the config, an export, templates or themes,
    or lies inside an export; it is a file system root, your home or the current folder, or holds one of
    them; it is a file.
    """
    target = out_dir.resolve()
    shown = str(out_dir)
    for path in protected_paths(loaded):
        if target == path or path.is_relative_to(target):
            raise OutputError(shown, f"would replace or contain {path.name!r}, which the build reads",
                              "choose another output folder with -o or `site.output`")
        if path != loaded.path.resolve() and path.is_dir() and target.is_relative_to(path):
            # A site inside an export folder would be read back as an export on the next build.
            raise OutputError(shown, f"is inside {path.name!r}, which the build reads",
                              "choose an output folder outside the exports, templates and themes")
    home, cwd = Path.home().resolve(), Path.cwd().resolve()
    if target == Path(target.anchor) or home.is_relative_to(target) or cwd.is_relative_to(target):
        raise OutputError(shown, "refusing to replace a filesystem root, your home or the current folder "
                                 "(or a folder that holds one of them), even with --force",
                          "choose an output folder of its own, e.g. `site`")
    found = _first_existing(target)
    if found != target and not found.is_dir():
        raise OutputError(str(found), "is a file, not a folder, so the output folder cannot be made inside it",
                          f"choose another output folder than {shown}")
    if exists(target) and not target.is_dir():
        raise OutputError(shown, "exists and is not a folder", "choose another output folder")
    if target.is_dir() and os.path.ismount(target):  # e.g. a Docker volume: a mount point cannot be renamed
        raise OutputError(shown, "is a mount point, and a build replaces its output folder by renaming it",
                          f"build into a folder inside it instead, e.g. {Path(shown) / 'site'}")
    if force or not target.exists():
        return
    if _is_git_root(target):
        raise OutputError(shown, "is the root of a git work tree",
                          "choose a subfolder such as `site`, or pass --force")
    try:
        foreign = any(target.iterdir()) and not (target / MARKER).is_file()
    except OSError as exc:
        raise os_error(exc, shown, error=OutputError) from None
    if foreign:
        raise OutputError(shown, "is not empty and was not made by followscope",
                          "choose an empty folder, or pass --force to replace it")
