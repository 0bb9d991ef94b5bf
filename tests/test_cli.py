"""The command line: exit codes 0/1/2, the one-line error format, -q/-v, and a real `python -m` run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from followscope_site import __version__
from followscope_site.cli import FollowScopeGroup, _command, cli
from followscope_site.errors import FollowScopeError

ROOT = Path(__file__).resolve().parent.parent
HAS_INSTAGRAM = (ROOT / "followscope_site" / "importers" / "instagram.py").is_file()


def entry(handle: str, timestamp: int) -> dict:
    return {"title": "", "media_list_data": [],
            "string_list_data": [{"href": f"https://www.instagram.com/{handle}", "value": handle,
                                  "timestamp": timestamp}]}


def make_project(tmp_path: Path) -> Path:
    """A config and a tiny unzipped Instagram export (generation-A shape, formats.md §1)."""
    folder = tmp_path / "exports" / "instagram" / "connections" / "followers_and_following"
    folder.mkdir(parents=True)
    followers = [entry("ann", 1700000000), entry("bob", 1700000100)]
    following = {"relationships_following": [entry("ann", 1700000200), entry("cat", 1700000300)]}
    (folder / "followers_1.json").write_text(json.dumps(followers), encoding="utf-8")
    (folder / "following.json").write_text(json.dumps(following), encoding="utf-8")
    config = tmp_path / "followscope.yaml"
    config.write_text("accounts:\n  - exports: exports/instagram\n    handle: me\n", encoding="utf-8")
    return config


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"followscope {__version__} (Python {sys.version_info.major}.")


def test_usage_error_exits_2(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["build", "--no-such-flag"]).exit_code == 2
    assert runner.invoke(cli, ["no-such-verb"]).exit_code == 2
    assert runner.invoke(cli, ["serve", "-a", "localhost"]).exit_code == 2
    assert runner.invoke(cli, ["serve", "-a", "127.0.0.1:8²"]).exit_code == 2  # "²".isdigit() is True
    assert runner.invoke(cli, ["inspect"]).exit_code == 2


def test_missing_config_is_one_line_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = runner.invoke(cli, ["build", "-c", str(missing)])
    assert result.exit_code == 1
    assert result.stderr == (f"followscope: error: {missing}: no such config file "
                             "(run `followscope init` to write one)\n")
    assert result.stdout == ""


def test_no_config_here_names_what_was_looked_for(runner: CliRunner, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 1
    assert "no config file found (looked for followscope.yaml, followscope.yml, sample_config.yaml" in result.stderr


def test_config_errors_print_every_detail_line(runner: CliRunner, tmp_path: Path) -> None:
    config = tmp_path / "sample_config.yaml"
    config.write_text("accounts:\n  - exprots: x\nsite:\n  privacy: secret\n", encoding="utf-8")
    result = runner.invoke(cli, ["build", "-c", str(config)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"followscope: error: {config}: 3 error(s) in the config (fix the line(s) below)",
        f"{config}:2:5: accounts.0.exports: missing required key 'exports'",
        f"{config}:2:5: accounts.0.exprots: unknown key 'exprots' (did you mean 'exports'?)",
        f"{config}:4:12: site.privacy: must be one of: private, public (got 'secret')",
    ]


def test_traceback_only_with_verbose(runner: CliRunner, tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.yaml")
    quiet = runner.invoke(cli, ["build", "-c", missing])
    assert "Traceback" not in quiet.stderr
    for args in (["-v", "build", "-c", missing], ["build", "-v", "-c", missing]):
        loud = runner.invoke(cli, args)
        assert loud.exit_code == 1
        assert "Traceback (most recent call last)" in loud.stderr
        assert loud.stderr.splitlines()[-1].startswith("followscope: error: ")


def _group_raising(exc: BaseException) -> click.Group:
    """A group of the CLI's own class whose only command raises `exc` (the error paths of every verb)."""
    @click.group(cls=FollowScopeGroup)
    def group() -> None:
        pass

    @group.command()
    def fail() -> None:
        raise exc

    return group


def test_unexpected_exception_is_an_internal_error_line(runner: CliRunner) -> None:
    result = runner.invoke(_group_raising(ValueError("boom")), ["fail"])
    assert result.exit_code == 1
    assert result.stderr == ("followscope: error: internal error: ValueError: boom "
                             "(run again with -v and report it)\n")


def test_keyboard_interrupt_exits_130_quietly(runner: CliRunner) -> None:
    result = runner.invoke(_group_raising(KeyboardInterrupt()), ["fail"])
    assert result.exit_code == 130
    assert result.stderr == ""


def test_project_error_without_a_path(runner: CliRunner) -> None:
    result = runner.invoke(_group_raising(FollowScopeError(None, "it broke", "do this")), ["fail"])
    assert (result.exit_code, result.stderr) == (1, "followscope: error: it broke (do this)\n")


def test_a_command_module_that_is_not_there_is_a_clear_error() -> None:
    with pytest.raises(FollowScopeError, match=r"`followscope nope` is not available in this version"):
        _command("no_such_module", "run", "nope")
    with pytest.raises(FollowScopeError, match="not available"):
        _command("build", "no_such_function", "build")


