"""Plain categories as columns (tables.PlainRows) and the forked data worker give the bytes of the Row path."""

from __future__ import annotations

from array import array
from datetime import UTC, datetime

import pytest
from sitekit import big_report, loaded_config, small_report

from followscope_site import forking
from followscope_site.analysis import AccountInput, analyze_account
from followscope_site.analysis.report import Report
from followscope_site.config.schema import AnalysisConfig
from followscope_site.errors import FollowScopeError, InputError
from followscope_site.model import Entry, Snapshot
from followscope_site.site import render_site
from followscope_site.site import worker as worker_module
from followscope_site.site.listing import DayFormatter, _rows_html, download_part, search_chunks
from followscope_site.site.tables import CategoryTables, PlainRows, build_rows, plain_columns
from followscope_site.site.worker import DataWorker
from followscope_site.site.writer import OutputFile


def _report(followers: dict[str, Entry], following: dict[str, Entry]) -> Report:
    snap = Snapshot(platform="instagram", owner="big", taken_at=datetime(2025, 12, 10, tzinfo=UTC),
                    source="exports/x.zip", format="instagram-json",
                    lists={"followers": followers, "following": following})
    account = AccountInput(platform="instagram", handle="big", label="@big", snapshots=[snap])
    return Report(title="Columns", generated_at=datetime(2026, 1, 2, tzinfo=UTC),
                  accounts=[analyze_account(account, AnalysisConfig())])


def _mixed_report() -> Report:
    """Mutuals (some followers undated), fans, not following back: every relation shape."""
    followers = {f"f{i:04d}": Entry(f"f{i:04d}", None if i % 7 == 0 else 1_700_000_000 + i * 3_601)
                 for i in range(400)}
    following = {f"f{i:04d}": Entry(f"f{i:04d}", 1_600_000_000 + i * 999) for i in range(0, 400, 3)}
    following.update({f"g{i:03d}": Entry(f"g{i:03d}", 1_650_000_000 + i) for i in range(50)})
    return _report(followers, following)


def _shuffled_report() -> Report:
    """Every follower dated, in an export order unlike handle order: the columns come through positions."""
    order = [(i * 7919) % 500 for i in range(500)]
    followers = {f"u{i:04d}": Entry(f"u{i:04d}", 1_700_000_000 + i * 86_399) for i in order}
    return _report(followers, {f"u{i:04d}": Entry(f"u{i:04d}", 1_600_000_000 + i) for i in range(0, 500, 9)})


@pytest.mark.parametrize("make", [_mixed_report, _shuffled_report, lambda: big_report(300)])
def test_plain_columns_are_the_rows_of_build_rows(make) -> None:
    account = make().accounts[0]
    seen = 0
    for key in account.categories:
        columns = plain_columns(account, key)
        if columns is None:
            continue
        seen += 1
        rows = build_rows(account, key)
        assert list(columns) == rows
        assert list(columns[3:17]) == rows[3:17] and columns[-1] == rows[-1]
        for relation in (True, False):
            for start in range(0, len(rows), 7):
                part, plain = rows[start:start + 7], columns[start:start + 7]
                assert _rows_html(plain, relation, DayFormatter()) == _rows_html(part, relation, DayFormatter())
            for prefix in ("https://www.instagram.com/", None, "https://elsewhere/"):
                assert list(search_chunks(columns, relation, prefix)) == list(search_chunks(rows, relation, prefix))
        assert download_part(columns) == download_part(rows)
        if key in account.positions:  # the same columns when read by handle instead of by position
            kept, account.positions = account.positions, {}
            try:
                by_handle = plain_columns(account, key)
            finally:
                account.positions = kept
            assert by_handle is not None and list(by_handle) == rows
            assert list(by_handle.follows) == list(columns.follows)
            if make is _shuffled_report:
                assert isinstance(columns.follows, array)  # the position path, not the fallback
    assert seen >= 2


