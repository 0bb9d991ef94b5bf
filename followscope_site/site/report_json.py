"""report.json: the same facts the pages show, in the SPEC's shape, with a stable key order.

Every list of accounts in it (a category, a change's lists, an overlap's lists) is the list's rows
(listdata.encode_list). A list of more than `list_rows` rows is written as parts instead: its value becomes
`{"count": N, "parts": ["accounts/<dir>/<list>/<list>-1.json", …]}`, each part a JSON array of at most
list_rows rows, in the list's order. If report.json would still be over `report_bytes`, the largest lists
left in it move to parts too (one part each), largest first. docs/report.md describes the shape.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, is_dataclass
from datetime import UTC

import msgspec

from followscope_site import __version__
from followscope_site.analysis.report import AccountReport, Change, Overlap, Report
from followscope_site.site.listdata import ReportRow
from followscope_site.site.lists import (
    CHANGE_LISTS,
    OVERLAP_LISTS,
    SiteList,
    account_dirs,
    change_folder,
    overlap_folder,
)

SCHEMA = "followscope.report/1"


@dataclass(frozen=True, slots=True)
class DataLimits:
    """How big the data files of a site may get (tests pass small ones to see parts and chunks)."""

    list_rows: int = 50_000  # rows of a data file and of a report.json part; a longer list goes to parts
    report_bytes: int = 40 * 1024 * 1024  # report.json itself stays under this (GitHub refuses 100 MiB)
    compact_above: int = 10 * 1024 * 1024  # report.json larger than this is not indented


DEFAULT_LIMITS = DataLimits()
_ENCODER = msgspec.json.Encoder()


class ReportFiles:
    """report.json and its parts, fed the rows of each list as they are encoded (listdata.encode_list)."""

    def __init__(self, report: Report, limits: DataLimits = DEFAULT_LIMITS) -> None:
        self.report = report
        self.limits = limits
        self.inline: dict[str, bytes] = {}  # list folder -> its rows' JSON, for the lists kept in report.json
        self.parted: dict[str, dict[str, object]] = {}  # list folder -> {"count", "parts"}
        self.lists: dict[str, SiteList] = {}

    def add(self, lst: SiteList, number: int, rows: list[ReportRow]) -> Iterator[tuple[str, bytes]]:
        """Take the rows of piece `number` of a list; a long list's piece is a part, written at once."""
        if not lst.in_report:  # an engagement list: report.json has it as the analysis made it
            return
        body = _ENCODER.encode(rows)
        if len(lst) <= self.limits.list_rows:
            self.inline[lst.folder], self.lists[lst.folder] = body, lst
            return
        parted = self.parted.setdefault(lst.folder, {"count": len(lst), "parts": []})
        parted["parts"].append(_part_path(lst, number))  # type: ignore[attr-defined]
        yield _part_path(lst, number), body + b"\n"

    def finish(self) -> Iterator[tuple[str, bytes]]:
        """The parts of the lists report.json could not hold, then report.json itself."""
        while True:
            values = {folder: msgspec.Raw(body) for folder, body in self.inline.items()} | self.parted
            encoded = render_report_json(self.report, values)
            if len(encoded) <= self.limits.report_bytes or not self.inline:
                break
            folder = max(self.inline, key=lambda f: len(self.inline[f]))
            lst, body = self.lists[folder], self.inline.pop(folder)
            self.parted[folder] = {"count": len(lst), "parts": [_part_path(lst, 1)]}
            yield _part_path(lst, 1), body + b"\n"
        if len(encoded) <= self.limits.compact_above:
            encoded = msgspec.json.format(encoded, indent=1)  # json.dumps(indent=1)'s bytes
        yield "report.json", encoded + b"\n"


def _part_path(lst: SiteList, number: int) -> str:
    return f"{lst.folder}/{lst.key}-{number}.json"


def render_report_json(report: Report, values: dict[str, object]) -> bytes:
    """report.json without indentation: UTF-8, keys in the SPEC's order (insertion order), non-ASCII kept as
    is; `values` maps a list's folder to its value (its rows as msgspec.Raw, or its parts)."""
    dirs = account_dirs(report)
    return _ENCODER.encode({
        "schema": SCHEMA,
        "generator": {"name": "followscope", "version": __version__},
        "generated_at": report.generated_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "accounts": [account_dict(a, dirs[a.id], values) for a in report.accounts],
        "overlaps": [overlap_dict(o, overlap_folder(dirs, o), values) for o in report.overlaps],
    })


_EMPTY = msgspec.Raw(b"[]")


def account_dict(account: AccountReport, folder: str, values: dict[str, object]) -> dict[str, object]:
    """One account of report.json."""
    return {
        "id": account.id,
        "platform": account.platform,
        "handle": account.handle,
        "identifier": account.identifier,
        "snapshots": [
            {"taken_at": s.date, "source": s.source, "format": s.format, "partial": s.partial,
             "warnings": s.warnings, "date_source": s.date_source}
            for s in account.snapshots
        ],
        "counts": account.counts,
        "metrics": account.metrics,
        "categories": {key: values.get(f"{folder}/{key}", _EMPTY) for key in account.categories},
        "changes": [_change(c, change_folder(folder, c), values) for c in account.changes],
        "findings": [
            {"id": f.id, "severity": f.severity, "title": f.title, "guide": f.guide, "category": f.category,
             "numbers": f.numbers}
            for f in account.findings
        ],
        **_analysis_extra(account),
    }


def _change(change: Change, folder: str, values: dict[str, object]) -> dict[str, object]:
    """One change; a list that is not known (an export lacks it, or the history found it unreliable) is null."""
    return {
        "from": change.from_date,
        "to": change.to_date,
        **{key: None if getattr(change, key) is None else values.get(f"{folder}/{key}", _EMPTY)
           for key in CHANGE_LISTS},
        "notes": change.notes,
        "possible_renames": [{"old": old, "new": new} for old, new in change.possible_renames],
        "from_export": change.from_source,
        "to_export": change.to_source,
        "compared_from": {name: {"date": date, "export": source}
                          for name, (date, source) in change.compared_from.items()},
    }


def _analysis_extra(account: AccountReport) -> dict[str, object]:
    """Balance and engagement (analysis/balance.py, engagement.py), when the analysis produced them.

    The public privacy mode maps the handles in them to pseudonyms (privacy.py), like every other list.
    """
    out: dict[str, object] = {}
    balance = account.extra.get("balance")
    if is_dataclass(balance) and not isinstance(balance, type):
        out["balance"] = asdict(balance)
    history = account.extra.get("balance_history")
    if isinstance(history, list):
        out["balance_history"] = [{"date": b.date, "counts": b.counts, "metrics": b.metrics,
                                   "mutual_share": b.mutual_share} for b in history]
    engagement = account.extra.get("engagement")
    if is_dataclass(engagement) and not isinstance(engagement, type):
        out["engagement"] = asdict(engagement)
    return out


def overlap_dict(overlap: Overlap, folder: str, values: dict[str, object]) -> dict[str, object]:
    """One pair of accounts: every list is present, null when either export lacks it (never a false [])."""
    out: dict[str, object] = {"left": overlap.left, "right": overlap.right}
    for name in OVERLAP_LISTS:
        out[name] = None if getattr(overlap, name) is None else values.get(f"{folder}/{name}", _EMPTY)
    return out
