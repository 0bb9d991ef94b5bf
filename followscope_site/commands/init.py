"""`followscope init`: a commented starter config, an exports/ folder and, if asked, a GitHub Pages workflow."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from followscope_site.config.schema import AnalysisConfig, LimitsConfig, SiteConfig, WatchConfig
from followscope_site.errors import FollowScopeError
from followscope_site.i18n import SOURCE_LANGUAGE, language_codes

CONFIG_NAME = "followscope.yaml"
WORKFLOW_PATH = Path(".github/workflows/pages.yml")


def init(directory: Path, *, github_actions: bool, language: str | None = None) -> list[Path]:
    """Write the starter files into `directory`; never overwrite a config or a workflow that exists."""
    config = directory / CONFIG_NAME
    workflow = directory / WORKFLOW_PATH
    for path in [config, workflow] if github_actions else [config]:
        if path.exists():
            raise FollowScopeError(path, "already exists", "edit it, or run `followscope init` in another folder")
    if directory.exists() and not directory.is_dir():
        raise FollowScopeError(directory, "is not a folder", "name a folder for the new config")
    written: list[Path] = []
    try:
        (directory / "exports" / "instagram").mkdir(parents=True, exist_ok=True)
        written.append(_write_new(config, starter_config(language)))
        readme = directory / "exports" / "README.md"
        if not readme.exists():  # a README the user already has is theirs
            written.append(_write_new(readme, EXPORTS_README))
        ignore = directory / ".gitignore"
        if not ignore.exists():  # keeps exports, the site and the pseudonym key out of a repository
            written.append(_write_new(ignore, GITIGNORE))
        if github_actions:
            workflow.parent.mkdir(parents=True, exist_ok=True)
            written.append(_write_new(workflow, PAGES_WORKFLOW))
    except OSError as exc:
        raise FollowScopeError(getattr(exc, "filename", None) or directory,
                               f"cannot write the starter files ({exc.strerror or exc})") from None
    return written


GITIGNORE = """\
# The built site and the cache are made again by every build.
site/
.followscope-cache/
# The secret behind public-mode pseudonyms: never publish it.
.followscope-pseudonym-key
# Your exports name real accounts. A GitHub Actions build needs them in the (private) repository;
# if you build on your own machine only, keep them out by removing the '#' below.
# exports/
"""


def _write_new(path: Path, text: str) -> Path:
    with path.open("x", encoding="utf-8", newline="\n") as f:  # "x": fail rather than overwrite
        f.write(text)
    return path


def _defaults(model: type[BaseModel]) -> dict[str, Any]:
    return {name: field.get_default(call_default_factory=True) for name, field in model.model_fields.items()}


def _yaml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Path):
        return value.as_posix()
    return str(value)


def starter_config(language: str | None = None) -> str:
    """The starter config; every default is read from the schema, so the comments cannot go stale.

    language: `init --language`, written as site.language; left out, the line stays a comment (English).
    """
    site, analysis = _defaults(SiteConfig), _defaults(AnalysisConfig)
    site["language"] = language
    chosen = "language" if language else f"# language: {SOURCE_LANGUAGE}"
    limits, watch = _defaults(LimitsConfig), _defaults(WatchConfig)
    return f"""\
# FollowScope configuration. Paths are relative to this file's folder.
# Build the site with:  followscope build -c {CONFIG_NAME}
# Only `accounts:` with one `exports:` is required; every other value shown is the default.

accounts:
  # One entry per account. `exports` is an export zip as downloaded, an unzipped export folder,
  # or a folder holding several dated exports of the same account (each one becomes a snapshot,
  # and the site shows what changed between them). See exports/README.md for how to download one.
  - exports: exports/instagram
    # platform: instagram    # instagram, threads, facebook, tiktok, x, bluesky, mastodon, linkedin or csv;
    #                        # detected from the export when left out
    # handle: your.handle    # your own handle, when the export does not name it
    # label: Personal        # how the site names this account
    # allowlist:             # accounts that are fine not to follow you back (brands, public figures);
    #   - some.brand         # a list, or the path of a text file with one handle a line
    # ignore: ignored.txt    # accounts left out of every list and count (a list or a file, as above)
    # tags:                  # handle -> tags shown next to it on the site
    #   anna.example: [school, climbing]
    # notes:                 # handle -> a note shown next to it on the site
    #   anna.example: met at the climbing gym
    # aliases:               # handle here -> the same person's handle in another account of this file
    #   anna.example: anna_e
    # csv:                   # only for `platform: csv` (any export as CSV files)
    #   followers: followers.csv
    #   following: following.csv
    #   handle_column: handle
    #   date_column: followed_at

