"""The watch loop on a real folder with real file events: coalescing, failures, editors, idleness.

Every test waits for events (a build count, the session going idle, a barrier build) with a generous
deadline, never for a fixed time: a busy machine makes them slower, not red. Tests of coalescing use a
quiet period far longer than the writes they make take.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from pathlib import Path

from watch_helpers import DEADLINE_S, entry, site_text, wait_until, write_config, write_export

from followscope_site.commands.build import build


def _report(project: Path) -> dict:
    return json.loads(site_text(project / "site" / "report.json"))


def _followers(project: Path) -> list[str]:
    return sorted(e["handle"] for a in _report(project)["accounts"] for e in a["categories"].get("mutuals", []) +
                  a["categories"].get("fans", []))


def _lists(project: Path) -> Path:
    return project / "exports" / "ig" / "connections" / "followers_and_following"


def test_first_build_then_one_build_for_many_files(project: Path, start_watch) -> None:
    write_config(project, quiet_ms=1500)
    running = start_watch()
    assert running.builds == 1 and (project / "site" / "index.html").is_file()
    for i in range(30):  # many files changed at once (an unzip, an rsync)
        (_lists(project) / f"extra_{i}.json").write_text("[]")
    write_export(project / "exports" / "ig", ["ann", "bob", "dee"], ["bob", "cid"])
    assert running.wait_builds(2)
    assert running.barrier() == 2
    assert "dee" in _followers(project)


def test_change_during_build_makes_exactly_one_more(project: Path, start_watch) -> None:
    entered, release = threading.Event(), threading.Event()
    calls: list[float] = []

    def slow_build(loaded, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(time.monotonic())
        if len(calls) == 2:  # the first rebuild: hold it while more changes arrive
            entered.set()
            release.wait(5)
        return build(loaded, **kwargs)

    running = start_watch(build_fn=slow_build)
    (_lists(project) / "following.json").write_text(json.dumps({"relationships_following": [entry("eve")]}))
    assert entered.wait(DEADLINE_S)
    for handle in ("fay", "gus", "hal"):  # three changes while the build runs
        (_lists(project) / "following.json").write_text(json.dumps({"relationships_following": [entry(handle)]}))
    assert wait_until(lambda: running.session.queue.has_pending())  # seen while the build is held
    release.set()
    assert running.wait_builds(3)
    assert running.barrier() == 3 and len(calls) == 4  # the three changes made one build; then the barrier
    assert running.session.failures == 0


def test_broken_config_keeps_site_and_watcher_then_recovers(project: Path, start_watch, caplog) -> None:
    running = start_watch()
    before = (project / "site" / "report.json").read_bytes()
    caplog.set_level("INFO", logger="followscope.watch")
    write_config(project, "accounts: [\n  - exports: exports/ig\n")  # unclosed flow sequence
    assert wait_until(lambda: running.session.failures >= 1)
    assert running.thread.is_alive()
    assert (project / "site" / "report.json").read_bytes() == before  # the last good site stays
    assert running.session.state.error and "followscope.yaml" in running.session.state.error
    assert wait_until(lambda: "followscope.yaml:2:" in (running.session.state.error or ""))
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert errors and all("followscope.yaml" in e for e in errors)  # one line naming file and place
    write_export(project / "exports" / "ig", ["ann", "bob", "ivy"], ["bob"])
    write_config(project)
    assert wait_until(lambda: running.session.state.error is None and "ivy" in _followers(project))
    assert running.thread.is_alive()


def test_failed_input_keeps_last_good_site(project: Path, start_watch) -> None:
    running = start_watch()
    before = (project / "site" / "report.json").read_bytes()
    (_lists(project) / "following.json").write_text('{"relationships_following": [{"string_list_data": 5}]}')
    os.utime(_lists(project) / "following.json", (1, 1))  # not "just written": report it, do not retry
    assert wait_until(lambda: running.session.failures >= 1)
    assert (project / "site" / "report.json").read_bytes() == before
    write_export(project / "exports" / "ig", ["ann"], ["ann"])
    assert wait_until(lambda: running.session.state.error is None and _followers(project) == ["ann"])


def test_editor_atomic_save_of_the_config_is_seen(project: Path, start_watch) -> None:
    running = start_watch()
    config = project / "followscope.yaml"
    new_text = config.read_text() + "site:\n  title: Renamed\n"
    # JetBrains safe write: temp file, old renamed away, temp renamed over (conventions.md §2.4)
    (project / "followscope.yaml___jb_tmp___").write_text(new_text)
    config.rename(project / "followscope.yaml___jb_old___")
    (project / "followscope.yaml___jb_tmp___").rename(config)
    (project / "followscope.yaml___jb_old___").unlink()
    assert wait_until(lambda: running.builds == 2)
    assert running.session.loaded.config.site.title == "Renamed"
    # vim: write a swap file and `4913`, rename the original to `file~`, write anew, delete the backup
    (project / ".followscope.yaml.swp").write_text("swap")
    (project / "4913").write_text("")
    (project / "4913").unlink()
    config.rename(project / "followscope.yaml~")
    config.write_text(new_text.replace("Renamed", "Again"))
    (project / "followscope.yaml~").unlink()
    (project / ".followscope.yaml.swp").unlink()
    assert wait_until(lambda: running.session.loaded.config.site.title == "Again")
    assert running.barrier() == 3


def test_temporaries_output_and_cache_never_trigger_a_build(project: Path, start_watch) -> None:
    running = start_watch()
    assert running.session.failures == 0
    site = project / "site"
    for name in ("x.json.crdownload", "y.zip.part", ".#following.json", "z.tmp", ".DS_Store", "a.swx"):
        (_lists(project) / name).write_text("{}")
    (site / "extra.html").write_text("written by hand")
    (project / ".site.staging-999999").mkdir()
    (project / ".site.staging-999999" / "index.html").write_text("x")
    (project / ".followscope-cache" / "junk").write_text("x")
    (project / "notes.txt").write_text("beside the config, not an input")
    assert running.barrier() == 1  # none of those made a build, nor joined the barrier's
    build(running.session.loaded)  # a build by another process writes the output: no echo
    assert running.barrier() == 2


def test_rapid_changes_coalesce_and_the_loop_idles(tmp_path: Path, start_watch, project: Path) -> None:
    write_config(project, quiet_ms=1500)
    running = start_watch()
    target = _lists(project) / "followers_1.json"
    for i in range(200):
        target.write_text(json.dumps([entry("ann"), entry(f"n{i}")]))
    assert running.wait_builds(2)
    builds = running.barrier()
    assert builds == 2  # the initial build + one for all 200 writes
    assert "n199" in _followers(project)
    # Idle means blocked, not polling: the process uses next to no CPU while nothing changes (a CPU-time
    # figure, which another busy process on the machine does not raise).
    cpu_before = time.process_time()
    time.sleep(2.0)
    cpu = time.process_time() - cpu_before
    assert cpu < 0.1, f"{cpu:.3f} s of CPU while idle"
    assert running.builds == builds + 1


def test_new_export_copied_into_folder_of_exports(tmp_path: Path, start_watch, project: Path) -> None:
    shutil.rmtree(project / "exports" / "ig")
    write_export(tmp_path / "staged" / "instagram-2025-01-01", ["ann"], ["ann"])
    write_export(tmp_path / "staged" / "instagram-2025-02-01", ["ann", "bob", "kit"], ["ann", "bob"])
    (project / "exports" / "ig").mkdir()
    shutil.copytree(tmp_path / "staged" / "instagram-2025-01-01", project / "exports" / "ig" / "instagram-2025-01-01")
    running = start_watch()
    assert running.session.failures == 0 and len(_report(project)["accounts"][0]["snapshots"]) == 1
    shutil.copytree(tmp_path / "staged" / "instagram-2025-02-01", project / "exports" / "ig" / "instagram-2025-02-01")
    assert wait_until(lambda: len(_report(project)["accounts"][0]["snapshots"]) == 2)
    assert "kit" in _followers(project)
    assert running.session.failures == 0


def test_half_written_zip_is_retried_not_reported(tmp_path: Path, start_watch, project: Path) -> None:
    import zipfile

    shutil.rmtree(project / "exports" / "ig")
    (project / "exports" / "ig").mkdir()

    def make_zip(followers: list[str]) -> bytes:
        src = write_export(tmp_path / f"src{len(followers)}", followers, ["ann"])
        with zipfile.ZipFile(tmp_path / "out.zip", "w") as zf:
            for path in sorted(src.rglob("*.json")):
                zf.write(path, path.relative_to(src).as_posix())
        return (tmp_path / "out.zip").read_bytes()

    (project / "exports" / "ig" / "instagram-2025-01-01.zip").write_bytes(make_zip(["ann"]))
    data = make_zip(["ann", "zed"] + [f"pad{i}" for i in range(300)])  # big enough to cut in half
    running = start_watch()
    assert running.session.failures == 0
    target = project / "exports" / "ig" / "instagram-2025-03-01.zip"
    with target.open("wb") as out:  # a slow `cp`: half the zip, a pause in which watch tries it, the rest
        out.write(data[: len(data) // 2])
        out.flush()
        assert wait_until(lambda: running.session.retries >= 1)  # it read the half zip and chose to wait
        out.write(data[len(data) // 2:])
    assert wait_until(lambda: len(_report(project)["accounts"][0]["snapshots"]) == 2)
    assert "zed" in _followers(project)
    assert running.session.failures == 0


def test_polling_observer_sees_changes(project: Path, start_watch) -> None:
    write_config(project, extra="  poll: true\n  poll_interval_s: 0.2\n")
    running = start_watch()
    assert running.session.watcher.polling
    write_export(project / "exports" / "ig", ["ann", "bob", "pol"], ["bob"])
    assert wait_until(lambda: "pol" in _followers(project))
    assert running.session.failures == 0


def test_a_template_edit_renders_pages_from_the_last_data(project: Path, start_watch) -> None:
    """watch goes through the same incremental build as `followscope build` (followscope_site/incremental.py)."""
    (project / "templates").mkdir()
    write_config(project, extra="site:\n  templates: templates\n")
    running = start_watch()
    assert not running.session.last_result.reused
    before = (project / "site" / "report.json").stat().st_ino
    (project / "templates" / "404.html").write_text('{% extends "base.html" %}{% block content %}<p>Gone.</p>'
                                                    "{% endblock %}", encoding="utf-8")
    assert running.wait_builds(2)
    assert running.session.last_result.reused and running.session.last_result.files_written == 1
    assert (project / "site" / "report.json").stat().st_ino == before
    assert "<p>Gone.</p>" in (project / "site" / "404.html").read_text(encoding="utf-8")