def test_categories_that_are_not_plain_keep_their_rows() -> None:
    account = small_report().accounts[0]  # tags, notes, an allow-list, a deleted account
    assert all(plain_columns(account, key) is None for key in account.categories)
    account = _mixed_report().accounts[0]
    account.latest.lists["following"]["g001"] = Entry("g001", None)  # Row.at would be None, not a date
    assert plain_columns(account, "mutuals") is None


def _site(report: Report, tmp_path) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    return {f.path: f.data for f in render_site(report, loaded_config(tmp_path))}


def test_the_forked_worker_gives_the_files_of_one_process(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = _mixed_report()
    monkeypatch.setenv("FOLLOWSCOPE_NO_FORK", "1")
    alone = _site(report, tmp_path)
    monkeypatch.delenv("FOLLOWSCOPE_NO_FORK")
    monkeypatch.setattr(worker_module, "FORK_MIN_ROWS", 10)
    # Threads left over from other tests (servers, observers) would make the build stay in one process.
    monkeypatch.setattr(forking.threading, "enumerate", lambda: [forking.threading.current_thread()])
    assert worker_module.can_fork()
    forked = _site(report, tmp_path)
    assert sorted(forked) == sorted(alone) and forked == alone  # the same files; the order may differ


def test_no_fork_while_other_threads_run() -> None:
    """watch and serve run observer and server threads: a fork there could copy a held lock and hang."""
    import threading

    started, release = threading.Event(), threading.Event()
    thread = threading.Thread(target=lambda: (started.set(), release.wait(5)))
    thread.start()
    try:
        started.wait(5)
        assert not worker_module.can_fork()
    finally:
        release.set()
        thread.join()


JOBS = [("downloads", "instagram:big", "fans"), ("report.json",)]


def test_worker_errors_reach_the_parent_as_the_same_error() -> None:
    def render(tables: CategoryTables, job):  # type: ignore[no-untyped-def]
        yield OutputFile(f"{job[0]}.txt", b"ok")
        raise InputError("exports/x.zip", "broken", "fix it")

    worker = DataWorker(JOBS, render, CategoryTables())
    try:
        with pytest.raises(InputError) as caught:
            list(worker.take(JOBS[0]))
        assert str(caught.value) == str(InputError("exports/x.zip", "broken", "fix it"))
    finally:
        worker.close()


def test_worker_jobs_come_in_order_with_their_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    def render(tables: CategoryTables, job):  # type: ignore[no-untyped-def]
        yield OutputFile(f"{job[0]}-1.txt", job[0].encode())
        yield OutputFile(f"{job[0]}-2.txt", b"")

    worker = DataWorker(JOBS, render, CategoryTables(), scratch=tmp_path)
    try:
        with pytest.raises(RuntimeError, match="out of order"):
            list(worker.take(JOBS[1]))
        first = list(worker.take(JOBS[0]))
        assert [f.path for f in first] == ["downloads-1.txt", "downloads-2.txt"]
        assert first[0].source is not None and first[0].source.read_bytes() == b"downloads"  # handed over
        assert [f.path for f in worker.take(JOBS[1])] == ["report.json-1.txt", "report.json-2.txt"]
    finally:
        worker.close()
    assert not worker.folder.exists()


def test_a_worker_that_dies_is_a_user_error_and_close_cleans_up() -> None:
    def render(tables: CategoryTables, job):  # type: ignore[no-untyped-def]
        import os

        os._exit(3)
        yield OutputFile("never", b"")

    worker = DataWorker(JOBS, render, CategoryTables())
    with pytest.raises(FollowScopeError, match="stopped unexpectedly"):
        list(worker.take(JOBS[0]))
    worker.close()
    assert not worker.folder.exists()


def test_plain_rows_slice_like_lists() -> None:
    columns = PlainRows(["a", "b", "c"], [1, None, 3], [None, 2, 3], "https://x/")
    assert len(columns[1:]) == 2 and columns[1].handle == "b" and columns[1].at == 2 and columns.at == [1, 2, 3]
