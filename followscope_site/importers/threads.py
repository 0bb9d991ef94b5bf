"""Threads' follow lists, which travel inside the Instagram export under `…/threads/` (formats.md §2).

The files share Instagram's names (`followers.json`, `following.json`, …) but wrap their lists in
`text_post_app_text_post_app_*` keys, link to threads.net or threads.com (with or without '@'), and may
carry a display name in `title`: the username comes from `value` or the href, the title is kept as the name.
Real exports hold them under `your_instagram_activity/threads/`; a flattened or peer-made zip under `threads/`.
"""

from __future__ import annotations

from followscope_site.importers.archive import ExportFiles
from followscope_site.importers.base import Importer, ImportRequest
from followscope_site.importers.dating import date_from_export_name, settle_export_date
from followscope_site.importers.meta.common import check_date_range, owner_from_profile
from followscope_site.importers.meta.lists import ListFile, ListReader
from followscope_site.importers.meta.parts import member_parts, read_parts
from followscope_site.importers.naming import instagram_owner
from followscope_site.model import Snapshot, normalize_handle

THREADS_HOSTS = ("threads.net", "threads.com")

_KEY = "text_post_app_text_post_app_"
THREADS_FILES = (
    ListFile("followers", ("followers",), (_KEY + "followers",)),
    ListFile("following", ("following",), (_KEY + "following",)),
    ListFile("pending_sent", ("pending_follow_requests",), (_KEY + "follow_requests_sent",)),
    ListFile("recent_requests", ("recent_follow_requests",), (_KEY + "permanent_follow_requests",)),
    ListFile("recently_unfollowed", ("recently_unfollowed_accounts", "recently_unfollowed_profiles"),
             (_KEY + "unfollowed_users",)),
    ListFile("requests_received", ("follow_requests_you've_received",), (_KEY + "follow_requests_received",)),
)


def threads_members(files: ExportFiles, spec: ListFile, ext: str) -> list[tuple[int, str]]:
    """The parts of one Threads list as (part number, member): files of that name inside a `threads` folder."""
    return member_parts(files, spec, ext, lambda folders: "threads" in folders)


class ThreadsImporter(Importer):
    """Threads inside an Instagram export: an account of its own, platform `threads`."""

    platform = "threads"

    @classmethod
    def detect(cls, files: ExportFiles) -> bool:
        return any(threads_members(files, spec, ext) for spec in THREADS_FILES[:2] for ext in ("json", "html"))

    def read(self, files: ExportFiles, request: ImportRequest) -> list[Snapshot]:
        json_parts = {spec.list_name: threads_members(files, spec, "json") for spec in THREADS_FILES}
        use_html = not any(json_parts[name] for name in ("followers", "following"))
        owner = normalize_handle(request.owner) if request.owner else instagram_owner(files.path.name)
        taken_at, date_source = date_from_export_name(files)
        snapshot = Snapshot(platform=self.platform, owner=owner or owner_from_profile(files),
                            taken_at=taken_at, source=request.source, date_source=date_source,
                            format="threads-html" if use_html else "threads-json")
        for spec in THREADS_FILES:
            parts = threads_members(files, spec, "html") if use_html else json_parts[spec.list_name]
            if parts:
                reader = ListReader(spec.list_name, hosts=THREADS_HOSTS, title_is_name=True)
                read_parts(files, spec, parts, snapshot, reader)
        ext = "html" if use_html else "json"
        for name in ("followers", "following"):
            if name not in snapshot.lists:
                snapshot.warnings.append(f"no Threads {name} list in this export (threads/{name}.{ext}); "
                                         "pages that need it are left out")
        settle_export_date(files, snapshot)
        check_date_range(snapshot)
        return [snapshot]
