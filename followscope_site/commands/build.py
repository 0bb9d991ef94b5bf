"""The build pipeline: config → importers → snapshots → analysis → site, written by one writer."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from followscope_site.analysis import AccountInput, analyze
from followscope_site.config.lists import handle_set
from followscope_site.config.schema import LoadedConfig
from followscope_site.errors import ConfigError, excerpt
from followscope_site.importers.dates import EPOCH, LATEST
from followscope_site.model import normalize_handle
from followscope_site.sources import read_account_exports

if TYPE_CHECKING:
    from followscope_site.site.writer import OutputFile


@dataclass
class BuildResult:
    """What a build produced, for the CLI's summary and for watch/serve."""

    output: Path
    accounts: int  # accounts in the site
    files_written: int = 0
    files_unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    reused: bool = False  # the data of the last build was still good: no import, no analysis (incremental.py)


def build_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so that builds can be reproduced byte for byte (ASCII digits of a
    time every OS can show; anything else, such as `²` or the year 3170843, is ignored)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch and len(epoch) <= 12 and epoch.isascii() and epoch.isdigit() and int(epoch) < LATEST:
        return EPOCH + timedelta(seconds=int(epoch))
    return datetime.now(tz=UTC).replace(microsecond=0)


def load_accounts(loaded: LoadedConfig, on_export: Callable[[str], None] | None = None) -> list[AccountInput]:
    """Read every account's exports (the only step that touches export files)."""
    accounts: list[AccountInput] = []
    entries: dict[tuple[str, str], int] = {}  # (platform, owner) -> the config entry that holds it
    for number, account in enumerate(loaded.config.accounts):
        grouped = read_account_exports(loaded, account, on_export)
        allowlist = handle_set(loaded, account.allowlist, "allowlist")
        ignore = handle_set(loaded, account.ignore, "ignore")
        labelled = _labelled(account.platform, list(grouped))
        for (platform, owner), snapshots in grouped.items():
            first = entries.setdefault((platform, owner), number)
            if first != number:
                raise _same_account(loaded, first, number, platform, owner)
            own = account.label if (platform, owner) == labelled else None
            label = own or (f"@{owner}" if owner != "me" else platform.capitalize())
            accounts.append(AccountInput(
                platform=platform, handle=owner, label=label, snapshots=snapshots,
                allowlist=allowlist, ignore=ignore, entry=number,
                tags={normalize_handle(h): t for h, t in account.tags.items()},
                notes={normalize_handle(h): n for h, n in account.notes.items()},
                aliases={normalize_handle(h): normalize_handle(a) for h, a in account.aliases.items()},
            ))
    return accounts


def _labelled(platform: str | None, found: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The one account a config entry's `label:` names: the one on the entry's platform, else the export's
    own (found first); an Instagram export's Threads account gets a label of its own, not a copy."""
    if platform is not None:
        return next((key for key in found if key[0] == platform), None)
    return found[0] if found else None


def _same_account(loaded: LoadedConfig, first: int, second: int, platform: str, owner: str) -> ConfigError:
    """Two config entries whose exports hold the same account (handles are compared without case)."""
    accounts = loaded.config.accounts
    shown = " and ".join(f"accounts.{n} (exports: {loaded.display(accounts[n].exports)})" for n in (first, second))
    if owner == "me":  # neither the exports nor the config name the account
        return ConfigError(loaded.display(loaded.path), f"{shown} both hold a {platform} account without a handle",
                           "give each entry its own `handle:`, or put both exports in one entry")
    return ConfigError(loaded.display(loaded.path), f"{shown} both hold the {platform} account "
                       f"{excerpt('@' + owner, 80, quoted=False)} (handles are compared without case)",
                       "put all of one account's exports in one entry: `exports:` may name a folder of them")


# GitHub rejects files over 100 MiB (perf-security-browser.md §1.6): warn about any bigger output file.
GITHUB_FILE_LIMIT = 100 * 1024 * 1024


def build(
    loaded: LoadedConfig,
    *,
    output: Path | None = None,
    strict: bool = False,
    force: bool = False,
    on_export: Callable[[str], None] | None = None,
    on_file: Callable[[str], None] | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> BuildResult:
    """Run one build; raise a FollowScopeError (and leave the previous site intact) on bad input.

    When the data of the last build into this folder is still good (followscope_site/incremental.py), the
    build renders pages only; otherwise it reads the exports, analyses them and writes every file.
    on_export / on_file / on_stage: progress callbacks (progress.BuildProgress).
    """
    from followscope_site.incremental import IncrementalChecker, data_key
    from followscope_site.site.privacy import pseudonym_key
    from followscope_site.site.render import page_files, site_data
    from followscope_site.site.writer import SiteWriter

    config = loaded.config
    out_dir = loaded.output_dir(output)
    # The writer locks the output folder for the whole build (a second build into it waits), and checks it
    # first: an unusable output folder fails before any export is read, and the manifest is read under the lock.
    writer = SiteWriter(out_dir, loaded, force=force)
    checker = IncrementalChecker(loaded, out_dir)
    # The cyclic collector is paused for the whole build: it would scan millions of long-lived entries
    # again and again (−13% CPU at 1M, docs/performance.md); nothing here builds reference cycles in bulk.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        with writer:
            key = data_key(loaded, pseudonym_key(loaded.base_dir) if config.site.privacy == "public" else None)
            last = checker.reusable(key)
            if last is not None:
                models, warnings, kept = last.models, last.warnings, last.files
                files: Iterable[OutputFile] = page_files(models, loaded)
                accounts = len(next(iter(models.values())).accounts)
            else:
                inputs = load_accounts(loaded, on_export)
                gc.freeze()  # the snapshots live until the end: out of the collector's way for good
                if on_stage is not None:
                    on_stage("analysing")
                report = analyze(inputs, config.analysis, title=config.site.title, generated_at=build_time())
                report.warnings.extend(f"{s.source}: {w}" for a in report.accounts for s in a.snapshots
                                       for w in s.warnings)
                data = site_data(report, loaded, on_stage=on_stage)
                models, warnings, kept = data.models, data.warnings, []
                written: list[str] = []
                files = chain(page_files(models, loaded), _noted(data.files, written))
                accounts = len(report.accounts)
            if strict and warnings:
                from followscope_site.errors import FollowScopeError

                raise FollowScopeError(loaded.display(loaded.path), f"{len(warnings)} warning(s) in strict mode",
                                       "fix them, or build without --strict")
            if on_stage is not None:
                on_stage("writing")
            big: list[str] = []
            stats = writer.write(_watched(files, on_file, big), keep=kept)
            if last is None:
                checker.record(key, models, written, warnings)
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()
    result = BuildResult(output=out_dir, accounts=accounts, files_written=stats.written,
                         files_unchanged=stats.unchanged, warnings=list(warnings), reused=last is not None)
    for path in big:
        result.warnings.append(f"{path}: GitHub rejects files over 100 MiB: gh-deploy and Pages hosting will "
                               "fail for this site")
    return result


def _noted(files: Iterable[OutputFile], paths: list[str]) -> Iterator[OutputFile]:
    """The data files, noting each path (the incremental record lists them)."""
    for item in files:
        paths.append(item.path)
        yield item


def _watched(files: Iterable[OutputFile], on_file: Callable[[str], None] | None, big: list[str]
             ) -> Iterator[OutputFile]:
    """The render stream, telling the progress display about each file and noting files over 100 MiB."""
    for item in files:
        if item.size() > GITHUB_FILE_LIMIT:
            big.append(item.path)
        if on_file is not None:
            on_file(item.path)
        yield item