def _defaults(verb: str) -> dict[str | None, object]:
    command = cli.commands[verb]
    ctx = click.Context(command)
    return {p.name: p.get_default(ctx) for p in command.params}


def test_serve_defaults() -> None:
    """mkdocs/mkdocs#4032: a livereload switch that silently defaulted to off (conventions.md §1.2)."""
    defaults = _defaults("serve")
    assert defaults["livereload"] is True
    assert defaults["address"] == "127.0.0.1:8000"
    assert defaults["open_browser"] is False and defaults["poll"] is False and defaults["force"] is False
    deploy = _defaults("gh-deploy")
    assert (deploy["remote"], deploy["branch"], deploy["yes"]) == ("origin", "gh-pages", False)


def test_every_verb_takes_quiet_and_verbose() -> None:
    for name, command in cli.commands.items():
        options = {opt for p in command.params for opt in p.opts}
        assert {"-q", "-v"} <= options, name


def test_init_then_refuse(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "site-src"
    first = runner.invoke(cli, ["init", str(target), "--github-actions"])
    assert first.exit_code == 0, first.output
    assert (target / "followscope.yaml").is_file()
    assert (target / ".github" / "workflows" / "pages.yml").is_file()
    assert "wrote" in first.stdout and first.stderr == ""
    assert runner.invoke(cli, ["init", "-q", str(target)]).stderr == (
        f"followscope: error: {target / 'followscope.yaml'}: already exists "
        "(edit it, or run `followscope init` in another folder)\n")
    assert runner.invoke(cli, ["-q", "init", str(tmp_path / "other")]).stderr == ""


@pytest.mark.skipif(not HAS_INSTAGRAM, reason="the Instagram importer is not there yet")
def test_build_succeeds_with_a_summary(runner: CliRunner, tmp_path: Path) -> None:
    config = make_project(tmp_path)
    result = runner.invoke(cli, ["build", "-c", str(config)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "index.html").is_file()
    report = json.loads((tmp_path / "site" / "report.json").read_text(encoding="utf-8"))
    assert report["accounts"][0]["counts"]["mutuals"] == 1
    summary = result.stdout.splitlines()[-1]  # the summary is information: stdout
    assert all(line.startswith("followscope: warning: ") for line in result.stderr.splitlines())
    assert summary.startswith(f"built {tmp_path / 'site'} for 1 account(s): ") and " written, " in summary
    quiet = runner.invoke(cli, ["build", "-q", "-c", str(config), "-o", str(tmp_path / "out")])
    assert (quiet.exit_code, quiet.stderr, quiet.stdout) == (0, "", "")
    assert (tmp_path / "out" / "report.json").is_file()


@pytest.mark.skipif(not HAS_INSTAGRAM, reason="the Instagram importer is not there yet")
def test_warnings_are_printed_and_strict_fails(runner: CliRunner, tmp_path: Path) -> None:
    config = make_project(tmp_path)
    folder = tmp_path / "exports" / "instagram" / "connections" / "followers_and_following"
    (folder / "followers_1.json").rename(folder / "followers_2.json")  # followers_1.json missing: a warning
    result = runner.invoke(cli, ["build", "-c", str(config)])
    assert result.exit_code == 0, result.output
    assert any(line.startswith("followscope: warning: ") for line in result.stderr.splitlines())
    assert "warning" not in runner.invoke(cli, ["build", "-q", "-c", str(config)]).stderr
    strict = runner.invoke(cli, ["build", "--strict", "-c", str(config)])
    assert strict.exit_code == 1
    assert "warning(s) in strict mode" in strict.stderr


# A real process: the console entry point as a user runs it (`python -m followscope_site`).

def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # works with and without an installed package
    return subprocess.run([sys.executable, "-m", "followscope_site", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60, check=False)


def test_subprocess_exit_codes_and_error_line(tmp_path: Path) -> None:
    version = run(["--version"], tmp_path)
    assert (version.returncode, version.stdout.split(" (")[0]) == (0, f"followscope {__version__}")
    assert run(["build", "--bogus"], tmp_path).returncode == 2
    error = run(["build", "-c", "missing.yaml"], tmp_path)
    assert error.returncode == 1
    assert error.stderr == "followscope: error: missing.yaml: no such config file " \
                           "(run `followscope init` to write one)\n"
    verbose = run(["build", "-v", "-c", "missing.yaml"], tmp_path)
    assert verbose.returncode == 1
    assert "Traceback (most recent call last)" in verbose.stderr
    assert verbose.stderr.rstrip().splitlines()[-1] == error.stderr.rstrip()


@pytest.mark.skipif(not HAS_INSTAGRAM, reason="the Instagram importer is not there yet")
def test_subprocess_build(tmp_path: Path) -> None:
    make_project(tmp_path)
    result = run(["build"], tmp_path)  # finds followscope.yaml in the current folder
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    assert "Traceback" not in result.stderr
