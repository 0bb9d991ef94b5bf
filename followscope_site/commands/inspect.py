"""`followscope inspect PATH`: which platform and format an export is, what it holds, and what is wrong with it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path, PurePosixPath
from typing import Any

from followscope_site.analysis.categories import categorize, counts
from followscope_site.errors import FollowScopeError
from followscope_site.importers import ImportRequest, importers, read_export
from followscope_site.importers.archive import ExportFiles
from followscope_site.importers.dating import DATE_SOURCES
from followscope_site.model import LIST_NAMES, Snapshot
from followscope_site.sources import export_paths

_SHOWN_FILES = 8  # how many file names the text form lists before "… and N more"


def inspect_path(path: Path) -> dict[str, Any]:
    """One entry per account found in each export under `path` (SPEC "Command line", `inspect --json`).

    An export that cannot be read gives an entry with an `"error"` key (see `inspect_failed`), the
    platform it looks like, and a summary of its files, instead of raising.
    """
    paths = export_paths(path) if path.is_dir() else [path]
    exports: list[dict[str, Any]] = []
    for export in paths:
        exports.extend(_inspect_export(export))
    return {"path": str(path), "exports": exports}


def inspect_failed(result: dict[str, Any]) -> bool:
    """Whether any export in an `inspect_path` result could not be read (the CLI then exits 1)."""
    return any("error" in entry for entry in result["exports"])


def _inspect_export(export: Path) -> list[dict[str, Any]]:
    source = str(export)
    try:
        snapshots = read_export(export, ImportRequest(source=source))
    except FollowScopeError as exc:
        # the user is running inspect: a hint to run it is no help
        hint = None if exc.hint and "followscope inspect" in exc.hint else exc.hint
        return [_failure(export, FollowScopeError(exc.path, exc.problem, hint).line())]
    except Exception as exc:  # inspect exists to diagnose odd files: report even our own bugs as a line
        return [_failure(export, f"{source}: unexpected {type(exc).__name__} while reading ({exc}); please report it")]
    members = _member_names(export)
    used = {name for snapshot in snapshots for name in snapshot.files_used}
    ignored = [name for name in members if name not in used]
    return [_entry(source, snapshot, ignored) for snapshot in snapshots]


def _counts(snapshot: Snapshot) -> dict[str, int | None]:
    """followers and following always (null when the export lacks them), deleted placeholders, then every other
    list it has: the numbers a build shows for the same export, by the same function (analysis.categories)."""
    shown = counts(snapshot, categorize(snapshot, sort_all=False))
    return {name: n for name, n in shown.items() if name in LIST_NAMES or name == "deactivated"}


def _entry(source: str, snapshot: Snapshot, ignored: list[str]) -> dict[str, Any]:
    return {
        "source": source,
        "platform": snapshot.platform,
        "format": snapshot.format,
        "owner": snapshot.owner,
        "taken_at": snapshot.date,
        "date_source": snapshot.date_source,
        "counts": _counts(snapshot),
        "files_used": list(snapshot.files_used),
        "files_ignored": ignored,
        "warnings": list(snapshot.warnings),
    }


def _member_names(export: Path) -> list[str]:
    try:
        with ExportFiles(export) as files:
            return files.names()
    except FollowScopeError:
        return []


def _guess_platforms(export: Path) -> list[str]:
    """Platforms whose importer recognises the files, even though reading them failed."""
    guesses: list[str] = []
    try:
        with ExportFiles(export) as files:
            for importer in importers():
                if importer.platform == "csv":
                    continue
                try:
                    if importer.detect(files) or importer.without_lists(files) is not None:
                        guesses.append(importer.platform)
                except Exception:  # a detector tripping on a damaged file is no guess
                    continue
    except FollowScopeError:
        pass
    return guesses


def _failure(export: Path, error: str) -> dict[str, Any]:
    members = _member_names(export)
    guesses = _guess_platforms(export)
    extensions = Counter(PurePosixPath(name).suffix.lower() or "(none)" for name in members)
    return {
        "source": str(export),
        "platform": guesses[0] if guesses else None,
        "format": None,
        "owner": None,
        "taken_at": None,
        "date_source": None,
        "counts": {},
        "files_used": [],
        "files_ignored": members,
        "warnings": [f"also looks like {p}" for p in guesses[1:]],
        "error": error,
        "members": {"total": len(members), "by_extension": dict(extensions.most_common()),
                    "first": members[:_SHOWN_FILES]},
    }


def _file_list(title: str, names: list[str]) -> list[str]:
    if not names:
        return [f"  {title}: none"]
    lines = [f"  {title} ({len(names)}):"]
    lines += [f"    {name}" for name in names[:_SHOWN_FILES]]
    if len(names) > _SHOWN_FILES:
        lines.append(f"    … and {len(names) - _SHOWN_FILES} more")
    return lines


def format_inspect(result: dict[str, Any]) -> str:
    """The readable form of an `inspect_path` result, one block per account found."""
    lines = [f"{result['path']}:"]
    if not result["exports"]:
        lines.append("  no export found")
    for entry in result["exports"]:
        lines.append("")
        lines.append(f"export {entry['source']}")
        platform = entry["platform"] or "unknown"
        if "error" in entry:
            lines.append(f"  platform: {platform} (guessed from the file names and content)")
            lines.append(f"  error: {entry['error']}")
            summary = entry["members"]
            kinds = ", ".join(f"{n} {ext}" for ext, n in summary["by_extension"].items()) or "none"
            lines.append(f"  files: {summary['total']} ({kinds})")
            lines += [f"    {name}" for name in summary["first"]]
            lines += [f"  warning: {w}" for w in entry["warnings"]]
            continue
        lines.append(f"  platform: {platform}, format {entry['format']}")
        lines.append(f"  owner: {entry['owner'] or 'not stated in the export'}")
        lines.append(f"  export date: {entry['taken_at']} (from {DATE_SOURCES.get(entry['date_source'], '?')})")
        counts = ", ".join(f"{name} {'absent' if n is None else n}" for name, n in entry["counts"].items())
        lines.append(f"  lists: {counts}")
        lines += _file_list("files used", entry["files_used"])
        lines += _file_list("files ignored", entry["files_ignored"])
        if entry["warnings"]:
            lines.append("  warnings:")
            lines += [f"    - {w}" for w in entry["warnings"]]
    return "\n".join(lines)
