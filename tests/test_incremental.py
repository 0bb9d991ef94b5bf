"""Incremental builds (followscope_site/incremental.py), tested as coverage.py tests its IncrementalChecker:
build, change one thing, build again, and record exactly which output files were rewritten."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "watch"))
from watch_helpers import site_files, write_config, write_export

from followscope_site import incremental, resources
from followscope_site.commands.build import build
from followscope_site.config.loader import load_config
from followscope_site.site.writer import MARKER

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # builds compared byte for byte
    write_export(tmp_path / "exports" / "ig", [f"user{i:04d}" for i in range(300)] + ["__deleted__abc"],
                 ["user0001", "user0002", "zed"])
    (tmp_path / "templates").mkdir()
    write_config(tmp_path, extra="site:\n  templates: templates\n")
    return tmp_path


def _build(project: Path, **kwargs):  # type: ignore[no-untyped-def]
    return build(load_config(project / "followscope.yaml"), **kwargs)


def _stats(site: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and mtime (the writer's own marker aside: it is written on every build)."""
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in site.rglob("*") if p.is_file() and p.name != MARKER}


def _rewritten(project: Path, change) -> tuple[set[str], bool]:  # type: ignore[no-untyped-def]
    """(the files a build after `change()` wrote anew, whether it kept the last build's data)."""
    site = project / "site"
    before = _stats(site)
    change()
    result = _build(project)
    after = _stats(site)
    return {p for p, s in after.items() if before.get(p) != s}, result.reused


def _kinds(paths: set[str]) -> set[str]:
    """Paths grouped: "html" (pages, feed.xml), "data" (data files), "report" (report.json, parts), "asset", or name."""
    kinds = set()
    for path in paths:
        if path.endswith(".html") or path == "feed.xml":  # the feed is a rendered page too (title, version)
            kinds.add("html")
        elif "/data-" in path:
            kinds.add("data")
        elif path.startswith("report") or path.endswith(".json"):
            kinds.add("report")
        elif path.startswith("assets/"):
            kinds.add("asset")
        else:
            kinds.add(path)
    return kinds


@pytest.fixture
def built(project: Path) -> Path:
    first = _build(project)
    assert not first.reused and first.files_written > 10
    return project


def _edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_nothing_changed_rewrites_nothing(built: Path) -> None:
    assert _rewritten(built, lambda: None) == (set(), True)


def test_a_template_edit_rewrites_pages_only_without_reading_exports(built: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls: list[object] = []
    monkeypatch.setattr("followscope_site.sources.read_export", lambda *a: calls.append(a))
    base = (resources.templates_dir() / "base.html").read_text(encoding="utf-8")
    change = lambda: (built / "templates" / "base.html").write_text(  # noqa: E731
        base.replace("</body>", "<!-- edited --></body>"), encoding="utf-8")
    rewritten, reused = _rewritten(built, change)
    assert reused and calls == []
    pages = {p for p in site_files(built / "site") if p.endswith(".html")}
    assert rewritten == pages  # every page, and not one data file, report.json, asset or .nojekyll
    (built / "templates" / "base.html").unlink()
    build(load_config(built / "followscope.yaml"), output=built / "full")
    assert site_files(built / "full").keys() == site_files(built / "site").keys()


def test_a_second_build_in_a_new_process_renders_pages_only(built: Path) -> None:
    (built / "templates" / "404.html").write_text('{% extends "base.html" %}{% block content %}<p>Gone.</p>'
                                                  "{% endblock %}", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "followscope_site", "build", "-c",
                           str(built / "followscope.yaml")], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=built)
    assert done.returncode == 0, done.stderr
    assert "1 file(s) written" in done.stdout and "pages only" in done.stdout
    assert "<p>Gone.</p>" in (built / "site" / "404.html").read_text(encoding="utf-8")


def test_a_presentation_setting_rewrites_pages_only(built: Path) -> None:
    rewritten, reused = _rewritten(built, lambda: write_config(
        built, extra="site:\n  templates: templates\n  title: Another title\n"))
    assert reused and _kinds(rewritten) == {"html"}


def test_another_theme_rewrites_pages_and_assets(built: Path) -> None:
    rewritten, reused = _rewritten(built, lambda: write_config(
        built, extra="site:\n  templates: templates\n  theme: paper\n"))
    assert reused and _kinds(rewritten) == {"html", "asset"}
    assert {p for p in rewritten if p.startswith("assets/")} == {
        p for p in site_files(built / "site") if p.startswith("assets/paper.")}