{_section("site", None, site, [
    ("title", None), ("output", "the folder the site is written to, next to this file"), ("theme", None),
    ("# templates: my-templates", "a folder of templates that replace the built-in ones by name"),
    ("# site_url: https://alice.github.io/followers/", "only for canonical links and the 404 page"),
    ("privacy", "private, or public: other people's handles are replaced before publishing"),
    ("page_size", "accounts per page of a list (50 to 10000)"),
    (chosen, "the pages' language: " + ", ".join(language_codes())),
    (f"# languages: [{language or SOURCE_LANGUAGE}, {'en' if language == 'es' else 'es'}]",
     "or several: the first at the root, each other in a folder")])}
{_section("analysis", None, analysis, [
    ("grace_days", "follows newer than this are not flagged as not following back"),
    ("burst_per_day", "this many follows or unfollows in one day count as a burst"),
    ("following_cap_warning", "warn past this share of the platform's following limit"),
    ("low_follow_back_rate", "below this, you follow back few of your followers"),
    ("low_followed_back_rate", "below this, few accounts you follow follow you back"),
    ("ratio_low", "a follow ratio (followers / following) below this is low"),
    ("ratio_high", "and above this is high"),
    ("high_interaction", "likes + comments + messages that count as a lot of interaction")])}
{_section("limits", "safety limits for reading export files", limits, [
    ("max_file_mb", "largest single file, unpacked"), ("max_total_mb", "largest export, unpacked"),
    ("max_members", "most files in one zip"),
    ("max_ratio", "highest compression ratio of a zip member (zip bombs)"),
    ("max_entries", "most accounts in one list")])}
{_section("watch", "`followscope watch` and `followscope serve`", watch, [
    ("quiet_ms", "wait for this many quiet milliseconds before rebuilding"),
    ("poll", "poll for changes (Docker, network shares, WSL /mnt folders)"),
    ("poll_interval_s", "seconds between two polls")])}"""


def _section(name: str, about: str | None, defaults: dict[str, Any], keys: list[tuple[str, str | None]]) -> str:
    """One top-level section: `key: default  # comment` lines, aligned; `# key: example` lines stay commented."""
    lines = [_commented(f"{name}:", about)]
    listed = {key.lstrip("# ").split(":")[0] for key, _ in keys}
    # A key added to the schema later still appears, with its default (commented out when it has none).
    keys = keys + [(key if defaults[key] is not None else f"# {key}:", None) for key in defaults
                   if key not in listed]
    for key, comment in keys:
        lines.append(_commented(f"  {key}" if key.startswith("#") else f"  {key}: {_yaml(defaults[key])}", comment))
    return "\n".join(lines) + "\n"


def _commented(text: str, comment: str | None) -> str:
    return f"{text:<{_COMMENT_AT - 2}}  # {comment}" if comment else text


_COMMENT_AT = 30


EXPORTS_README = """\
# Your exports

Put each downloaded export here: the zip file as it arrived, or the folder you unzipped it into.
FollowScope only reads these files on your own computer; nothing is uploaded anywhere. An export is
personal data about you and about the people you follow, so do not commit this folder to a public
repository.

`followscope.yaml` points at `exports/instagram` to begin with. For another platform, make a folder
for it here and add an entry under `accounts:`. If you keep several exports of the same account in one
folder (say one a month), the site also shows who started or stopped following between them.

Platforms change their menus now and then; the steps below were right when this file was written.

## Instagram and Threads

1. In the Instagram app or on instagram.com, open the Accounts Center and choose
   "Your information and permissions", then "Export your information".
2. Create an export to your device, pick the Instagram account, and choose "Some of your information"
   with "Followers and following" ticked (Threads data comes along in the same export).
3. Set the date range to "All time" and the format to **JSON** (not HTML).
4. Meta sends a notice when the file is ready, usually within a day; download the zip and put it in
   `exports/instagram/`.

## Facebook

Same Accounts Center menu as Instagram: "Export your information", pick the Facebook profile, choose
"Friends and followers", "All time", format JSON. Facebook exports name friends by display name, not by
handle.

## TikTok

Settings and privacy → Account → "Download your data". Choose the **JSON** file format, request the
file, and download it from the same screen once it is ready (it can take a few days).

## X (Twitter)

Settings → Your account → "Download an archive of your data". After confirming your password, X
prepares the archive, which can take a day or more. X lists followers by numeric account id, so the
site shows ids unless the archive also holds the handles.

## Bluesky

Settings → Account → "Export my data" downloads a file named `repo.car`. It holds the accounts you
follow, not your followers, so the site shows your following list only.

## Mastodon

On your server's website: Preferences → Import and export → "Data export". Download the CSV files
"Follows" (and, if you like, "Lists", "Blocks" and "Mutes"). Mastodon gives no CSV of your followers.

## LinkedIn

Settings → Data privacy → "Get a copy of your data". Pick "Connections" (or the full archive) and
download the zip when LinkedIn emails you. Connections are mutual by nature, so LinkedIn shows one list.
"""


PAGES_WORKFLOW = """\
# Builds the FollowScope site on every push and publishes it with GitHub Pages.
# In the repository: Settings -> Pages -> Source: "GitHub Actions".
# The exports must be in the repository for this to work: keep the repository private, and consider
# `privacy: public` in followscope.yaml before publishing the site.
name: Publish the FollowScope site

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: pages
        uses: actions/configure-pages@v5
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install followscope
      - run: followscope build -c followscope.yaml -o _site
        env:  # public mode: the same pseudonyms as your own builds (see the privacy guide)
          FOLLOWSCOPE_PSEUDONYM_KEY: ${{ secrets.FOLLOWSCOPE_PSEUDONYM_KEY }}
      - uses: actions/upload-pages-artifact@v5  # v5: include-hidden-files keeps .nojekyll
        with:
          path: _site
          include-hidden-files: true

  deploy:
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""
