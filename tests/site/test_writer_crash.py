"""A build killed at any step of writing leaves, after the next build starts, a whole site: never a mix, never none.

The kill is simulated in-process at every file-system change the writer makes (the Nth change and
everything after it never happens, as when the process dies there), and for real with os._exit in a child
process at the renames of the swap.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from followscope_site.config.schema import Config, LoadedConfig
from followscope_site.site import writer
from followscope_site.site.swap import MARKER, Siblings, is_scratch_name
from followscope_site.site.writer import OutputFile, SiteWriter

ROOT = Path(__file__).resolve().parents[2]

SITE_A = {"index.html": b"A", "a/only-a.html": b"A", "shared/page.html": b"same", "report.json": b"{}"}
SITE_B = {"index.html": b"B", "b/only-b.html": b"B", "shared/page.html": b"same", "report.json": b"{\"b\":1}",
          "data/part-1.json": b"a data file"}
SITE_C = {"index.html": b"C", "c.html": b"C"}
# os functions through which the writer (and pathlib, shutil) changes the file system, besides writer._create
_MUTATIONS = ("rename", "replace", "mkdir", "rmdir", "unlink", "link")


def _loaded(base: Path) -> LoadedConfig:
    (base / "exports" / "ig").mkdir(parents=True, exist_ok=True)
    config_path = base / "followscope.yaml"
    config_path.write_text("accounts:\n  - exports: exports/ig\n", encoding="utf-8")
    return LoadedConfig(path=config_path, config=Config.model_validate({"accounts": [{"exports": "exports/ig"}]}))


def _write(site: Path, loaded: LoadedConfig, pages: dict[str, bytes]) -> None:
    """One build of `pages`, holding the lock from start to end as a build does."""
    with SiteWriter(site, loaded) as writer:
        writer.write(OutputFile(path, data) for path, data in pages.items())


def _site(site: Path) -> dict[str, bytes]:
    """The site's own files (not the marker, not the root dotfolder carried from build to build)."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.name != MARKER and ".well-known" not in p.relative_to(site).parts}


def _assert_whole(site: Path, *allowed: dict[str, bytes]) -> None:
    assert site.is_dir(), "no site at all"
    assert _site(site) in allowed, f"a mixed site: {sorted(_site(site))}"
    assert (site / MARKER).is_file()
    assert (site / ".well-known" / "security.txt").read_text() == "mine\n", "the root dotfolder was lost"


def _prepare(tmp_path: Path) -> tuple[Path, LoadedConfig]:
    loaded = _loaded(tmp_path)
    site = tmp_path / "site"
    _write(site, loaded, SITE_A)
    (site / ".well-known").mkdir()
    (site / ".well-known" / "security.txt").write_text("mine\n")
    return site, loaded


class _Killed(BaseException):
    """The simulated death of the process: nothing after it touches the disk."""


def _kill_at(monkeypatch: pytest.MonkeyPatch, step: int) -> list[int]:
    """Make the `step`th file-system change, and every one after it, never happen."""
    count = [0]

    def wrap(real):  # type: ignore[no-untyped-def]
        def changed(*args, **kwargs):  # type: ignore[no-untyped-def]
            count[0] += 1
            if count[0] >= step:
                raise _Killed
            return real(*args, **kwargs)
        return changed

    for name in _MUTATIONS:
        monkeypatch.setattr(os, name, wrap(getattr(os, name)))
    for name in ("write_bytes", "write_text"):
        monkeypatch.setattr(Path, name, wrap(getattr(Path, name)))
    monkeypatch.setattr(writer, "_create", wrap(writer._create))  # each new file of the site
    return count


def test_a_kill_at_every_step_leaves_a_whole_site_after_the_next_build(tmp_path: Path) -> None:
    steps = 0
    for step in range(1, 500):
        folder = tmp_path / f"step-{step}"
        folder.mkdir()
        site, loaded = _prepare(folder)
        with pytest.MonkeyPatch.context() as patch:
            _kill_at(patch, step)
            try:
                _write(site, loaded, SITE_B)
                finished = True
            except _Killed:
                finished = False
        # The next build fails on its input: the site it leaves is the old one or the new one, whole.
        with pytest.raises(RuntimeError), SiteWriter(site, loaded) as writer:
            writer.write(_failing())
        _assert_whole(site, SITE_A, SITE_B)
        # The next good build replaces it, and nothing of the killed build is left beside it.
        _write(site, loaded, SITE_C)
        _assert_whole(site, SITE_C)
        assert not [p.name for p in folder.iterdir() if is_scratch_name(p.name)]
        if finished:
            steps = step
            break
    assert steps > 20, steps  # a kill point before each change up to the finished write


def _failing() -> Iterator[OutputFile]:
    yield OutputFile("index.html", b"half")
    raise RuntimeError("the renderer failed")


_CHILD = """
import os, sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from test_writer_crash import SITE_B, _loaded, _write
real = os.replace
calls = [0]
def replace(a, b):
    calls[0] += 1
    if calls[0] == int(sys.argv[1]):
        os._exit(70)  # killed: no handler, no cleanup
    real(a, b)
os.replace = replace
base = Path(sys.argv[2])
_write(base / "site", _loaded(base), SITE_B)
"""


@pytest.mark.parametrize("rename", [1, 2, 3])
def test_a_real_kill_at_each_rename_of_the_swap(tmp_path: Path, rename: int) -> None:
    """Killed before the Nth rename: site -> old, staging -> site, the root dotfolder into the new site."""
    site, loaded = _prepare(tmp_path)
    child = subprocess.run([sys.executable, "-c", _CHILD.format(tests=str(Path(__file__).parent)), str(rename),
                            str(tmp_path)], capture_output=True, text=True, timeout=120,
                           env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert child.returncode == 70, child.stderr
    siblings = Siblings(site.resolve())
    if rename == 2:  # between the two renames of the swap: no site until the next build starts
        assert not site.exists() and siblings.retired.is_dir() and siblings.staging.is_dir()
    with pytest.raises(RuntimeError), SiteWriter(site, loaded) as writer:
        writer.write(_failing())
    _assert_whole(site, SITE_A, SITE_B)
    assert _site(site) == (SITE_A if rename <= 2 else SITE_B)
    _write(site, loaded, SITE_C)
    _assert_whole(site, SITE_C)
