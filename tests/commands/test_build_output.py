"""`followscope build` and its output folder: one build at a time, guards --force never lifts, and OS errors
as one line that names the path (disk full, read-only, permissions, a file in the way, names too long)."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from followscope_site.errors import describe_os_error, os_error
from followscope_site.site.lock import FileLock
from followscope_site.site.swap import MARKER, Siblings, is_scratch_name

ROOT = Path(__file__).resolve().parents[2]
EXPORT = ROOT / "tests" / "fixtures" / "instagram" / "export-2025"
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1767225600", "FOLLOWSCOPE_NO_CACHE": "1"}


def project(base: Path, *, output: str = "site") -> Path:
    """base/followscope.yaml + base/exports/ig (a small real-shaped Instagram export)."""
    shutil.copytree(EXPORT, base / "exports" / "ig")
    (base / "followscope.yaml").write_text(
        f"site:\n  output: {output}\naccounts:\n  - exports: exports/ig\n    handle: me\n", encoding="utf-8")
    return base


def build(base: Path, *args: str, prefix: tuple[str, ...] = (), cwd: Path | None = None,
          env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*prefix, sys.executable, "-m", "followscope_site", "build", "-q", "-c",
                           str(base / "followscope.yaml"), *args], capture_output=True, text=True,
                          cwd=cwd or base, timeout=180, env=env or ENV)


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("followscope: error: "), result.stderr
    assert "internal error" not in lines[0] and "Traceback" not in result.stderr
    return lines[0]


def no_scratch_beside(site: Path) -> None:
    assert not [p.name for p in site.parent.iterdir() if is_scratch_name(p.name)]


# -- one build at a time -------------------------------------------------------------------------------------

def _wait_for(condition, timeout: float = 60.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_a_second_build_waits_for_the_lock_with_a_message(tmp_path: Path) -> None:
    base = project(tmp_path)
    assert build(base).returncode == 0
    before = site_files(base / "site")
    lock = FileLock(Siblings((base / "site").resolve()).lock)
    lock.acquire()  # another build is writing there
    err = tmp_path / "stdout.txt"  # the waiting line is progress: stdout (README, "Scripts and CI")
    with err.open("w") as stdout:
        waiting = subprocess.Popen([sys.executable, "-m", "followscope_site", "build", "-c",
                                    str(base / "followscope.yaml")], stdout=stdout, stderr=subprocess.DEVNULL,
                                   cwd=base, env=ENV)
        try:
            assert _wait_for(lambda: "another build is writing" in err.read_text()), err.read_text()
            assert waiting.poll() is None and site_files(base / "site") == before  # it waits, touching nothing
        finally:
            lock.release()
        assert waiting.wait(timeout=180) == 0, err.read_text()
    assert "waiting for it to finish" in err.read_text()


def test_two_builds_into_one_folder_always_leave_one_whole_site(tmp_path: Path) -> None:
    """Two projects (different exports) build into one shared folder at the same time, round after round."""
    shared = tmp_path / "shared-site"
    one, two = project(tmp_path / "one", output=str(shared)), project(tmp_path / "two", output=str(shared))
    following = two / "exports" / "ig" / "connections" / "followers_and_following" / "following.json"
    following.write_text(following.read_text().replace('"title": "', '"title": "b.'), encoding="utf-8")
    expected = []
    for base in (one, two):  # each project's site alone, as a reference
        assert build(base, "-o", str(tmp_path / f"alone-{base.name}")).returncode == 0
        expected.append(site_files(tmp_path / f"alone-{base.name}"))
    assert expected[0] != expected[1]
    for _ in range(6):
        runs = [subprocess.Popen([sys.executable, "-m", "followscope_site", "build", "-q", "-c",
                                  str(base / "followscope.yaml")], cwd=base, env=ENV, stderr=subprocess.PIPE,
                                 text=True) for base in (one, two)]
        for run in runs:
            _, stderr = run.communicate(timeout=180)
            assert run.returncode == 0, stderr
        assert site_files(shared) in expected, "a mixed site"
        no_scratch_beside(shared)


# -- guards that --force never lifts ----------------------------------------------------------------------

def test_force_never_replaces_home_root_the_current_folder_or_a_file(tmp_path: Path) -> None:
    base = project(tmp_path / "project")
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    (home / "Documents" / "thesis.tex").write_text("years of work")
    env = {**ENV, "HOME": str(home), "USERPROFILE": str(home)}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    for output, cwd in ((home, base), (tmp_path, base), (elsewhere, elsewhere), (Path(elsewhere.anchor), base),
                        (a_file, base), (base / "exports", base), (base.parent, base)):
        line = one_error_line(build(base, "--force", "-o", str(output), cwd=cwd, env=env))
        assert "even with --force" in line or "exists and is not a folder" in line or "which the build reads" \
            in line, line
    assert (home / "Documents" / "thesis.tex").read_text() == "years of work"
    assert a_file.read_text() == "mine"
    foreign = tmp_path / "docs"
    foreign.mkdir()
    (foreign / "old.html").write_text("not ours")
    assert "not made by followscope" in one_error_line(build(base, "-o", str(foreign)))
    assert build(base, "--force", "-o", str(foreign)).returncode == 0  # what --force is for
    assert (foreign / MARKER).is_file()


# -- OS errors: one line naming the path -------------------------------------------------------------------

def test_output_under_a_regular_file(tmp_path: Path) -> None:
    base = project(tmp_path)
    (tmp_path / "afile").write_text("x")
    line = one_error_line(build(base, "-o", str(tmp_path / "afile" / "site")))
    assert str(tmp_path / "afile") in line and "is a file, not a folder" in line


@pytest.mark.parametrize("length", [300, 250])
def test_names_too_long(tmp_path: Path, length: int) -> None:
    """300: the output's own name; 250: its name fits, the lock and staging names beside it do not."""
    base = project(tmp_path)
    line = one_error_line(build(base, "-o", str(tmp_path / ("x" * length))))
    assert "too long" in line and "x" * length in line