def test_a_guide_edit_rewrites_that_guide(built: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    guides = tmp_path / "guides"
    shutil.copytree(resources.guides_dir(), guides)
    monkeypatch.setattr(resources, "guides_dir", lambda: guides)
    _build(built)
    rewritten, reused = _rewritten(built, lambda: _edit(guides / "privacy.md", "\n\n", "\n\nA new sentence.\n\n"))
    assert reused and rewritten == {"guides/privacy.html"}


def test_an_analysis_setting_builds_the_data_again(built: Path) -> None:
    rewritten, reused = _rewritten(built, lambda: write_config(
        built, extra="site:\n  templates: templates\nanalysis:\n  grace_days: 30\n"))
    assert not reused
    assert "report.json" in rewritten and "data" not in _kinds(rewritten)  # the lists did not change


def test_a_changed_export_builds_the_data_again(built: Path) -> None:
    rewritten, reused = _rewritten(built, lambda: write_export(
        built / "exports" / "ig", [f"user{i:04d}" for i in range(301)], ["user0001", "user0002", "zed"]))
    assert not reused
    assert {"report.json", "accounts/instagram-me/fans/data-1.js", "accounts/instagram-me/fans/index.html"} \
        <= rewritten
    assert "accounts/instagram-me/not_following_back/data-1.js" not in rewritten


def test_a_new_version_builds_the_data_again(built: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def change() -> None:
        for module in ("followscope_site.incremental", "followscope_site.site.report_json",
                       "followscope_site.site.render"):
            monkeypatch.setattr(f"{module}.__version__", "9.9.9")
        incremental.code_digest.cache_clear()

    rewritten, reused = _rewritten(built, change)
    incremental.code_digest.cache_clear()
    assert not reused and _kinds(rewritten) == {"html", "report"}  # the version is in report.json and footers


@pytest.mark.parametrize("damage", ["edit", "remove"])
def test_a_touched_data_file_builds_the_data_again(built: Path, damage: str) -> None:
    expected = site_files(built / "site")
    victim = built / "site" / "accounts/instagram-me/fans/data-1.js"
    if damage == "edit":
        victim.write_bytes(victim.read_bytes().replace(b"user0100", b"user0101"))
    else:
        victim.unlink()
    assert not _build(built).reused
    assert site_files(built / "site") == expected


def test_a_damaged_record_builds_in_full(built: Path) -> None:
    for path in (built / ".followscope-cache" / "sites").rglob("*"):
        if path.is_file():
            path.write_bytes(b"\x00garbage")
    assert not _build(built).reused
    assert _build(built).reused  # and records again


def test_each_output_folder_has_its_own_record(built: Path) -> None:
    assert not _build(built, output=built / "elsewhere").reused
    assert _build(built).reused and _build(built, output=built / "elsewhere").reused


def test_public_mode_follows_the_pseudonym_key(built: Path) -> None:
    write_config(built, extra="site:\n  templates: templates\n  privacy: public\n")
    assert not _build(built).reused and _build(built).reused
    (built / ".followscope-pseudonym-key").write_bytes(bytes(range(32)))
    assert not _build(built).reused


def test_strict_mode_sees_the_warnings_of_a_reused_build(project: Path) -> None:
    lists = project / "exports" / "ig" / "connections" / "followers_and_following"
    (lists / "followers_1.json").write_text("[]", encoding="utf-8")
    (lists / "followers_3.json").write_text("[]", encoding="utf-8")  # a gap: followers_2 is missing
    first = _build(project)
    assert first.warnings
    again = _build(project)
    assert again.reused and again.warnings == first.warnings
    from followscope_site.errors import FollowScopeError

    with pytest.raises(FollowScopeError, match="strict"):
        _build(project, strict=True)


def test_a_catalog_edit_builds_the_models_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The site models hold their words (one model per language): a translator's edit must reach the pages."""
    locale = tmp_path / "locale"
    shutil.copytree(resources.locale_dir() / "es", locale / "es")
    monkeypatch.setattr(resources, "locale_dir", lambda: locale)
    write_config(tmp_path, extra="site:\n  language: es\n")
    loaded = load_config(tmp_path / "followscope.yaml")
    before = incremental.data_key(loaded)
    assert incremental.data_key(loaded) == before
    catalog = locale / "es" / "LC_MESSAGES" / "messages.po"
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert incremental.data_key(loaded) != before
