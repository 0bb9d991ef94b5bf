"""The output folder's siblings, the swap of a staged site into place, and recovery after a killed build.

Beside an output folder `site` a build uses `.site.followscope-lock` (the lock file, kept),
`.site.followscope-staging` (the new site being written), `.site.followscope-old` (the old site between
the two renames of the swap) and `.site.followscope-data` (left by earlier versions, which made files in
another process). Only the holder of the lock touches the other three, so whoever takes the lock and finds
one of them knows it belongs to a build that died, and `recover` puts things right.

The swap is two renames (`os.replace`, the same on every OS), then the old site's root dotfiles are
carried over and the old site removed. Whatever step a build is killed at, `recover` leaves a whole
site, the old one or the new one, never a mix:

    killed while staging                  -> staging removed; the old site was never touched
    after site -> old, before staging -> site -> old renamed back: the old site
    after staging -> site                 -> dotfiles still in old carried over, then old removed: the new site
"""

from __future__ import annotations

import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

MARKER = ".followscope-site"  # present in every folder we built; we only ever clean folders carrying it

_SCRATCH = re.compile(r"^\.(?P<name>.+)\.followscope-(?:staging|old|data)$")
_LOCK = re.compile(r"^\.(?P<name>.+)\.followscope-lock$")
_LEGACY = re.compile(r"^\.(?P<name>.+)\.(?:staging|old|data)-\d+$")  # `.site.staging-<pid>` of earlier versions

_RENAME_TRIES = 20  # Windows refuses to rename a folder while a file in it is open (a browser, an indexer)


def is_scratch_name(name: str) -> bool:
    """Whether a file name is one of the writer's scratch folders (staging, old or data)."""
    return _SCRATCH.match(name) is not None or _LEGACY.match(name) is not None


def is_writer_name(name: str) -> bool:
    """Whether a file name is the writer's lock file or one of its scratch folders (watchers ignore them)."""
    return is_scratch_name(name) or _LOCK.match(name) is not None


@dataclass(frozen=True)
class Siblings:
    """The paths a build of one output folder uses beside it."""

    target: Path

    def _named(self, role: str) -> Path:
        return self.target.with_name(f".{self.target.name}.followscope-{role}")

    @property
    def lock(self) -> Path:
        return self._named("lock")

    @property
    def staging(self) -> Path:
        return self._named("staging")

    @property
    def retired(self) -> Path:
        return self._named("old")

    @property
    def data(self) -> Path:
        return self._named("data")


def exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def remove_tree(path: Path) -> None:
    """Delete a folder we made, never following a symbolic link out of it; a failure is left for next time."""
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        path.unlink(missing_ok=True)
        return
    shutil.rmtree(path, ignore_errors=True)  # rmtree unlinks symlinks instead of following them


def rename(source: Path, dest: Path) -> None:
    """os.replace, tried again for a while when Windows says a file inside is in use."""
    for attempt in range(_RENAME_TRIES):
        try:
            os.replace(source, dest)
            return
        except PermissionError:
            if attempt == _RENAME_TRIES - 1 or not exists(source):
                raise
            time.sleep(0.05 * (attempt + 1))


def carry_root_dotfiles(source: Path, dest: Path) -> None:
    """Move the old site's root dotfiles (.git, .nojekyll, ...) into the new one, like mkdocs' clean.

    Safe to run again after being killed halfway: what was moved is no longer in `source`.
    """
    for entry in sorted(source.iterdir()):
        if entry.name.startswith(".") and entry.name != MARKER and not exists(dest / entry.name):
            rename(entry, dest / entry.name)


def recover(siblings: Siblings) -> None:
    """Put the output folder right after a build that was killed (the caller holds the lock)."""
    target, retired = siblings.target, siblings.retired
    if exists(retired):
        if not exists(target):
            rename(retired, target)  # killed between the two renames: the old site goes back
        else:
            finish_swap(siblings)  # killed after the swap: finish it
    for leftover in (siblings.staging, siblings.data):
        if exists(leftover):
            remove_tree(leftover)
    try:
        names = os.listdir(target.parent)
    except OSError:
        return
    for name in names:  # scratch folders of earlier versions (pid-named), from builds long gone
        match = _LEGACY.match(name)
        if match and match["name"] == target.name:
            remove_tree(target.parent / name)


def swap(siblings: Siblings) -> None:
    """Put the staged site in place of the old one (see the module docstring for each step's recovery);
    the old site is left in `retired` for finish_swap."""
    target, staging, retired = siblings.target, siblings.staging, siblings.retired
    if not exists(target):
        rename(staging, target)
        return
    rename(target, retired)
    try:
        rename(staging, target)
    except BaseException:
        rename(retired, target)
        raise


def finish_swap(siblings: Siblings) -> None:
    """After the swap: the old site's root dotfiles into the new one, then the old site removed."""
    if exists(siblings.retired):
        carry_root_dotfiles(siblings.retired, siblings.target)
        remove_tree(siblings.retired)
