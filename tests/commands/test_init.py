"""`followscope init`: a starter config that validates, the exports/ guide, and the Pages workflow."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from followscope_site.commands.init import init, starter_config
from followscope_site.config.loader import load_config
from followscope_site.config.schema import (
    AccountConfig,
    AnalysisConfig,
    Config,
    CsvOptions,
    LimitsConfig,
    SiteConfig,
    WatchConfig,
)
from followscope_site.errors import FollowScopeError


def test_writes_config_exports_folder_and_readme(tmp_path: Path) -> None:
    written = init(tmp_path / "new", github_actions=False)
    root = tmp_path / "new"
    assert written == [root / "followscope.yaml", root / "exports" / "README.md", root / ".gitignore"]
    assert (root / "exports" / "instagram").is_dir()
    assert ".followscope-pseudonym-key" in (root / ".gitignore").read_text().splitlines()
    assert not (root / ".github").exists()


def test_starter_config_validates_with_the_schema_defaults(tmp_path: Path) -> None:
    init(tmp_path, github_actions=False)
    loaded = load_config(tmp_path / "followscope.yaml")
    config = loaded.config
    assert [a.exports for a in config.accounts] == [Path("exports/instagram")]
    assert loaded.resolve(config.accounts[0].exports).is_dir()
    # The values written out are exactly the defaults, so the file and the schema cannot disagree.
    assert (config.site, config.analysis, config.limits, config.watch) == (
        SiteConfig(), AnalysisConfig(), LimitsConfig(), WatchConfig())


@pytest.mark.parametrize("model", [Config, AccountConfig, CsvOptions, SiteConfig, AnalysisConfig,
                                   LimitsConfig, WatchConfig])
def test_starter_config_documents_every_key(model: type) -> None:
    text = starter_config()
    missing = [name for name in model.model_fields if f"{name}:" not in text]
    assert not missing, f"document these keys in followscope_site/commands/init.py: {missing}"


def test_commented_account_keys_are_valid_when_uncommented(tmp_path: Path) -> None:
    lines = starter_config().splitlines()
    start = lines.index("  - exports: exports/instagram")
    account = ["  - exports: exports/instagram"]
    for line in lines[start + 1:]:
        if not line.startswith("    #"):
            break
        body = line[len("    # "):].split("  #")[0].rstrip()
        if body and not body.startswith("#"):
            account.append("    " + body)
    path = tmp_path / "c.yaml"
    path.write_text("accounts:\n" + "\n".join(account).replace("platform: instagram", "platform: csv") + "\n",
                    encoding="utf-8")
    account_config = load_config(path).config.accounts[0]
    assert account_config.csv is not None and account_config.tags and account_config.aliases


def test_refuses_to_overwrite_a_config(tmp_path: Path) -> None:
    config = tmp_path / "followscope.yaml"
    config.write_text("mine\n", encoding="utf-8")
    with pytest.raises(FollowScopeError, match="already exists"):
        init(tmp_path, github_actions=False)
    assert config.read_text(encoding="utf-8") == "mine\n"
    assert not (tmp_path / "exports").exists()


def test_keeps_an_existing_exports_readme(tmp_path: Path) -> None:
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "README.md").write_text("my notes\n", encoding="utf-8")
    written = init(tmp_path, github_actions=False)
    assert written == [tmp_path / "followscope.yaml", tmp_path / ".gitignore"]
    assert (tmp_path / "exports" / "README.md").read_text(encoding="utf-8") == "my notes\n"


def test_readme_says_how_to_download_each_platform(tmp_path: Path) -> None:
    init(tmp_path, github_actions=False)
    text = (tmp_path / "exports" / "README.md").read_text(encoding="utf-8")
    for needle in ["## Instagram and Threads", "Accounts Center", "Export your information", "JSON", "All time",
                   "Followers and following", "## Facebook", "## TikTok", "Download your data",
                   "## X (Twitter)", "Download an archive", "## Bluesky", "repo.car", "## Mastodon",
                   "Import and export", "## LinkedIn", "Get a copy of your data", "Connections"]:
        assert needle in text


def test_github_actions_workflow(tmp_path: Path) -> None:
    written = init(tmp_path, github_actions=True)
    path = tmp_path / ".github" / "workflows" / "pages.yml"
    assert path in written
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = [step.get("uses", "").split("@")[0] for step in build["steps"]]
    runs = [step["run"] for step in build["steps"] if "run" in step]
    assert uses.index("actions/configure-pages") < uses.index("actions/setup-python")
    assert runs == ["pip install followscope", "followscope build -c followscope.yaml -o _site"]
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"] == {"path": "_site", "include-hidden-files": True}
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_refuses_to_overwrite_a_workflow(tmp_path: Path) -> None:
    workflow = tmp_path / ".github" / "workflows" / "pages.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text("on: push\n", encoding="utf-8")
    with pytest.raises(FollowScopeError, match="already exists"):
        init(tmp_path, github_actions=True)
    assert not (tmp_path / "followscope.yaml").exists()
    assert workflow.read_text(encoding="utf-8") == "on: push\n"


def test_a_file_in_the_way_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    with pytest.raises(FollowScopeError, match="is not a folder"):
        init(tmp_path / "taken", github_actions=False)


def test_language_option_writes_site_language(tmp_path: Path) -> None:
    init(tmp_path, github_actions=False, language="ar")
    assert load_config(tmp_path / "followscope.yaml").config.site.site_languages == ["ar"]


def test_cli_refuses_an_unknown_language_as_a_usage_error(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from followscope_site.cli import cli

    result = CliRunner().invoke(cli, ["init", str(tmp_path / "new"), "--language", "xx"])
    assert result.exit_code == 2
    assert "es" in result.stderr and "ar" in result.stderr
    assert not (tmp_path / "new").exists()
    ok = CliRunner().invoke(cli, ["init", str(tmp_path / "es"), "--language", "es"])
    assert ok.exit_code == 0, ok.stderr
    assert "  language: es " in (tmp_path / "es" / "followscope.yaml").read_text(encoding="utf-8")
