"""Big lists: category rows as pre-rendered HTML, search data chunks and CSV/JSON downloads.

One Jinja call per row costs 7–10 µs; f-strings with html.escape cost a fifth of that
(perf-security-browser.md §1.4), so rows are rendered here and handed to the template as one Markup.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from html import escape

from markupsafe import Markup

from followscope_site.site.report_json import row_dict
from followscope_site.site.tables import Row

# Search data: columns per chunk file, small enough that no file comes near 2 MB.
CHUNK_ROWS = 20_000
_DAY = 86_400


class DayFormatter:
    """ISO dates for epoch seconds, memoised by day (a million rows share a few thousand days)."""

    def __init__(self) -> None:
        self._days: dict[int, str] = {}

    def __call__(self, timestamp: int | None) -> str:
        if timestamp is None:
            return ""
        day = timestamp // _DAY
        text = self._days.get(day)
        if text is None:
            text = self._days[day] = datetime.fromtimestamp(day * _DAY, tz=UTC).date().isoformat()
        return text


def _cell_date(text: str) -> str:
    return f"<td><time datetime=\"{text}\">{text}</time></td>" if text else "<td class=\"none\">–</td>"


def rows_html(rows: list[Row], relation: bool, day: DayFormatter) -> Markup:
    """The <tr> elements of one page; every piece of export or config text goes through html.escape."""
    out: list[str] = []
    append = out.append
    for row in rows:
        handle = escape(row.handle)
        cell = handle
        if row.url is not None:
            cell = f"<a href=\"{escape(row.url)}\" rel=\"noopener noreferrer\">{handle}</a>"
        flags = ""
        if row.allowlisted:
            flags += " <span class=\"flag\">expected one-way</span>"
        if row.deactivated:
            flags += " <span class=\"flag\">deleted</span>"
        name = escape(row.name) if row.name else ""
        if relation:
            dates = _cell_date(day(row.followed_at)) + _cell_date(day(row.follows_you_since))
        else:
            dates = _cell_date(day(row.at))
        tags = "".join(f"<span class=\"tag\">{escape(t)}</span>" for t in row.tags) if row.tags else ""
        note = escape(row.note) if row.note else ""
        append(f"<tr><th scope=\"row\" class=\"handle\">{cell}{flags}</th><td>{name}</td>{dates}"
               f"<td>{tags}</td><td>{note}</td></tr>\n")
    return Markup("".join(out))


def _days(timestamp: int | None) -> int:
    return -1 if timestamp is None else timestamp // _DAY


def search_chunks(rows: list[Row], relation: bool, url_prefix: str | None) -> Iterator[bytes]:
    """Classic scripts that push columnar data to window.FOLLOWSCOPE_DATA (file:// forbids fetch()).

    Handles stay in category order (sorted); a row's URL is sent only when it is not url_prefix + handle.
    """
    for start in range(0, len(rows), CHUNK_ROWS):
        part = rows[start:start + CHUNK_ROWS]
        urls: dict[str, str | None] = {}
        for i, row in enumerate(part):
            expected = url_prefix + row.handle if url_prefix is not None else None
            if row.url != expected:
                urls[str(i)] = row.url
        data = {
            "start": start,
            "h": [r.handle for r in part],
            "n": [r.name or "" for r in part],
            "f": [_days(r.followed_at if relation else r.at) for r in part],
            "s": [_days(r.follows_you_since) for r in part] if relation else [],
            "t": ["\n".join(r.tags) if r.tags else "" for r in part],
            "x": [(1 if r.allowlisted else 0) | (2 if r.deactivated else 0) for r in part],
            "u": urls,
            "o": {str(i): r.note for i, r in enumerate(part) if r.note},
        }
        # ensure_ascii: the file is pure ASCII whatever the export held (no U+2028 surprises).
        body = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
        yield (f"(window.FOLLOWSCOPE_DATA=window.FOLLOWSCOPE_DATA||[]).push({body});\n").encode("ascii")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: object) -> str:
    """A CSV cell that a spreadsheet won't run as a formula (OWASP "CSV injection")."""
    if value is None:
        return ""
    text = "; ".join(value) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


CSV_COLUMNS = ("handle", "name", "url", "followed_at", "follows_you_since", "at", "tags", "note")


def csv_bytes(rows: list[Row]) -> bytes:
    """A CSV download with the same rows as report.json's `categories` (UTF-8 with BOM for spreadsheets).

    Every column is always there (empty when it doesn't apply), so one spreadsheet layout fits all lists.
    """
    columns = CSV_COLUMNS
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        data = row_dict(row)
        writer.writerow([_csv_cell(data.get(c)) for c in columns])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def json_bytes(rows: list[Row]) -> bytes:
    """A JSON download: the category's rows exactly as report.json has them."""
    return json.dumps([row_dict(r) for r in rows], ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
