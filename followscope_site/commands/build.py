"""The build pipeline: config → importers → snapshots → analysis → site, written by one writer."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from followscope_site.analysis import AccountInput, analyze
from followscope_site.analysis.report import Report
from followscope_site.config.lists import handle_set
from followscope_site.config.schema import LoadedConfig
from followscope_site.model import normalize_handle
from followscope_site.sources import read_account_exports


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


def build(
    loaded: LoadedConfig,
    *,
    output: Path | None = None,
    strict: bool = False,
    force: bool = False,
    on_export: Callable[[str], None] | None = None,
) -> BuildResult:
    """Run one full build; raise a FollowScopeError (and leave the previous site intact) on bad input."""
    from followscope_site.site import render_site
    from followscope_site.site.writer import SiteWriter

    config = loaded.config
    accounts = load_accounts(loaded, on_export)
    report = analyze(accounts, config.analysis, title=config.site.title, generated_at=build_time())
    warnings = [f"{s.source}: {w}" for a in report.accounts for s in a.snapshots for w in s.warnings]
    report.warnings.extend(warnings)
    if strict and warnings:
        from followscope_site.errors import FollowScopeError

        raise FollowScopeError(loaded.display(loaded.path), f"{len(warnings)} warning(s) in strict mode",
                               "fix them, or build without --strict")
    out_dir = output if output is not None else loaded.resolve(config.site.output)
    writer = SiteWriter(out_dir, loaded, force=force)
    stats = writer.write(render_site(report, loaded))
    return BuildResult(output=out_dir, report=report, files_written=stats.written,
                       files_unchanged=stats.unchanged, warnings=warnings)
