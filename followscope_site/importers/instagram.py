"""Instagram's "Download your information" export: JSON in every generation, HTML, and the ≤2020 file.

Quirks handled here, each documented with evidence in formats.md (the readers are in `importers/meta/`):
- followers come in parts of 10,000 (`followers_1.json`, `followers_2.json`, …) as a bare list (§1.1–1.2);
- `following.json` has two generations: the username in `string_list_data[0].value` (A) or in `title` with
  `/_u/` hrefs (B), and one zip can mix them (§1.3);
- the folder moved from the root (≤2020 `connections.json`) to `followers_and_following/` (2021–23) to
  `connections/followers_and_following/` (2024–), and users re-zip with a top folder of their own (§1.1);
- Threads keeps files of the same names under `…/threads/`: never read those as Instagram's (§1.8).
"""

from __future__ import annotations

from followscope_site.importers.archive import ExportFiles
from followscope_site.importers.base import Importer, ImportRequest
from followscope_site.importers.dating import date_from_export_name, settle_export_date
from followscope_site.importers.meta.common import (
    check_date_range,
    instagram_folders,
    is_instagram_member,
    owner_from_profile,
)
from followscope_site.importers.meta.legacy import read_connections_json
from followscope_site.importers.meta.lists import ListFile, ListReader
from followscope_site.importers.meta.parts import member_parts, read_parts
from followscope_site.importers.meta.signals import read_signals_with_warnings
from followscope_site.importers.naming import instagram_owner
from followscope_site.model import Snapshot, normalize_handle

# formats.md §1.4: file name → top-level key. Older names (2023) come after the current ones.
LIST_FILES = (
    ListFile("followers", ("followers",), ("relationships_followers",)),
    ListFile("following", ("following",), ("relationships_following",)),
    ListFile("pending_sent", ("pending_follow_requests",), ("relationships_follow_requests_sent",)),
    ListFile("recent_requests", ("recent_follow_requests",), ("relationships_permanent_follow_requests",)),
    ListFile("recently_unfollowed", ("recently_unfollowed_profiles", "recently_unfollowed_accounts"),
             ("relationships_unfollowed_users",)),
    ListFile("close_friends", ("close_friends",), ("relationships_close_friends",)),
    ListFile("blocked", ("blocked_profiles", "blocked_accounts"), ("relationships_blocked_users",)),
    ListFile("restricted", ("restricted_profiles", "restricted_accounts"), ("relationships_restricted_users",)),
    ListFile("hidden_story", ("hide_story_from",), ("relationships_hide_stories_from",)),
    ListFile("removed_suggestions", ("removed_suggestions",), ("relationships_dismissed_suggested_users",)),
    ListFile("requests_received", ("follow_requests_you've_received",), ("relationships_follow_requests_received",)),
    ListFile("favorites", ("profiles_you've_favorited",), ("relationships_feed_favorites",)),
)


def list_members(files: ExportFiles, spec: ListFile, ext: str) -> list[tuple[int, str]]:
    """The parts of one list as (part number, member), part 0 for an unnumbered file; Threads' excluded."""
    return member_parts(files, spec, ext, instagram_folders)


class InstagramImporter(Importer):
    """Instagram JSON exports in every generation, the HTML export, and the ≤2020 `connections.json`."""

    platform = "instagram"

    @classmethod
    def detect(cls, files: ExportFiles) -> bool:
        core = LIST_FILES[:2]
        for ext in ("json", "html"):
            if any(list_members(files, spec, ext) for spec in core):
                return True
        return bool(_legacy_members(files))

    def read(self, files: ExportFiles, request: ImportRequest) -> list[Snapshot]:
        json_parts = {spec.list_name: list_members(files, spec, "json") for spec in LIST_FILES}
        html_parts = {spec.list_name: list_members(files, spec, "html") for spec in LIST_FILES}
        has_json = any(json_parts[n] for n in ("followers", "following"))
        has_html = any(html_parts[n] for n in ("followers", "following"))
        legacy = _legacy_members(files)
        if not has_json and not has_html and legacy:
            snapshot = self._snapshot(files, request, "instagram-json-2020")
            read_connections_json(files, legacy[0], snapshot)
        elif has_html and not has_json:
            snapshot = self._snapshot(files, request, "instagram-html")
            _read_lists(files, html_parts, snapshot)
        else:
            snapshot = self._snapshot(files, request, "instagram-json")
            _read_lists(files, json_parts, snapshot)
            # A list only in HTML (a mixed download) is read from the HTML rather than dropped.
            html_only = {name: parts for name, parts in html_parts.items() if parts and not json_parts[name]}
            if html_only:
                _read_lists(files, html_only, snapshot)
                snapshot.warnings.append("the export mixes JSON and HTML files; " + ", ".join(sorted(html_only))
                                         + " read from the HTML files")
            ignored = [m for name, parts in html_parts.items() if json_parts[name] for _, m in parts]
            snapshot.files_ignored.extend(ignored)
        for name in ("followers", "following"):
            if name not in snapshot.lists:
                snapshot.warnings.append(f"no {name} list in this export; pages that need it are left out "
                                         "(request the export with \"Followers and following\" selected)")
        settle_export_date(files, snapshot)
        check_date_range(snapshot)
        # the files it reads are used too; an activity file it cannot read is named in a warning
        snapshot.signals, signal_warnings = read_signals_with_warnings(files, snapshot.files_used)
        snapshot.warnings.extend(signal_warnings)
        return [snapshot]

    def _snapshot(self, files: ExportFiles, request: ImportRequest, fmt: str) -> Snapshot:
        owner = normalize_handle(request.owner) if request.owner else instagram_owner(files.path.name)
        if owner is None:
            owner = owner_from_profile(files)
        taken_at, date_source = date_from_export_name(files)
        return Snapshot(platform=self.platform, owner=owner, taken_at=taken_at, source=request.source,
                        format=fmt, date_source=date_source)


def _read_lists(files: ExportFiles, parts: dict[str, list[tuple[int, str]]], snapshot: Snapshot) -> None:
    """Read every list that has parts into the snapshot, in LIST_FILES order."""
    for spec in LIST_FILES:
        if parts.get(spec.list_name):
            read_parts(files, spec, parts[spec.list_name], snapshot, ListReader(spec.list_name))


def _legacy_members(files: ExportFiles) -> list[str]:
    """The ≤2020 `connections.json` (formats.md §1.7); Threads' and Facebook's folders never hold one."""
    return [m for m in files.find("connections.json") if is_instagram_member(m)]
