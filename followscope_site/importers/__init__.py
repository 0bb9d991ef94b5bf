"""Importers: one module per platform behind one interface (detect → read → snapshot)."""

from __future__ import annotations

from pathlib import Path

from followscope_site.errors import InputError
from followscope_site.importers.archive import ExportFiles, Limits
from followscope_site.importers.base import Importer, ImportRequest
from followscope_site.model import Snapshot


def importers() -> list[type[Importer]]:
    """Every importer, most specific first (the generic CSV importer is only used when asked for)."""
    from followscope_site.importers import instagram

    found: list[type[Importer]] = [instagram.InstagramImporter]
    for module_name, class_name in _OPTIONAL:
        try:
            module = __import__(f"followscope_site.importers.{module_name}", fromlist=[class_name])
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("followscope_site.importers."):
                continue  # that platform's importer is not written yet
            raise
        found.append(getattr(module, class_name))
    return found


# Platforms other than Instagram, as (module, class); each module is optional while it is being built.
_OPTIONAL = [
    ("threads", "ThreadsImporter"),
    ("facebook", "FacebookImporter"),
    ("tiktok", "TikTokImporter"),
    ("x", "XImporter"),
    ("bluesky", "BlueskyImporter"),
    ("mastodon", "MastodonImporter"),
    ("linkedin", "LinkedInImporter"),
    ("generic_csv", "GenericCsvImporter"),
]


def read_export(path: Path, request: ImportRequest, limits: Limits | None = None) -> list[Snapshot]:
    """Read one export (zip, folder or file) into one snapshot per account it holds."""
    with ExportFiles(path, limits, display=request.source) as files:
        chosen = [imp for imp in importers()
                  if (imp.platform == request.platform if request.platform else
                      imp.platform != "csv" and imp.detect(files))]
        if not chosen:
            if request.platform:
                raise InputError(request.source, f"no importer for platform {request.platform!r}")
            raise InputError(request.source, "no follower or following data of a supported platform found",
                             "run `followscope inspect` on it to see what it holds")
        snapshots: list[Snapshot] = []
        for importer in chosen:
            snapshots.extend(importer().read(files, request))
        for snapshot in snapshots:
            snapshot.warnings.extend(files.skipped)
        return snapshots