def _unprivileged() -> tuple[str, ...]:
    """A command prefix under which file permissions apply (root ignores them unless it drops the capability)."""
    if sys.platform == "win32":
        pytest.skip("POSIX permissions")
    if os.geteuid() != 0:
        return ()
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv")
    return ("setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--")


@contextlib.contextmanager
def _mode(path: Path, mode: int) -> Iterator[None]:
    old = path.stat().st_mode
    path.chmod(mode)
    try:
        yield
    finally:
        path.chmod(old)


def test_unwritable_parent_and_unreadable_exports(tmp_path: Path) -> None:
    prefix = _unprivileged()
    base = project(tmp_path / "project")
    parent = tmp_path / "locked"
    parent.mkdir()
    with _mode(parent, 0o555):
        line = one_error_line(build(base, "-o", str(parent / "site"), prefix=prefix))
    assert "permission denied" in line and str(parent) in line
    with _mode(base / "exports" / "ig", 0o000):
        line = one_error_line(build(base, prefix=prefix))
    assert "permission denied" in line and "exports/ig" in line


def test_an_unwritable_cache_warns_and_the_build_goes_on(tmp_path: Path) -> None:
    base = project(tmp_path)
    env = {k: v for k, v in ENV.items() if k != "FOLLOWSCOPE_NO_CACHE"}
    (base / ".followscope-cache").write_text("a file where the cache folder goes")
    result = subprocess.run([sys.executable, "-m", "followscope_site", "build", "-c", str(base / "followscope.yaml")],
                            capture_output=True, text=True, cwd=base, timeout=180, env=env)
    assert result.returncode == 0, result.stderr
    assert "the snapshot cache cannot be written" in result.stderr and ".followscope-cache" in result.stderr
    (base / ".followscope-cache").unlink()
    prefix = _unprivileged()
    assert build(base, env=env).returncode == 0  # makes the cache
    with _mode(base / ".followscope-cache" / "snapshots", 0o555):
        (base / "exports" / "ig" / "new.txt").write_text("changes the export's fingerprint")
        result = subprocess.run([*prefix, sys.executable, "-m", "followscope_site", "build", "-c",
                                 str(base / "followscope.yaml")], capture_output=True, text=True, cwd=base,
                                timeout=180, env=env)
    assert result.returncode == 0, result.stderr
    assert "the snapshot cache cannot be written" in result.stderr and "permission denied" in result.stderr


