"""Template-only rebuilds (watch): the kept report, rows and writer digests give the same site as a full build."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "watch"))
from watch_helpers import site_files as _files
from watch_helpers import write_config, write_export

from followscope_site import resources
from followscope_site.commands import build as build_module
from followscope_site.commands.build import BuildMemory, build
from followscope_site.config.loader import load_config
from followscope_site.watch.plan import presentation_only


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # builds compared byte for byte
    followers = [f"user{i:04d}" for i in range(2600)] + ["Mixed.Case", "__deleted__abc"]
    write_export(tmp_path / "exports" / "ig", followers, ["user0001", "user0002", "zed"])
    (tmp_path / "templates").mkdir()
    write_config(tmp_path, extra="site:\n  templates: templates\n  page_size: 1000\n")
    return tmp_path


def test_template_only_rebuild_equals_a_full_build(project: Path) -> None:
    loaded = load_config(project / "followscope.yaml")
    memory = BuildMemory()
    first = build(loaded, memory=memory)
    assert first.files_written > 10
    base = (resources.templates_dir() / "base.html").read_text(encoding="utf-8")
    edited = project / "templates" / "base.html"
    edited.write_text(base.replace("</body>", "<!-- edited --></body>"), encoding="utf-8")
    assert presentation_only(loaded, [str(edited)])
    report = memory.report
    again = build(load_config(project / "followscope.yaml"), memory=memory, templates_only=True)
    assert memory.report is report  # no import, no analysis
    rebuilt = _files(project / "site")
    assert "<!-- edited -->" in rebuilt["index.html"].decode()
    assert again.files_unchanged >= len([p for p in rebuilt if p.endswith((".js", "report.json"))])
    build(load_config(project / "followscope.yaml"), output=project / "full")
    assert _files(project / "full") == rebuilt


def test_a_changed_data_file_is_rebuilt_not_reused(project: Path) -> None:
    loaded = load_config(project / "followscope.yaml")
    memory = BuildMemory()
    build(loaded, memory=memory)
    site = project / "site"
    expected = _files(site)
    victim = next(p for p in site.rglob("data-*.js"))
    victim.unlink()
    victim.write_bytes(b"tampered")
    build(loaded, memory=memory, templates_only=True)
    assert _files(site) == expected


def test_config_or_export_changes_are_not_template_only(project: Path) -> None:
    loaded = load_config(project / "followscope.yaml")
    assert not presentation_only(loaded, [])
    assert not presentation_only(loaded, [str(project / "followscope.yaml")])
    assert not presentation_only(loaded, [str(project / "exports/ig/connections/followers_and_following/x.json")])
    assert not presentation_only(loaded, [str(project / "templates/a.html"), str(project / "followscope.yaml")])
    assert presentation_only(loaded, [str(project / "themes/mine/static/style.css")])


def test_files_over_the_github_limit_are_warned_about(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_module, "GITHUB_FILE_LIMIT", 100_000)
    result = build(load_config(project / "followscope.yaml"))
    big = [w for w in result.warnings if "GitHub rejects files over 100 MiB" in w]
    assert any(w.startswith("report.json: ") for w in big)


def test_progress_callbacks_see_stages_and_every_file(project: Path) -> None:
    stages: list[str] = []
    files: list[str] = []
    exports: list[str] = []
    build(load_config(project / "followscope.yaml"), on_export=exports.append, on_file=files.append,
          on_stage=stages.append)
    assert exports and stages == ["analysing", "writing", "report.json"]
    assert "report.json" in files and "index.html" in files
    assert len(files) == len(_files(project / "site")) - 1  # all but the writer's own marker file
