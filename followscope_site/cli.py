"""The `followscope` command line: parses arguments, calls one command module, turns errors into one line.

Shaped like MkDocs' `__main__.py` (conventions.md §1.2): shared option decorators so every verb has the
same flags, command modules imported inside each command (a fast `--help`), and one paired boolean per
switch (`--livereload/--no-livereload`), never two flags sharing one destination (mkdocs/mkdocs#4032).
"""

from __future__ import annotations

import contextlib
import importlib
import json
import logging
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from followscope_site import __version__
from followscope_site.errors import ConfigError, FollowScopeError, os_error
from followscope_site.i18n import SOURCE_LANGUAGE, language_codes
from followscope_site.log import configure, get_logger
from followscope_site.terminal import safe_json, safe_line, safe_lines

F = TypeVar("F", bound=Callable[..., Any])
log = get_logger("cli")

EXIT_ERROR = 1
EXIT_INTERRUPTED = 130

config_help = "The config file (default: followscope.yaml, followscope.yml or sample_config.yaml here)."
output_help = "Write the site to this folder instead of the config's `site.output`."
force_help = ("Use the output folder even if it holds files that FollowScope did not write (never a root, your "
              "home, the current folder or a folder holding the config or exports).")
poll_help = "Check for changes by polling (for Docker, network shares and WSL /mnt folders)."


class _State:
    """What the -q/-v flags set, wherever they were given (before or after the verb)."""

    def __init__(self) -> None:
        self.quiet = False
        self.verbose = False


def _state(ctx: click.Context) -> _State:
    return ctx.find_root().ensure_object(_State)


