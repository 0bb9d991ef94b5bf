"""The build pipeline: config → importers → snapshots → analysis → site, written by one writer."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followscope_site import forking
from followscope_site.analysis import AccountInput, analyze
from followscope_site.analysis.report import Report
from followscope_site.config.lists import handle_set
from followscope_site.config.schema import LoadedConfig
from followscope_site.model import normalize_handle
from followscope_site.sources import read_account_exports

if TYPE_CHECKING:
    from followscope_site.site.writer import OutputFile


@dataclass
class BuildResult:
    """What a build produced, for the CLI's summary and for watch/serve."""

    output: Path
    report: Report
    files_written: int = 0
    files_unchanged: int = 0
    warnings: list[str] = field(default_factory=list)


def build_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so that builds can be reproduced byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)


def load_accounts(loaded: LoadedConfig, on_export: Callable[[str], None] | None = None) -> list[AccountInput]:
    """Read every account's exports (the only step that touches export files)."""
    accounts: list[AccountInput] = []
    for account in loaded.config.accounts:
        grouped = read_account_exports(loaded, account, on_export)
        allowlist = handle_set(loaded, account.allowlist, "allowlist")
        ignore = handle_set(loaded, account.ignore, "ignore")
        for (platform, owner), snapshots in grouped.items():
            label = account.label or (f"@{owner}" if owner != "me" else platform.capitalize())
            accounts.append(AccountInput(
                platform=platform, handle=owner, label=label, snapshots=snapshots,
                allowlist=allowlist, ignore=ignore,
                tags={normalize_handle(h): t for h, t in account.tags.items()},
                notes={normalize_handle(h): n for h, n in account.notes.items()},
                aliases={normalize_handle(h): normalize_handle(a) for h, a in account.aliases.items()},
            ))
    return accounts


# GitHub rejects files over 100 MiB (perf-security-browser.md §1.6): warn about any bigger output file.
GITHUB_FILE_LIMIT = 100 * 1024 * 1024


@dataclass
class BuildMemory:
    """What a long-lived process (watch) keeps between builds so a template edit re-renders only pages.

    The last Report and its config, and the writer's digests of the last site (site.writer).
    """

    report: Report | None = None
    warnings: list[str] = field(default_factory=list)
    config_key: str = ""
    writer: Any = None  # site.writer.WriterMemory

    def forget(self) -> None:
        self.report, self.config_key = None, ""


def _config_key(loaded: LoadedConfig) -> str:
    return loaded.config.model_dump_json() + "\0" + str(loaded.path)


def build(
    loaded: LoadedConfig,
    *,
    output: Path | None = None,
    strict: bool = False,
    force: bool = False,
    on_export: Callable[[str], None] | None = None,
    on_file: Callable[[str], None] | None = None,
    on_stage: Callable[[str], None] | None = None,
    memory: BuildMemory | None = None,
    templates_only: bool = False,
) -> BuildResult:
    """Run one full build; raise a FollowScopeError (and leave the previous site intact) on bad input.

    on_export / on_file / on_stage: progress callbacks (progress.BuildProgress). `memory` (watch): kept
    between builds; with templates_only=True (only templates, themes or guides changed) and an unchanged
    config, the last Report and every template-independent file are reused and only pages are rendered.
    """
    from followscope_site.site.writer import WriterMemory

    if memory is not None and memory.writer is None:
        memory.writer = WriterMemory()
    reuse = (memory is not None and templates_only and memory.report is not None
             and memory.config_key == _config_key(loaded))
    return _build(loaded, output=output, strict=strict, force=force, on_export=on_export, on_file=on_file,
                  on_stage=on_stage, memory=memory, reuse=reuse)


def _build(loaded: LoadedConfig, *, output: Path | None, strict: bool, force: bool,
           on_export: Callable[[str], None] | None, on_file: Callable[[str], None] | None,
           on_stage: Callable[[str], None] | None, memory: BuildMemory | None, reuse: bool) -> BuildResult:
    from followscope_site.site import render_site
    from followscope_site.site.writer import SiteWriter

    config = loaded.config
    # The cyclic collector is paused for the whole build: it would scan millions of long-lived entries
    # again and again (−13% CPU at 1M, docs/performance.md); nothing here builds reference cycles in bulk.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        if reuse and memory is not None and memory.report is not None:
            report, warnings = memory.report, memory.warnings  # only templates changed: same analysis
        else:
            if memory is not None:
                memory.forget()
            accounts = load_accounts(loaded, on_export)
            gc.freeze()  # the snapshots live until the end: out of the collector's way for good
            if on_stage is not None:
                on_stage("analysing")
            report = analyze(accounts, config.analysis, title=config.site.title, generated_at=build_time())
            warnings = [f"{s.source}: {w}" for a in report.accounts for s in a.snapshots for w in s.warnings]
            report.warnings.extend(warnings)
            if memory is not None:
                memory.report, memory.warnings, memory.config_key = report, warnings, _config_key(loaded)
        if strict and warnings:
            from followscope_site.errors import FollowScopeError

            raise FollowScopeError(loaded.display(loaded.path), f"{len(warnings)} warning(s) in strict mode",
                                   "fix them, or build without --strict")
        out_dir = loaded.output_dir(output)
        writer = SiteWriter(out_dir, loaded, force=force, memory=memory.writer if memory is not None else None)
        if on_stage is not None:
            on_stage("writing")
        big: list[str] = []
        stats = writer.write(_watched(render_site(report, loaded, on_stage=on_stage), on_file, big))
    finally:
        forking.wait_for_background()  # e.g. a snapshot cache entry still being written (cache.py)
        gc.unfreeze()
        if was_enabled:
            gc.enable()
    result = BuildResult(output=out_dir, report=report, files_written=stats.written,
                         files_unchanged=stats.unchanged, warnings=list(warnings))
    for path in big:
        result.warnings.append(f"{path}: GitHub rejects files over 100 MiB: gh-deploy and Pages hosting will "
                               "fail for this site")
    return result


def _watched(files: Iterable[OutputFile], on_file: Callable[[str], None] | None, big: list[str]
             ) -> Iterator[OutputFile]:
    """The render stream, telling the progress display about each file and noting files over 100 MiB."""
    for item in files:
        if item.size() > GITHUB_FILE_LIMIT:
            big.append(item.path)
        if on_file is not None:
            on_file(item.path)
        yield item
