"""report.json: the same facts the pages show, in the SPEC's shape, with a stable key order."""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from datetime import UTC, datetime

import msgspec

from followscope_site import __version__
from followscope_site.analysis.report import AccountReport, Change, LostAccount, Overlap, Report
from followscope_site.site import tables as tables_module
from followscope_site.site.tables import PLAIN_TEXT, CategoryTables, Row

SCHEMA = "followscope.report/1"


_DAYS: dict[int, str] = {}  # day number -> "YYYY-MM-DD"; a million rows share a few thousand days
_CLOCK: list[str] = []  # second of the day -> "THH:MM:SSZ", filled on first use (86,400 short strings)


def iso_time(timestamp: int | None) -> str | None:
    """`2025-11-02T01:55:00Z`: a day table and a time-of-day table, since strftime per row dominates 1M rows."""
    if timestamp is None:
        return None
    day, seconds = divmod(timestamp, 86_400)
    date = _DAYS.get(day)
    if date is None:
        date = _DAYS[day] = datetime.fromtimestamp(day * 86_400, tz=UTC).strftime("%Y-%m-%d")
    clock = _CLOCK or _fill_clock()
    return date + clock[seconds]


def _fill_clock() -> list[str]:
    _CLOCK.extend(f"T{h:02d}:{m:02d}:{s:02d}Z" for h in range(24) for m in range(60) for s in range(60))
    return _CLOCK


def row_dict(row: Row) -> dict[str, object]:
    """One category row as report.json and the JSON downloads show it."""
    out: dict[str, object] = {"handle": row.handle}
    if row.name:
        out["name"] = row.name
    out["url"] = row.url
    if row.relation:
        out["followed_at"] = iso_time(row.followed_at)
        out["follows_you_since"] = iso_time(row.follows_you_since)
    else:
        out["at"] = iso_time(row.at)
    if row.tags:
        out["tags"] = row.tags
    if row.note:
        out["note"] = row.note
    return out




def rows_json(rows: list[Row]) -> bytes:
    """JSON array of row_dict(row) for each row, one row per line (json_lines), each row as msgspec encodes it.

    The common row (no name, tags or note; handle and URL of plain characters) is an f-string: a million
    row_dicts cost ~4 s; anything else is encoded by msgspec.
    """
    out: list[str] = []
    append = out.append
    iso = iso_time
    plain = PLAIN_TEXT  # needs no JSON escaping
    encode = msgspec.json.encode
    for r in rows:
        url = r.url
        if r.name or r.tags or r.note or not plain(r.handle) or (url is not None and not plain(url)):
            append(encode(row_dict(r)).decode("utf-8"))
            continue
        url_json = "null" if url is None else f'"{url}"'
        if r.relation:
            t, u = r.followed_at, r.follows_you_since
            append(f'{{"handle":"{r.handle}","url":{url_json},"followed_at":'
                   f'{"null" if t is None else chr(34) + iso(t) + chr(34)},"follows_you_since":'
                   f'{"null" if u is None else chr(34) + iso(u) + chr(34)}}}')
        else:
            t = r.at
            append(f'{{"handle":"{r.handle}","url":{url_json},"at":'
                   f'{"null" if t is None else chr(34) + iso(t) + chr(34)}}}')
    return json_lines(out)


def json_lines(items: list[str], end: str = "") -> bytes:
    """`[`, the items one per line, `]` (then `end`); `[]` when empty. Consumes `items`.

    The layout of every category array (downloads, large report.json): a reader can page through it line by
    line, and the bytes are made once (the brackets ride on the first and last item: no 35 MB copy each).
    """
    if not items:
        return ("[]" + end).encode("utf-8")
    items[0] = "[\n" + items[0]
    items[-1] += "\n]" + end
    return ",\n".join(items).encode("utf-8")


def array_items(array: bytes | memoryview) -> memoryview:
    """The items of a json_lines array without its brackets (empty for `[]`), not copied."""
    view = memoryview(array)
    return view[2:-2] if len(view) > 2 else view[0:0]


def joined_arrays(arrays: list[bytes | memoryview]) -> list[bytes | memoryview]:
    """Pieces that b"".join makes into one json_lines array of all the arrays' items."""
    items = [array_items(a) for a in arrays]
    items = [i for i in items if len(i)]
    if not items:
        return [b"[]"]
    pieces: list[bytes | memoryview] = [b"[\n"]
    for part in items:
        pieces += (part, b",\n")
    pieces[-1] = b"\n]"
    return pieces


def category_json_parts(account: AccountReport, key: str, tables: CategoryTables) -> list[bytes | memoryview]:
    """The category's rows as json_lines arrays, one per download part, encoded once and shared."""
    found = tables.encoded.get((account.id, key))
    if found is None:
        rows = tables.rows(account, key)
        size = tables_module.DOWNLOAD_PART_ROWS
        found = [rows_json(rows[i:i + size]) for i in range(0, max(len(rows), 1), size)]
        tables.encoded[(account.id, key)] = found
    return found


