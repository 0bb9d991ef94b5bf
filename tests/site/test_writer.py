"""The site writer: staged builds swapped in whole, unchanged files kept, and folders that are not ours left alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from followscope_site.config.schema import Config, LoadedConfig
from followscope_site.errors import OutputError
from followscope_site.site.writer import MARKER, OutputFile, SiteWriter, check_output, is_scratch_name

ROOT = Path(__file__).resolve().parents[2]


def _loaded(base: Path, **site: object) -> LoadedConfig:
    (base / "exports" / "ig").mkdir(parents=True, exist_ok=True)
    config_path = base / "followscope.yaml"
    config_path.write_text("accounts:\n  - exports: exports/ig\n", encoding="utf-8")
    return LoadedConfig(path=config_path, config=Config.model_validate(
        {"accounts": [{"exports": "exports/ig"}], "site": site}))


def _files(**pages: str) -> list[OutputFile]:
    return [OutputFile(name.replace("__", "/").replace("_", "."), text.encode()) for name, text in pages.items()]


def test_write_swaps_in_a_whole_site_with_marker(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path)
    stats = SiteWriter(tmp_path / "site", loaded).write(_files(index_html="a", sub__page_html="b"))
    assert stats.written == 2
    assert sorted(p.name for p in (tmp_path / "site").rglob("*")) == [MARKER, "index.html", "page.html", "sub"]
    assert not [p for p in tmp_path.iterdir() if is_scratch_name(p.name)]  # no staging folder left


def test_unchanged_files_keep_their_inode_and_mtime(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path)
    site = tmp_path / "site"
    SiteWriter(site, loaded).write(_files(index_html="same", report_json="v1"))
    os.utime(site / "index.html", ns=(1_000_000_000, 1_000_000_000))
    before = (site / "index.html").stat()
    stats = SiteWriter(site, loaded).write(_files(index_html="same", report_json="v2"))
    after = (site / "index.html").stat()
    assert (stats.written, stats.unchanged) == (1, 1)
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert (site / "report.json").read_text() == "v2"


def test_failed_build_leaves_the_old_site_intact(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path)
    site = tmp_path / "site"
    SiteWriter(site, loaded).write(_files(index_html="old"))

    def broken():  # type: ignore[no-untyped-def]
        yield OutputFile("index.html", b"new")
        raise RuntimeError("renderer crashed halfway")

    with pytest.raises(RuntimeError):
        SiteWriter(site, loaded).write(broken())
    assert (site / "index.html").read_text() == "old"
    assert not [p for p in tmp_path.iterdir() if is_scratch_name(p.name)]


def test_duplicate_paths_never_write_through_into_the_live_site(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path)
    site = tmp_path / "site"
    SiteWriter(site, loaded).write(_files(index_html="live"))
    with pytest.raises(OutputError):
        SiteWriter(site, loaded).write([OutputFile("index.html", b"live"), OutputFile("index.html", b"other")])
    assert (site / "index.html").read_text() == "live"


@pytest.mark.parametrize("bad", ["../x.html", "/etc/x", "a/../../x", "", "a\x00.html", "a\\b.html"])
def test_paths_escaping_the_site_are_refused(tmp_path: Path, bad: str) -> None:
    with pytest.raises(OutputError):
        SiteWriter(tmp_path / "site", _loaded(tmp_path)).write([OutputFile(bad, b"x")])


def test_root_dotfiles_survive_a_rebuild(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path)
    site = tmp_path / "site"
    SiteWriter(site, loaded).write(_files(index_html="a"))
    (site / ".well-known").mkdir()
    (site / ".well-known" / "x").write_text("keep")
    (site / "stale.html").write_text("gone")
    SiteWriter(site, loaded).write(_files(index_html="b"))
    assert (site / ".well-known" / "x").read_text() == "keep"
    assert not (site / "stale.html").exists()


def test_symlinks_in_the_old_site_are_not_followed_when_deleting(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path)
    site = tmp_path / "site"
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("mine")
    SiteWriter(site, loaded).write(_files(index_html="a"))
    (site / "link").symlink_to(precious, target_is_directory=True)
    SiteWriter(site, loaded).write(_files(index_html="b"))
    assert (precious / "keep.txt").read_text() == "mine"
    assert not (site / "link").exists()


def test_stale_scratch_of_a_dead_build_is_removed(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path)
    dead = tmp_path / ".site.staging-999999999"
    dead.mkdir()
    (dead / "index.html").write_text("left over")
    SiteWriter(tmp_path / "site", loaded).write(_files(index_html="a"))
    assert not dead.exists()


def test_refuses_folders_that_are_not_ours(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path)
    theirs = tmp_path / "docs"
    theirs.mkdir()
    (theirs / "thesis.tex").write_text("years of work")
    with pytest.raises(OutputError, match="not made by followscope"):
        SiteWriter(theirs, loaded).write(_files(index_html="a"))
    assert [p.name for p in theirs.iterdir()] == ["thesis.tex"]
    SiteWriter(theirs, loaded, force=True).write(_files(index_html="a"))  # --force replaces it
    assert (theirs / MARKER).is_file()


def test_refuses_inputs_even_with_force(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "themes").mkdir()
    for target in (tmp_path, tmp_path / "exports", tmp_path / "exports" / "ig", tmp_path / "templates",
                   tmp_path / "themes", tmp_path / "exports" / "ig" / "site"):
        for force in (False, True):
            with pytest.raises(OutputError):
                check_output(target, loaded, force=force)


def test_refuses_home_cwd_root_and_git_roots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = _loaded(tmp_path / "project")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    for target in (tmp_path / "home", Path.cwd()):
        with pytest.raises(OutputError):
            check_output(target, loaded)
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    with pytest.raises(OutputError, match="git work tree"):
        check_output(repo, loaded)
    check_output(tmp_path / "new-empty-folder", loaded)  # fine: does not exist yet


def test_cli_build_into_foreign_folder_exits_1_and_touches_nothing(tmp_path: Path) -> None:
    _loaded(tmp_path)
    lists = tmp_path / "exports" / "ig" / "connections" / "followers_and_following"
    lists.mkdir(parents=True)
    (lists / "followers_1.json").write_text('[{"title": "", "media_list_data": [], "string_list_data": '
                                            '[{"href": "https://www.instagram.com/ann", "value": "ann", '
                                            '"timestamp": 1700000000}]}]')
    (lists / "following.json").write_text('{"relationships_following": []}')
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "notes.md").write_text("keep me")
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in theirs.iterdir()}
    result = subprocess.run([sys.executable, "-m", "followscope_site", "build", "-c",
                             str(tmp_path / "followscope.yaml"), "-o", str(theirs)],
                            capture_output=True, text=True, cwd=tmp_path, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 1, result.stderr
    assert "followscope: error:" in result.stderr and "Traceback" not in result.stderr
    assert {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in theirs.iterdir()} == before
    assert not [p for p in tmp_path.iterdir() if is_scratch_name(p.name)]


def test_kept_files_are_linked_from_the_old_site(tmp_path: Path) -> None:
    """keep= (the incremental checker vouched for them): the file is carried over as it is, never read."""
    loaded = _loaded(tmp_path)
    site = tmp_path / "site"
    SiteWriter(site, loaded).write(_files(index_html="a", data__d_js="data"))
    before = (site / "data" / "d.js").stat().st_ino
    stats = SiteWriter(site, loaded).write(_files(index_html="b"), keep=["data/d.js"])
    assert (stats.written, stats.unchanged) == (1, 1)
    assert (site / "data" / "d.js").stat().st_ino == before and (site / "index.html").read_text() == "b"
    with pytest.raises(OutputError, match="changed while the site was being built"):
        SiteWriter(site, loaded).write(_files(index_html="c"), keep=["data/gone.js"])
    assert (site / "index.html").read_text() == "b"  # the failed build left the site as it was
    with pytest.raises(OutputError, match="written twice"):
        SiteWriter(site, loaded).write(_files(data__d_js="new"), keep=["data/d.js"])


def test_names_that_differ_only_by_case_never_write_into_the_live_site(tmp_path: Path) -> None:
    """On macOS and Windows `About.html` and `about.html` are one file: the second would write through the
    hard link of an unchanged first copy into the live site."""
    loaded = _loaded(tmp_path)
    site = tmp_path / "site"
    SiteWriter(site, loaded).write(_files(about_html="live"))
    for second in ("About.html", "ABOUT.HTML", "about.html"):
        with pytest.raises(OutputError, match="differ only by case"):
            SiteWriter(site, loaded).write([OutputFile("about.html", b"live"), OutputFile(second, b"other")])
        assert (site / "about.html").read_text() == "live"


def test_the_cache_is_never_an_output_folder(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path)
    (tmp_path / ".followscope-cache" / "snapshots").mkdir(parents=True)
    for target in (tmp_path / ".followscope-cache", tmp_path / ".followscope-cache" / "site"):
        with pytest.raises(OutputError, match="which the build reads"):
            check_output(target, loaded, force=True)
