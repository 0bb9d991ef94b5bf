"""From an account's `exports:` path to its snapshots, oldest first, grouped per account found."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from followscope_site.cache import cache_for
from followscope_site.config.schema import AccountConfig, LoadedConfig
from followscope_site.errors import InputError, os_error
from followscope_site.importers import ImportRequest, read_export
from followscope_site.importers.archive import Limits
from followscope_site.model import Snapshot, normalize_handle

# Folder names that belong inside one export; a folder holding them is an export, not a folder of exports.
_EXPORT_STRUCTURE = {
    "connections", "followers_and_following", "your_instagram_activity", "personal_information",
    "data", "assets", "files", "media", "ads_information", "security_and_login_information",
    "logged_information", "preferences", "apps_and_websites_off_of_instagram", "your_activity_across_facebook",
    "activity", "your activity", "profile and settings", "threads",
}


def limits_of(loaded: LoadedConfig) -> Limits:
    c = loaded.config.limits
    mib = 1024 * 1024
    return Limits(max_file_bytes=c.max_file_mb * mib, max_total_bytes=c.max_total_mb * mib,
                  max_members=c.max_members, max_ratio=c.max_ratio, max_entries=c.max_entries)


def export_paths(path: Path) -> list[Path]:
    """One export (a zip, a file or an unzipped folder), or each export in a folder of dated exports."""
    if not path.is_dir():
        return [path]
    children = sorted(p for p in path.iterdir() if not p.name.startswith((".", "__MACOSX")))
    zips = [c for c in children if c.is_file() and c.suffix.lower() == ".zip"]
    folders = [c for c in children if c.is_dir()]
    loose = [c for c in children if c.is_file() and c.suffix.lower() != ".zip"
             and c.suffix.lower() not in (".md", ".txt")]
    if zips:
        return zips + [f for f in folders if f.name.lower() not in _EXPORT_STRUCTURE]
    if folders and not loose and all(f.name.lower() not in _EXPORT_STRUCTURE for f in folders):
        return folders
    return [path]


def read_account_exports(
    loaded: LoadedConfig,
    account: AccountConfig,
    on_export: Callable[[str], None] | None = None,
) -> dict[tuple[str, str], list[Snapshot]]:
    """Every snapshot of one config account, keyed by (platform, owner) and sorted oldest first."""
    root = loaded.resolve(account.exports)
    try:  # exists() raises for a name too long or a folder that can't be searched; listing it for the rest
        if not root.exists():
            raise InputError(loaded.display(account.exports), "no such file or folder",
                             f"check `exports:` in {loaded.path.name}")
        paths = export_paths(root)
    except OSError as exc:
        raise os_error(exc, loaded.display(account.exports), error=InputError, name_path=True) from None
    if not paths:
        raise InputError(loaded.display(account.exports), "the folder holds no export",
                         "put a downloaded export zip (or an unzipped export folder) in it")
    options: dict[str, str] = {}
    if account.csv is not None:
        options = {k: str(v) for k, v in account.csv.model_dump().items() if v is not None}
    grouped: dict[tuple[str, str], list[Snapshot]] = {}
    cache = cache_for(loaded.base_dir)  # parsed snapshots by export fingerprint (followscope_site/cache.py)
    limits = limits_of(loaded)
    for path in paths:
        source = loaded.display(path)
        if on_export is not None:
            on_export(source)
        request = ImportRequest(source=source, platform=account.platform, owner=account.handle, options=options)
        found = read_export(path, request, limits) if cache is None else cache.read(path, request, limits,
                                                                                     read_export)
        for snapshot in found:
            owner = snapshot.owner or (normalize_handle(account.handle) if account.handle else "me")
            grouped.setdefault((snapshot.platform, owner), []).append(snapshot)
    for snapshots in grouped.values():
        snapshots.sort(key=lambda s: (s.taken_at, s.source))
    return grouped
