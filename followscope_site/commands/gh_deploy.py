"""Publish the built site to a `gh-pages` branch (ghp-import), after a clear warning about what it shows."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
import ghp_import

from followscope_site import __version__
from followscope_site.commands.build import build
from followscope_site.config.schema import LoadedConfig
from followscope_site.errors import FollowScopeError
from followscope_site.log import get_logger

log = get_logger("gh_deploy")


@contextmanager
def _inside(folder: Path) -> Iterator[None]:
    """ghp-import works on the git repository of the current folder: the one holding the config."""
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


def _git_root(folder: Path) -> Path | None:
    found = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True, text=True)
    return Path(found.stdout.strip()) if found.returncode == 0 else None


def publication_warning(loaded: LoadedConfig) -> str | None:
    """What publishing would expose, or None when the site shows no handles (public privacy mode)."""
    if loaded.config.site.privacy == "public":
        return None
    return ("This site is in private mode: it shows the handle of every follower and every account you follow, "
            "and GitHub Pages makes it readable by anyone who finds its address (noindex only asks search "
            "engines not to list it). Set `site.privacy: public` to publish pseudonyms instead.")


def gh_deploy(loaded: LoadedConfig, *, output: Path | None, message: str | None, remote: str, branch: str,
              force: bool, yes: bool, force_push: bool = False) -> None:
    """Build, then commit the site to `branch` of the config's git repository and push it to `remote`.

    `force` is build's (use an output folder FollowScope did not write); `force_push` replaces the branch's
    history on the remote. Two flags, so that one never does the other's job.
    """
    if shutil.which("git") is None:
        raise FollowScopeError(None, "gh-deploy needs git, and no `git` command was found on PATH",
                               "install git (git-scm.com), or publish the built site folder another way")
    repo = _git_root(loaded.base_dir)
    if repo is None:
        raise FollowScopeError(loaded.display(loaded.path), "is not inside a git repository",
                               "run `git init` and add a GitHub remote first")
    warning = publication_warning(loaded)
    if warning is not None and not yes:
        if not sys.stdin.isatty():
            raise FollowScopeError(loaded.display(loaded.path), "refusing to publish handles without confirmation",
                                   "read the privacy guide, then pass --yes, or set `site.privacy: public`")
        click.echo(f"followscope: warning: {warning}", err=True)
        if not click.confirm(f"Publish the site to the '{branch}' branch of '{remote}'?", default=False):
            raise FollowScopeError(None, "publishing cancelled", "nothing was pushed")
    elif warning is not None:
        log.warning(warning)
    result = build(loaded, output=output, force=force)
    commit_message = message or f"Deployed with followscope {__version__}"
    try:
        with _inside(repo):
            ghp_import.ghp_import(str(result.output), mesg=commit_message, remote=remote, branch=branch,
                                  push=True, force=force_push, nojekyll=True)
    except ghp_import.GhpError as exc:
        raise FollowScopeError(str(result.output), f"could not publish to {remote}/{branch} ({exc})",
                               "check that the remote exists and that you may push to it") from None
    except subprocess.CalledProcessError as exc:  # ghp-import's `git push` failed; git said why just above
        hint = "check that the remote exists and that you may push to it"
        if not force_push:
            hint += ", or pass --force-push to replace the remote branch's history"
        raise FollowScopeError(str(result.output), f"could not publish to {remote}/{branch} (git push exited "
                                                   f"with {exc.returncode})", hint) from None
    log.info(f"published {loaded.display(result.output)} to {remote}/{branch}")