def _lost(item: LostAccount) -> dict[str, object]:
    row: dict[str, object] = {"handle": item.handle, "reason": item.reason, "certainty": item.certainty}
    if item.detail:
        row["detail"] = item.detail
    return row


def _handles(handles: list[str] | None) -> list[dict[str, object]] | None:
    return None if handles is None else [{"handle": h} for h in handles]


def _losses(items: list[LostAccount] | None) -> list[dict[str, object]] | None:
    return None if items is None else [_lost(x) for x in items]


def _change(change: Change) -> dict[str, object]:
    """One change; a list that is not known (an export lacks it, or the history found it unreliable) is null."""
    return {
        "from": change.from_date,
        "to": change.to_date,
        "gained_followers": _handles(change.gained_followers),
        "lost_followers": _losses(change.lost_followers),
        "new_following": _handles(change.new_following),
        "dropped_following": _losses(change.dropped_following),
        "became_mutual": _handles(change.became_mutual),
        "became_one_sided": _handles(change.became_one_sided),
        "notes": change.notes,
        "possible_renames": [{"old": old, "new": new} for old, new in change.possible_renames],
        "from_export": change.from_source,
        "to_export": change.to_source,
        "compared_from": {name: {"date": date, "export": source}
                          for name, (date, source) in change.compared_from.items()},
    }


def account_dict(account: AccountReport, tables: CategoryTables, arrays: list[list[bytes | memoryview]]
                 ) -> dict[str, object]:
    """One account of report.json; each category is a placeholder for arrays[N] (render_report_json)."""
    categories = {}
    for key in account.categories:
        arrays.append(category_json_parts(account, key, tables))
        categories[key] = msgspec.Raw(b"\x01%d\x01" % (len(arrays) - 1))
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
        "categories": categories,
        "changes": [_change(c) for c in account.changes],
        "findings": [
            {"id": f.id, "severity": f.severity, "title": f.title, "guide": f.guide, "category": f.category,
             "numbers": f.numbers}
            for f in account.findings
        ],
        **_analysis_extra(account),
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


def report_dict(report: Report, tables: CategoryTables, arrays: list[list[bytes | memoryview]]
                ) -> dict[str, object]:
    """report.json as a dict; each category is msgspec.Raw(b"\\x01N\\x01") and arrays[N] its JSON parts
    (render_report_json puts them in place)."""
    return {
        "schema": SCHEMA,
        "generator": {"name": "followscope", "version": __version__},
        "generated_at": report.generated_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "accounts": [account_dict(a, tables, arrays) for a in report.accounts],
        "overlaps": [overlap_dict(o) for o in report.overlaps],
    }


OVERLAP_LISTS = ("followers_both", "followers_only_left", "followers_only_right", "following_both",
                 "following_only_left", "following_only_right")


def overlap_dict(overlap: Overlap) -> dict[str, object]:
    """One pair of accounts: every list is present, null when either export lacks it (never a false [])."""
    out: dict[str, object] = {"left": overlap.left, "right": overlap.right}
    for name in OVERLAP_LISTS:
        value = getattr(overlap, name)
        out[name] = None if value is None else [{"handle": h} for h in value]
    return out


# Above this size report.json is written without indentation: at 1M followers the indented file is 179 MiB,
# and indentation is most of what pushes it past GitHub's 100 MiB limit.
COMPACT_ABOVE = 10 * 1024 * 1024


def render_report_json(report: Report, tables: CategoryTables | None = None) -> bytes:
    """UTF-8 JSON, keys in the SPEC's order (insertion order), non-ASCII kept as is.

    msgspec's encoder and formatter give the same bytes as json.dumps(indent=1, ensure_ascii=False),
    ~20× faster on a million rows (json's indenting encoder is pure Python).
    """
    tables = tables or CategoryTables()
    arrays: list[list[bytes | memoryview]] = []
    encoded = msgspec.json.encode(report_dict(report, tables, arrays))
    # Each category is a placeholder \x01N\x01 (a control character msgspec always escapes inside strings,
    # so it cannot come from the data); the rows' JSON parts go in with one join, copied once (137 MiB at 1M).
    pieces: list[bytes | memoryview] = []
    for i, text in enumerate(encoded.split(b"\x01")):
        if i % 2 == 0:
            pieces.append(text)
            continue
        pieces += joined_arrays(arrays[int(text)])
    if sum(map(len, pieces)) > COMPACT_ABOVE:
        pieces.append(b"\n")
        return b"".join(pieces)  # same JSON value and key order, a quarter smaller (docs/performance.md)
    return msgspec.json.format(b"".join(pieces), indent=1) + b"\n"
