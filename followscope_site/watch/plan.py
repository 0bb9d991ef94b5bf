"""What to watch for one config: the config file, every export, list files, templates and themes."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from followscope_site.cache import CACHE_DIR_NAME
from followscope_site.config.schema import LoadedConfig
from followscope_site.watch.filter import IgnoreFilter


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _existing_ancestor(path: Path) -> Path:
    for parent in path.parents:
        if parent.is_dir():
            return parent
    return Path(path.anchor)


def _source_checkout_dirs() -> list[Path]:
    """Built-in templates, themes, guides and catalogs, but only when running from a source checkout."""
    from followscope_site import resources

    if not (resources.REPO_DIR / "pyproject.toml").is_file() or "site-packages" in resources.PACKAGE_DIR.parts:
        return []
    return [p for p in (resources.templates_dir(), resources.themes_dir(), resources.guides_dir(),
                        resources.locale_dir()) if p.is_dir()]


@dataclass(frozen=True)
class WatchPlan:
    """Folders to watch and which paths under them are inputs.

    Single files (the config, a zip export, an allow-list file) are watched through their folder,
    never on their own: an editor's atomic save replaces the inode and a file watch goes blind
    after the first save (watchexec/watchexec#179).
    """

    trees: tuple[Path, ...]  # folders whose whole content is input
    files: tuple[Path, ...]  # single input files (or not-yet-existing input paths)
    ignore: IgnoreFilter

    def schedules(self) -> list[tuple[Path, bool]]:
        """(folder, recursive) pairs for the observer, without folders already covered by a tree."""
        wanted: dict[Path, bool] = {}
        for tree in self.trees:
            wanted[tree] = True
        for file in self.files:
            folder = file.parent if file.parent.is_dir() else _existing_ancestor(file)
            if not any(folder == t or folder.is_relative_to(t) for t in self.trees):
                wanted.setdefault(folder, False)
        return sorted(wanted.items())

    def is_input(self, path: str | Path) -> bool:
        """Whether a changed path can change the site (inside a tree, or one of the files)."""
        real = _real(Path(path))
        if self.ignore(real):
            return False
        if any(real == t or real.is_relative_to(t) for t in self.trees):
            return True
        # A file, or a folder on the way to an input that does not exist yet (created later).
        return any(real == f or f.is_relative_to(real) or real.is_relative_to(f) for f in self.files)


def plan_for(loaded: LoadedConfig, output: Path | None) -> WatchPlan:
    """The watch plan of a config; `output` is the site folder (ignored, like its scratch siblings)."""
    # watched even while missing: creating them later must trigger a build
    required = [*_analysis_inputs(loaded), *_site_templates(loaded)]
    optional = [loaded.base_dir / "templates", loaded.base_dir / "themes", *_source_checkout_dirs()]
    ignore = IgnoreFilter([loaded.output_dir(output), loaded.base_dir / CACHE_DIR_NAME])
    trees: list[Path] = []
    files: list[Path] = []
    for path in [*required, *optional]:
        real = _real(path)
        if real.is_dir():
            trees.append(real)
        elif path in required or real.exists():
            files.append(real)
    return WatchPlan(trees=tuple(dict.fromkeys(trees)), files=tuple(dict.fromkeys(files)), ignore=ignore)


def _analysis_inputs(loaded: LoadedConfig) -> list[Path]:
    """What the report is made from: the config, every account's exports and its allowlist/ignore files."""
    inputs = [loaded.path]
    for account in loaded.config.accounts:
        inputs.append(loaded.resolve(account.exports))
        inputs += [loaded.resolve(v) for v in (account.allowlist, account.ignore) if isinstance(v, Path)]
    return inputs


def _site_templates(loaded: LoadedConfig) -> list[Path]:
    """The config's own templates folder, when it names one."""
    templates = loaded.config.site.templates
    return [] if templates is None else [loaded.resolve(templates)]
