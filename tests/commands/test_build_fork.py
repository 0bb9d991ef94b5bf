"""A one-off build whose data worker hands its files to the writer (OutputFile.source) gives the site of one
process, byte for byte, and leaves no scratch folder behind."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "watch"))
from watch_helpers import site_files as _files
from watch_helpers import write_config, write_export

from followscope_site import forking
from followscope_site.commands.build import build
from followscope_site.config.loader import load_config
from followscope_site.errors import FollowScopeError
from followscope_site.site import tables as tables_module
from followscope_site.site import worker as worker_module


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # builds compared byte for byte
    monkeypatch.setenv("FOLLOWSCOPE_NO_CACHE", "1")
    followers = [f"user{i:04d}" for i in range(2600)]
    write_export(tmp_path / "exports" / "ig", followers, ["user0001", "user0002", "zed"])
    write_config(tmp_path, extra="site:\n  page_size: 1000\n")
    # The fans (2,598) go to the worker; other tests' threads must not keep the build in one process.
    monkeypatch.setattr(worker_module, "FORK_MIN_ROWS", 1000)
    monkeypatch.setattr(tables_module, "DOWNLOAD_PART_ROWS", 300)  # 9 parts: the worker 7, the parent 2
    monkeypatch.setattr(forking.threading, "enumerate", lambda: [forking.threading.current_thread()])
    return tmp_path


def _scratch(project: Path) -> list[str]:
    return [p.name for p in project.iterdir() if ".data-" in p.name or ".staging-" in p.name]


def test_a_forked_build_writes_the_site_of_one_process(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workers: list[worker_module.DataWorker] = []
    start = worker_module.DataWorker.__init__

    def recorded(self: worker_module.DataWorker, *args: object) -> None:
        start(self, *args)  # type: ignore[arg-type]
        workers.append(self)

    monkeypatch.setattr(worker_module.DataWorker, "__init__", recorded)
    forked = build(load_config(project / "followscope.yaml"))
    assert [w.hand_over for w in workers] == [True]
    assert forked.files_written > 10 and _scratch(project) == []
    monkeypatch.setenv("FOLLOWSCOPE_NO_FORK", "1")
    build(load_config(project / "followscope.yaml"), output=project / "alone")
    assert _files(project / "site") == _files(project / "alone")
    assert sum(name.endswith(".json") and "fans-part-" in name for name in _files(project / "site")) == 9


def test_a_rebuild_over_the_same_site_links_the_handed_over_files(project: Path) -> None:
    build(load_config(project / "followscope.yaml"))
    site = project / "site"
    before = {p: (site / p).stat().st_ino for p in _files(site) if p.endswith((".csv", ".json"))}
    again = build(load_config(project / "followscope.yaml"))
    assert again.files_unchanged >= len(before)
    assert all((site / p).stat().st_ino == inode for p, inode in before.items())  # kept, not rewritten
    assert _scratch(project) == []


def test_a_failed_forked_build_keeps_the_old_site_and_cleans_up(project: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    build(load_config(project / "followscope.yaml"))
    expected = _files(project / "site")
    from followscope_site.site import render

    def broken(*args: object, **kwargs: object) -> bytes:
        raise FollowScopeError("templates/category.html", "broken on purpose")

    monkeypatch.setattr(render, "render_page", broken)
    with pytest.raises(FollowScopeError, match="broken on purpose"):
        build(load_config(project / "followscope.yaml"))
    assert _files(project / "site") == expected and _scratch(project) == []