@contextlib.contextmanager
def _tmpfs(where: Path, size: str) -> Iterator[Path]:
    """A small tmpfs at `where` (Linux, root): a real file system that can fill up or turn read-only."""
    where.mkdir()
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs Linux and root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_full_disk_is_named_and_the_previous_site_stays(tmp_path: Path) -> None:
    base = project(tmp_path / "project")
    with _tmpfs(tmp_path / "disk", "2m") as disk:
        site = disk / "site"
        assert build(base, "-o", str(site)).returncode == 0
        before = site_files(site)
        with (disk / "filler").open("wb", buffering=0) as filler, contextlib.suppress(OSError):
            while True:
                filler.write(b"\0" * 4096)
        env = {**ENV, "SOURCE_DATE_EPOCH": "1767312000"}  # another date: every page changes
        line = one_error_line(build(base, "-o", str(site), env=env))
        assert "no space left" in line and str(site) in line and "the previous site is unchanged" in line
        assert site_files(site) == before
        no_scratch_beside(site)


def test_a_read_only_file_system_is_named(tmp_path: Path) -> None:
    base = project(tmp_path / "project")
    with _tmpfs(tmp_path / "disk", "4m") as disk:
        assert build(base, "-o", str(disk / "site")).returncode == 0
        before = site_files(disk / "site")
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        line = one_error_line(build(base, "-o", str(disk / "site")))
        assert "read-only file system" in line and str(disk / "site") in line
        assert site_files(disk / "site") == before


def test_a_mount_point_is_refused_with_a_way_out(tmp_path: Path) -> None:
    """A Docker volume is a mount point: renaming it away fails, so the build says so before writing."""
    base = project(tmp_path / "project")
    with _tmpfs(tmp_path / "volume", "4m") as volume:
        line = one_error_line(build(base, "--force", "-o", str(volume)))
        assert "is a mount point" in line and str(volume / "site") in line
        assert build(base, "-o", str(volume / "site")).returncode == 0


def test_os_errors_are_classified_by_errno(tmp_path: Path) -> None:
    """Real errors from real calls, described by type and errno (never by their message text)."""
    a_file = tmp_path / "file"
    a_file.write_text("x")
    cases = {
        "a part of this path is a file": lambda: (a_file / "x").mkdir(),
        "too long": lambda: (tmp_path / ("n" * 300)).mkdir(),
        "does not exist": lambda: (tmp_path / "missing" / "x").read_bytes(),
        "already exists": lambda: a_file.mkdir(),
        "a folder where a file was expected": lambda: tmp_path.open("rb").read(),
    }
    if Path("/dev/full").exists():
        def fill() -> None:
            with open("/dev/full", "wb", buffering=0) as full:
                full.write(b"x")
        cases["no space left"] = fill
    for expected, call in cases.items():
        with pytest.raises(OSError) as caught:
            call()
        assert expected in describe_os_error(caught.value)[0], (expected, caught.value)
    error = os_error(OSError(errno.EROFS, "Read-only file system", "/mnt/site"), hint="the previous site is unchanged")
    assert error.line() == ("/mnt/site: is on a read-only file system (choose a folder on a writable disk; "
                            "the previous site is unchanged)")
