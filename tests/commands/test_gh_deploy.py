"""gh-deploy against a local bare repository: the site lands on gh-pages, after a warning about handles."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com"}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}).stdout


@pytest.fixture
def project(tmp_path: Path) -> Path:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    work = tmp_path / "work"
    shutil.copytree(ROOT / "tests" / "fixtures" / "instagram" / "export-2025", work / "exports" / "export-2025")
    (work / "followscope.yaml").write_text("accounts:\n  - exports: exports/export-2025\n    handle: me\n")
    git(work, "init", "-q", "-b", "main")
    git(work, "add", ".")
    git(work, "commit", "-qm", "config")
    git(work, "remote", "add", "origin", str(remote))
    return work


def deploy(work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "followscope_site", "gh-deploy", *args], cwd=work,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, env={**os.environ, **GIT_ENV})


def test_publishes_to_gh_pages_branch(project: Path) -> None:
    run = deploy(project, "--yes", "-m", "Publish the test site")
    assert run.returncode == 0, run.stderr
    assert "shows the handle of every follower" in run.stderr  # the warning is printed even with --yes
    remote = project.parent / "remote.git"
    files = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split()
    assert "index.html" in files and "report.json" in files and ".nojekyll" in files
    assert git(remote, "log", "-1", "--format=%s", "gh-pages").strip() == "Publish the test site"


def test_refuses_without_confirmation_when_not_a_terminal(project: Path) -> None:
    run = deploy(project)
    assert run.returncode == 1
    assert run.stderr.startswith("followscope: error: ") and "--yes" in run.stderr
    remote = project.parent / "remote.git"
    assert git(remote, "branch", "--list").strip() == ""  # nothing was pushed


def test_outside_a_git_repository(tmp_path: Path) -> None:
    (tmp_path / "followscope.yaml").write_text("accounts:\n  - exports: exports\n")
    run = deploy(tmp_path, "--yes")
    assert run.returncode == 1 and "not inside a git repository" in run.stderr


def test_force_and_force_push_are_two_flags(project: Path, tmp_path: Path) -> None:
    """--force lifts the output folder check only; replacing the remote branch's history takes --force-push."""
    help_text = subprocess.run([sys.executable, "-m", "followscope_site", "gh-deploy", "--help"],
                               capture_output=True, text=True).stdout
    assert "--force-push" in help_text and "git push --force" in help_text
    remote = project.parent / "remote.git"
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(remote), str(other))
    git(other, "checkout", "-q", "--orphan", "gh-pages")
    (other / "index.html").write_text("someone else's site")
    git(other, "add", ".")
    git(other, "commit", "-qm", "Not ours")
    git(other, "push", "-q", "origin", "gh-pages")
    run = deploy(project, "--yes", "--force", "-m", "Ours")
    assert run.returncode == 1 and "could not publish" in run.stderr, run.stderr
    assert git(remote, "log", "-1", "--format=%s", "gh-pages").strip() == "Not ours"  # --force pushed nothing
    run = deploy(project, "--yes", "--force-push", "-m", "Ours")
    assert run.returncode == 0, run.stderr
    assert git(remote, "log", "-1", "--format=%s", "gh-pages").strip() == "Ours"


def test_without_git_on_path(project: Path, tmp_path: Path) -> None:
    empty = tmp_path / "no-git-here"
    empty.mkdir()
    run = subprocess.run([sys.executable, "-m", "followscope_site", "gh-deploy", "--yes"], cwd=project,
                         capture_output=True, text=True, stdin=subprocess.DEVNULL,
                         env={**os.environ, **GIT_ENV, "PATH": str(empty)})
    assert run.returncode == 1
    assert run.stderr.splitlines() == ["followscope: error: gh-deploy needs git, and no `git` command was found on "
                                       "PATH (install git (git-scm.com), or publish the built site folder another "
                                       "way)"]