def _set_quiet(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        state = _state(ctx)
        state.quiet = True
        configure(quiet=True, verbose=state.verbose)


def _set_verbose(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        state = _state(ctx)
        state.verbose = True
        configure(quiet=state.quiet, verbose=True)


def add_options(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    def apply(f: F) -> F:
        for decorator in reversed(decorators):
            f = decorator(f)
        return f
    return apply


quiet_option = click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_set_quiet,
                            help="Show errors only.")
verbose_option = click.option("-v", "--verbose", is_flag=True, expose_value=False, callback=_set_verbose,
                              help="Show debug output, and a traceback on errors.")
common_options = add_options(quiet_option, verbose_option)
config_option = click.option("-c", "--config", "config_file", type=click.Path(path_type=Path),
                             default=None, help=config_help)
output_option = click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
                             help=output_help)
force_option = click.option("--force", is_flag=True, help=force_help)
poll_option = click.option("--poll", is_flag=True, help=poll_help)
site_options = add_options(config_option, output_option)


class FollowScopeGroup(click.Group):
    """Turns every error into the one-line `followscope: error: …` form with exit 1 (exit 130 on Ctrl-C)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except FollowScopeError as err:
            details = err.details if isinstance(err, ConfigError) else []
            if len(details) == 1:
                # One problem: one line, `file:line:col: key: message (hint)`, like every other error.
                _report(ctx, f"followscope: error: {details[0]} (fix it and build again)", [])
            else:
                _report(ctx, f"followscope: error: {err.line()}", details)
        except OSError as exc:  # a file system refusal that no layer turned into a FollowScopeError
            _report(ctx, f"followscope: error: {os_error(exc).line()}", [])
        except Exception as exc:
            _report(ctx, f"followscope: error: internal error: {type(exc).__name__}: {exc} "
                         "(run again with -v and report it)", [])
        raise click.exceptions.Exit(EXIT_ERROR)


def _report(ctx: click.Context, line: str, details: list[str]) -> None:
    if _state(ctx).verbose:
        click.echo(safe_lines(traceback.format_exc().rstrip()), err=True)
    click.echo(safe_line(line), err=True)
    for detail in details:
        click.echo(safe_line(detail), err=True)


def _version_message() -> str:
    return f"followscope {__version__} (Python {platform.python_version()})"


@click.group(cls=FollowScopeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", message=_version_message(), help="Show the version and exit.")
@common_options
@click.pass_context
def cli(ctx: click.Context) -> None:
    """FollowScope: a private static site about your followers, built from platform data exports."""
    state = _state(ctx)
    configure(quiet=state.quiet, verbose=state.verbose)


def _load(config_file: Path | None) -> Any:
    from followscope_site.config.loader import find_config, load_config

    return load_config(config_file if config_file is not None else find_config(Path.cwd()))


def _command(module: str, name: str, verb: str) -> Callable[..., Any]:
    """A function of a command module, or a clear error when this installation lacks that command."""
    full = f"followscope_site.commands.{module}"
    try:
        return getattr(importlib.import_module(full), name)
    except ModuleNotFoundError as exc:
        if exc.name != full:
            raise
    except AttributeError:
        pass
    raise FollowScopeError(None, f"`followscope {verb}` is not available in this version ({full}.{name} "
                                 "is missing)", "use `followscope build`")


@cli.command()
@site_options
@click.option("--strict", is_flag=True, help="Fail (exit 1) when the build has any warning.")
@force_option
@common_options
def build(config_file: Path | None, output: Path | None, strict: bool, force: bool) -> None:
    """Build the site and report.json once."""
    from followscope_site.commands.build import build as run_build
    from followscope_site.progress import BuildProgress

    started = time.perf_counter()
    loaded = _load(config_file)
    with BuildProgress.for_cli(quiet=_state(click.get_current_context()).quiet) as progress:
        result = run_build(loaded, output=output, strict=strict, force=force, on_export=progress.on_export,
                           on_file=progress.on_file, on_stage=progress.on_stage)
    for warning in result.warnings:
        log.warning("%s", warning)
    log.info("built %s for %d account(s): %d file(s) written, %d unchanged, in %.2f s%s", result.output,
             result.accounts, result.files_written, result.files_unchanged, time.perf_counter() - started,
             " (pages only: the data had not changed)" if result.reused else "")


@cli.command()
@click.argument("directory", required=False, default=".",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--github-actions", is_flag=True, help="Also write .github/workflows/pages.yml (GitHub Pages).")
@click.option("--language", type=click.Choice(language_codes()),
              help=f"The language of the site's pages (site.language; {SOURCE_LANGUAGE} when left out).")
@common_options
def init(directory: Path, github_actions: bool, language: str | None) -> None:
    """Write a starter config and an exports/ folder for a new user."""
    from followscope_site.commands.init import init as run_init

    written = run_init(directory, github_actions=github_actions, language=language)
    for path in written:
        log.info("wrote %s", path)
    config = directory / "followscope.yaml"
    log.info("next: put an export in %s, then run `followscope build -c %s`",
             directory / "exports" / "instagram", config)


@cli.command()
@site_options
@poll_option
@force_option
@common_options
def watch(config_file: Path | None, output: Path | None, poll: bool, force: bool) -> None:
    """Build, then rebuild whenever the config, an export, a template or a theme changes."""
    run = _command("watch", "watch", "watch")
    run(_load(config_file), output=output, poll=poll, force=force)


def _check_address(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    host, sep, port = value.rpartition(":")
    # ASCII digits only: "²".isdigit() is True and int("²") raises.
    if not sep or not host or not (port.isascii() and port.isdigit()) or not 0 <= int(port) <= 65535:
        raise click.BadParameter(f"{value!r} is not HOST:PORT (e.g. 127.0.0.1:8000)")
    return value


@cli.command()
@site_options
@click.option("-a", "--address", default="127.0.0.1:8000", show_default=True, callback=_check_address,
              help="Serve on this HOST:PORT.")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser after the first build.")
@click.option("--livereload/--no-livereload", default=True, show_default=True,
              help="Reload open pages after each rebuild.")
@poll_option
@force_option
@common_options
def serve(config_file: Path | None, output: Path | None, address: str, open_browser: bool, livereload: bool,
          poll: bool, force: bool) -> None:
    """Watch, and serve the site on 127.0.0.1 with live reload."""
    run = _command("serve", "serve", "serve")
    run(_load(config_file), output=output, address=address, open_browser=open_browser, livereload=livereload,
        poll=poll, force=force)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@common_options
def inspect(path: Path, as_json: bool) -> None:
    """Say which platform and export format a file or folder is, what it holds and what is wrong."""
    inspect_path = _command("inspect", "inspect_path", "inspect")
    inspect_lines = _command("inspect", "inspect_lines", "inspect")
    result = inspect_path(path)
    if as_json:
        click.echo(safe_json(json.dumps(result, indent=2, ensure_ascii=False)))
    else:
        click.echo("\n".join(map(safe_line, inspect_lines(result))))
    if _command("inspect", "inspect_failed", "inspect")(result):
        raise click.exceptions.Exit(EXIT_ERROR)  # the report was printed; the exit code says it is not readable


@cli.command("gh-deploy")
@site_options
@click.option("-m", "--message", default=None, help="The commit message.")
@click.option("-r", "--remote", default="origin", show_default=True, help="The remote to push to.")
@click.option("-b", "--branch", default="gh-pages", show_default=True, help="The branch to commit the site to.")
@force_option
@click.option("--force-push", is_flag=True,
              help="Push the branch with `git push --force`, replacing its history on the remote.")
@click.option("-y", "--yes", is_flag=True, help="Do not ask before publishing.")
@common_options
def gh_deploy(config_file: Path | None, output: Path | None, message: str | None, remote: str, branch: str,
              force: bool, force_push: bool, yes: bool) -> None:
    """Build, then commit the site to a gh-pages branch and push it."""
    run = _command("gh_deploy", "gh_deploy", "gh-deploy")
    run(_load(config_file), output=output, message=message, remote=remote, branch=branch, force=force,
        force_push=force_push, yes=yes)


def main() -> None:
    """The console script `followscope`."""
    for stream in (sys.stdout, sys.stderr):  # a console that cannot show a character gets its escape, no crash
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    try:
        cli.main(prog_name="followscope")
        code: object = 0
    except SystemExit as exc:  # click ends every command this way
        code = exc.code
    _leave(code)


def _leave(code: object) -> None:
    """Exit now, once everything written is flushed. A build of a million accounts leaves millions of
    objects behind; freeing them one by one at interpreter exit takes ~0.2 s, more than writing report.json.
    Nothing is left to clean up: commands remove their own temporary folders and reap their children."""
    if isinstance(code, str):
        print(code, file=sys.stderr)
        code = EXIT_ERROR
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code if isinstance(code, int) else 0)
