"""Importers: one module per platform behind one interface (detect → read → snapshot)."""

from __future__ import annotations

from pathlib import Path

from followscope_site.errors import InputError
from followscope_site.importers.archive import ExportFiles, Limits
from followscope_site.importers.base import Importer, ImportRequest
from followscope_site.importers.dating import settle_export_date
from followscope_site.model import Snapshot

INSPECT_IT = "run `followscope inspect` on it to see what it holds"


def importers() -> list[type[Importer]]:
    """Every importer, most specific first (the generic CSV importer is only used when asked for)."""
    from followscope_site.importers.bluesky import BlueskyImporter
    from followscope_site.importers.facebook import FacebookImporter
    from followscope_site.importers.generic_csv import GenericCsvImporter
    from followscope_site.importers.instagram import InstagramImporter
    from followscope_site.importers.linkedin import LinkedInImporter
    from followscope_site.importers.mastodon import MastodonImporter
    from followscope_site.importers.threads import ThreadsImporter
    from followscope_site.importers.tiktok import TikTokImporter
    from followscope_site.importers.x import XImporter

    return [InstagramImporter, ThreadsImporter, FacebookImporter, TikTokImporter, XImporter, BlueskyImporter,
            MastodonImporter, LinkedInImporter, GenericCsvImporter]


def read_export(path: Path, request: ImportRequest, limits: Limits | None = None) -> list[Snapshot]:
    """Read one export (zip, folder or file) into one snapshot per account it holds."""
    with ExportFiles(path, limits, display=request.source) as files:
        chosen = [imp for imp in importers()
                  if (imp.platform == request.platform if request.platform else
                      imp.platform != "csv" and imp.detect(files))]
        if not chosen:
            if request.platform:
                raise InputError(request.source, f"no importer for platform {request.platform!r}")
            for importer in importers():
                known = importer.without_lists(files)
                if known is not None:
                    raise known
            raise InputError(request.source, "no follower or following data of a supported platform found",
                             INSPECT_IT)
        snapshots: list[Snapshot] = []
        for importer in chosen:
            snapshots.extend(importer().read(files, request))
        for snapshot in snapshots:
            settle_export_date(files, snapshot)
            snapshot.warnings.extend(files.skipped)
        return snapshots
