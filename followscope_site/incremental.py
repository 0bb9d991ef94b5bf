"""Incremental builds, as coverage.py's IncrementalChecker does it: what the last build's outputs were made from.

A site has two kinds of output. The *data files* (each list's data files, report.json and its parts) depend
on the exports, the config parts the analysis and those files read, and the code. The *pages* (HTML, assets,
sitemap) depend on the site model (the data of every page, site/pages/site.py) plus templates, theme, guides
and the presentation settings. So a build computes a *data key* first. When it equals the last build's and
the last build's data files are still there, untouched, the build skips import and analysis: it loads the
cached site model, keeps the data files (the writer links them) and renders the pages only. `build` and
`watch` both go through here, so a second `followscope build` after a template edit renders pages only, in a
new process. Pages are always rendered from the model (a few dozen, whatever the list sizes); the writer
keeps every page whose bytes did not change, so only the changed ones are rewritten.

On disk, beside the config: `.followscope-cache/sites/<sha256 of the output folder's path, 16 hex>/`
- `manifest.json`: {"format": 1, "output": "<absolute path of the site folder>", "data_key": "<sha256 hex>",
  "files": {"<path in the site>": [size, mtime_ns], …} (every data file of that build, as it was left in the
  site), "warnings": ["<the build's warnings>", …]}
- `model.msgpack`: the site models of that build, one per language (msgspec msgpack of {code: SiteModel}).
Both are written after the site is in place, each through a temporary file and os.replace. Anything that
does not load or does not match counts as no record: the build then runs in full. The folder is safe to
delete.

The data key is the sha256 of: FORMAT; the package's version and the bytes of its Python files; for each
account, its config entry and the fingerprint of its exports (cache.fingerprint) and of its allow-list and
ignore files; the analysis and limits settings; site.privacy and site.page_size; the pseudonym key (public
mode); SOURCE_DATE_EPOCH; the catalog (.po) of each language of the site, as the models hold their words.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import msgspec

from followscope_site import __version__
from followscope_site.cache import CACHE_DIR_NAME, fingerprint
from followscope_site.config.schema import LoadedConfig
from followscope_site.i18n import catalog_path
from followscope_site.log import get_logger
from followscope_site.site.pages import SiteModel

FORMAT = 2
_PACKAGE = Path(__file__).resolve().parent

log = get_logger("incremental")


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The version and every Python file of the package: a change in either rebuilds the data."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def data_key(loaded: LoadedConfig, pseudonym_key: bytes | None = None) -> str:
    """What the data files and the site model are made from (see the module docstring)."""
    config = loaded.config
    parts: list[object] = [FORMAT, code_digest(), config.analysis.model_dump(mode="json"),
                           config.limits.model_dump(mode="json"), config.site.privacy, config.site.page_size,
                           config.site.site_languages,  # a model per language, in its words and numbers
                           os.environ.get("SOURCE_DATE_EPOCH", "")]
    for code in config.site.site_languages:
        catalog = catalog_path(code)
        parts.append(hashlib.sha256(catalog.read_bytes()).hexdigest() if catalog.is_file() else None)
    for account in config.accounts:
        parts.append(account.model_dump(mode="json"))
        paths = [account.exports, *(v for v in (account.allowlist, account.ignore) if isinstance(v, Path))]
        parts += [fingerprint(loaded.resolve(p)) for p in paths]
    if pseudonym_key is not None:
        parts.append(hashlib.sha256(pseudonym_key).hexdigest())
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


@dataclass(slots=True)
class Reusable:
    """What the last build left that this one can keep: its site model, data files and warnings."""

    models: dict[str, SiteModel]  # by language code
    files: list[str]
    warnings: list[str]


class IncrementalChecker:
    """The record of the last build into one output folder, read and written around a build."""

    def __init__(self, loaded: LoadedConfig, output: Path) -> None:
        self.output = output.resolve()
        name = hashlib.sha256(str(self.output).encode()).hexdigest()[:16]
        self.folder = loaded.base_dir / CACHE_DIR_NAME / "sites" / name

    def reusable(self, key: str) -> Reusable | None:
        """The last build's model and data files when it was made from `key` and its files are untouched."""
        try:
            manifest = json.loads((self.folder / "manifest.json").read_text(encoding="utf-8"))
            if (manifest.get("format"), manifest.get("output"), manifest.get("data_key")) != (
                    FORMAT, str(self.output), key):
                return None
            files: dict[str, list[int]] = manifest["files"]
            if not all(self._intact(path, size, mtime) for path, (size, mtime) in files.items()):
                log.debug("a data file of the last build changed: building in full")
                return None
            models = msgspec.msgpack.decode((self.folder / "model.msgpack").read_bytes(), type=dict[str, SiteModel])
            return Reusable(models, list(files), list(manifest.get("warnings", [])))
        except (OSError, ValueError, KeyError, TypeError, msgspec.DecodeError, msgspec.ValidationError):
            return None  # no record, another version's, or damaged: build in full

    def _intact(self, path: str, size: int, mtime_ns: int) -> bool:
        try:
            st = (self.output / path).lstat()
        except OSError:
            return False
        return st.st_size == size and st.st_mtime_ns == mtime_ns

    def record(self, key: str, models: dict[str, SiteModel], files: list[str], warnings: list[str]) -> None:
        """Note what this build made (after the site is in place); a failure only costs the next build time."""
        try:
            stats = {}
            for path in files:
                st = (self.output / path).lstat()
                stats[path] = [st.st_size, st.st_mtime_ns]
            manifest = {"format": FORMAT, "output": str(self.output), "data_key": key, "files": stats,
                        "warnings": warnings}
            self.folder.mkdir(parents=True, exist_ok=True)
            _replace(self.folder / "model.msgpack", msgspec.msgpack.encode(models))
            _replace(self.folder / "manifest.json", json.dumps(manifest, indent=1).encode("utf-8"))
        except (OSError, TypeError, msgspec.EncodeError) as exc:
            log.debug("incremental record not written: %s", exc)


def _replace(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temp.write_bytes(data)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
