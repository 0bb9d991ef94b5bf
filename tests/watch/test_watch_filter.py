"""Event classification and ignore rules, table-driven (every watchdog event kind is mapped on purpose)."""

from __future__ import annotations

from pathlib import Path

import pytest
import watchdog.events as ev
from watch_helpers import write_config, write_export

from followscope_site.config.loader import load_config
from followscope_site.watch.filter import IgnoreFilter, event_paths, is_temp_name
from followscope_site.watch.plan import plan_for

EVENTS = {
    ev.FileCreatedEvent: ["/x/a.json"], ev.FileModifiedEvent: ["/x/a.json"], ev.FileDeletedEvent: ["/x/a.json"],
    ev.FileMovedEvent: ["/x/a.json", "/x/b.json"], ev.FileClosedEvent: ["/x/a.json"],
    ev.FileAttribEvent: ["/x/a.json"], ev.FileOpenedEvent: [], ev.FileClosedNoWriteEvent: [],
    ev.DirCreatedEvent: ["/x/a.json"], ev.DirDeletedEvent: ["/x/a.json"],
    ev.DirMovedEvent: ["/x/a.json", "/x/b.json"], ev.DirModifiedEvent: [], ev.DirAttribEvent: [],
}


def test_every_watchdog_event_kind_is_classified() -> None:
    kinds = {cls for name, cls in vars(ev).items() if name.endswith("Event") and isinstance(cls, type)
             and issubclass(cls, ev.FileSystemEvent) and cls is not ev.FileSystemEvent
             and cls is not ev.FileSystemMovedEvent}
    assert kinds <= set(EVENTS), f"unmapped event kinds: {kinds - set(EVENTS)}"
    for cls, expected in EVENTS.items():
        event = cls("/x/a.json", "/x/b.json") if issubclass(cls, ev.FileSystemMovedEvent) else cls("/x/a.json")
        assert event_paths(event) == expected, cls.__name__


@pytest.mark.parametrize("name", [
    ".following.json.swp", ".config.yaml.swx", "config.yaml~", ".#config.yaml", "#config.yaml#",
    "config.yaml___jb_tmp___", "config.yaml___jb_old___", "4913", ".goutputstream-ABC123", "x.tmp",
    "export.zip.crdownload", "export.zip.part", ".DS_Store", "x.kate-swp",
])
def test_temp_names(name: str) -> None:
    assert is_temp_name(name)


@pytest.mark.parametrize("name", [
    "followers_1.json", "following.json", "instagram-alice-2025-12-10.zip", "followscope.yaml",
    "connections.csv", "Following", "swp.json", "partner.json", "temporary.json",
])
def test_real_input_names_are_not_temp(name: str) -> None:
    assert not is_temp_name(name)


def test_ignore_filter_output_scratch_and_cache(tmp_path: Path) -> None:
    site = tmp_path / "site"
    ignore = IgnoreFilter([site])
    assert ignore(site / "index.html") and ignore(site)
    assert not ignore(tmp_path / "site2" / "index.html")  # a separator-aware prefix test
    assert ignore(tmp_path / ".site.staging-123" / "index.html")
    assert ignore(tmp_path / ".site.old-9" / "x")
    assert ignore(tmp_path / ".followscope-cache" / "snapshots" / "k.msgpack")
    assert not ignore(tmp_path / "exports" / "ig" / "following.json")


def test_ignore_filter_resolves_symlinks(tmp_path: Path) -> None:
    (tmp_path / "real-site").mkdir()
    (tmp_path / "site").symlink_to(tmp_path / "real-site", target_is_directory=True)
    ignore = IgnoreFilter([tmp_path / "site"])
    assert ignore(tmp_path / "real-site" / "index.html")


def test_plan_watches_folders_not_files(tmp_path: Path) -> None:
    write_export(tmp_path / "exports" / "ig", ["ann"], ["ann"])
    (tmp_path / "templates").mkdir()
    write_config(tmp_path)
    plan = plan_for(load_config(tmp_path / "followscope.yaml"), None)
    schedules = dict(plan.schedules())
    assert schedules[(tmp_path / "exports" / "ig").resolve()] is True
    assert schedules[tmp_path.resolve()] is False  # the config, through its folder
    assert schedules[(tmp_path / "templates").resolve()] is True
    assert plan.is_input(tmp_path / "followscope.yaml")
    assert plan.is_input(tmp_path / "exports" / "ig" / "new" / "followers_1.json")
    assert not plan.is_input(tmp_path / "notes.txt")
    assert not plan.is_input(tmp_path / "site" / "index.html")
    assert not plan.is_input(tmp_path / "exports" / "ig" / "x.json.crdownload")


def test_plan_for_a_missing_export_watches_the_nearest_folder(tmp_path: Path) -> None:
    write_config(tmp_path, "accounts:\n  - exports: downloads/later/instagram.zip\n")
    plan = plan_for(load_config(tmp_path / "followscope.yaml"), None)
    assert (tmp_path.resolve(), False) in plan.schedules()
    assert plan.is_input(tmp_path / "downloads")  # creating the folder on the way triggers a rebuild
    assert plan.is_input(tmp_path / "downloads" / "later" / "instagram.zip")
