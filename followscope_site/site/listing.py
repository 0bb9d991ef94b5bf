"""Big lists: category rows as pre-rendered HTML, search data chunks and CSV/JSON downloads.

One Jinja call per row costs 7–10 µs; f-strings with html.escape cost a fifth of that
(perf-security-browser.md §1.4), so rows are rendered here and handed to the template as one Markup.
"""

from __future__ import annotations

import json
import operator
import re
import secrets
from array import array
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from html import escape
from itertools import repeat

import msgspec
from markupsafe import Markup

from followscope_site.site.csv_guard import neutralise
from followscope_site.site.links import SAFE_HANDLE
from followscope_site.site.report_json import _CLOCK as _ISO_CLOCK
from followscope_site.site.report_json import _DAYS as _ISO_DAYS
from followscope_site.site.report_json import _fill_clock, iso_time, json_lines, row_dict
from followscope_site.site.tables import PLAIN_TEXT, PlainRows, Row, RowSlice

# Search data: columns per chunk file, small enough that no file comes near 2 MB.
CHUNK_ROWS = 20_000
_DAY = 86_400
_MARKUP_CHAR = re.compile(r"[&<>\"']").search


class DayFormatter:
    """ISO dates for epoch seconds, memoised by day (a million rows share a few thousand days)."""

    def __init__(self) -> None:
        self._days: dict[int, str] = {}
        self.cells: dict[int, str] = {}  # day -> the whole <td> of that date, for rows_html

    def cell(self, timestamp: int) -> str:
        text = self(timestamp)
        html = self.cells[timestamp // _DAY] = f"<td><time datetime=\"{text}\">{text}</time></td>"
        return html

    def __call__(self, timestamp: int | None) -> str:
        if timestamp is None:
            return ""
        day = timestamp // _DAY
        text = self._days.get(day)
        if text is None:
            text = self._days[day] = datetime.fromtimestamp(day * _DAY, tz=UTC).date().isoformat()
        return text


class PageRows(Markup):
    """The rows of one page for a template: Jinja writes a short marker, and render.render_page puts the
    rows' HTML in its place. Markup(html) would be copied by the constructor, by Jinja's escape() and by
    the join of the page, 250 KB three times over for each of a thousand pages.

    The marker holds a random token of this process, so no export text can forge one.
    """

    MARKER = f"<!--followscope-rows-{secrets.token_hex(8)}-->"
    html: str

    def __new__(cls, html: str) -> PageRows:
        made = super().__new__(cls, cls.MARKER)
        made.html = html
        return made


def rows_html(rows: list[Row], relation: bool, day: DayFormatter) -> PageRows:
    """The <tr> elements of one page; every piece of export or config text goes through html.escape.

    Handles of only [A-Za-z0-9._-] (nearly all) and the URLs built from them need no escaping.
    A page of kept rows (tables.RowSlice, watch) is rendered once; a template edit reuses it.
    """
    if isinstance(rows, RowSlice):
        place = (*rows.place, relation)
        found = rows.html.get(place)
        if found is None:
            found = rows.html[place] = _rows_html(rows, relation, day)
        return PageRows(found)
    return PageRows(_rows_html(rows, relation, day))


def _rows_html(rows: list[Row] | PlainRows, relation: bool, day: DayFormatter) -> str:
    if isinstance(rows, PlainRows):
        return _plain_rows_html(rows, relation, day)
    out: list[str] = []
    append = out.append
    days = day.cells
    none = _NO_DATE
    for row in rows:
        handle = row.handle if row.plain or SAFE_HANDLE(row.handle) else escape(row.handle)
        url = row.url
        if url is not None:
            if not row.plain and _MARKUP_CHAR(url):  # profile_url percent-encodes: defence in depth
                url = escape(url)
            cell = f"<a href=\"{url}\" rel=\"noopener noreferrer\">{handle}</a>"
        else:
            cell = handle
        if row.allowlisted:
            cell += " <span class=\"flag\">expected one-way</span>"
        if row.deactivated:
            cell += " <span class=\"flag\">deleted</span>"
        name = escape(row.name) if row.name else ""
        if relation:
            t = row.followed_at
            dates = none if t is None else (days.get(t // _DAY) or day.cell(t))
            t = row.follows_you_since
            dates += none if t is None else (days.get(t // _DAY) or day.cell(t))
        else:
            t = row.at
            dates = none if t is None else (days.get(t // _DAY) or day.cell(t))
        tags = "".join(f"<span class=\"tag\">{escape(t)}</span>" for t in row.tags) if row.tags else ""
        note = escape(row.note) if row.note else ""
        append(f"<tr><th scope=\"row\" class=\"handle\">{cell}</th><td>{name}</td>{dates}"
               f"<td>{tags}</td><td>{note}</td></tr>\n")
    return "".join(out)


def _plain_rows_html(rows: PlainRows, relation: bool, day: DayFormatter) -> str:
    """_rows_html of plain rows: the same bytes, from the columns (date cells looked up a column at a time)."""
    prefix = rows.prefix
    if relation:
        first, second = _date_cells(rows.followed, day), _date_cells(rows.follows, day)
        dates = map(str.__add__, first, second)
    else:
        dates = iter(_date_cells(rows.at, day))
    return "".join([f"<tr><th scope=\"row\" class=\"handle\"><a href=\"{prefix}{handle}\" rel=\"noopener "
                    f"noreferrer\">{handle}</a></th><td></td>{cells}<td></td><td></td></tr>\n"
                    for handle, cells in zip(rows.handles, dates, strict=True)])


# An entity, not the character: pages of only ASCII are half the memory of a page holding one en dash (a
# str is 2 bytes per character as soon as one needs it), and are encoded by a copy (1M rows: ~0.4 s saved).
_NO_DATE = "<td class=\"none\">&ndash;</td>"


def _date_cells(timestamps: Sequence[int | None], day: DayFormatter) -> list[str]:
    """The <td> of each timestamp's date (DayFormatter.cell), or the "none" cell."""
    missing = timestamps.count(None)
    if missing == len(timestamps):
        return [_NO_DATE] * missing
    if missing:
        return [_NO_DATE if t is None else day.cells.get(t // _DAY) or day.cell(t) for t in timestamps]
    cells = list(map(day.cells.get, map(operator.floordiv, timestamps, repeat(_DAY))))
    if None in cells:
        cells = [c or day.cell(t) for c, t in zip(cells, timestamps, strict=True)]
    return cells


def _plain_chunk(part: PlainRows, start: int, relation: bool, url_prefix: str | None) -> dict[str, object]:
    """search_chunks' data of plain rows: the same columns, from the columns."""
    count = len(part)
    if url_prefix is None:
        urls = {str(i): part.prefix + h for i, h in enumerate(part.handles)}
    elif url_prefix == part.prefix:
        urls = {}
    else:
        urls = {str(i): part.prefix + h for i, h in enumerate(part.handles) if part.prefix + h != url_prefix + h}
    return {
        "start": start,
        "h": part.handles,
        "n": [""] * count,
        "f": _day_numbers(part.followed if relation else part.at),
        "s": _day_numbers(part.follows) if relation else [],
        "t": [""] * count,
        "x": [0] * count,
        "u": urls,
        "o": {},
    }


def _day_numbers(timestamps: Sequence[int | None]) -> list[int]:
    """Each time's day number, -1 for none: C-level for a column with every time or with none."""
    if isinstance(timestamps, array):
        return list(map(operator.floordiv, timestamps, repeat(_DAY)))
    if timestamps.count(None) == len(timestamps):
        return [-1] * len(timestamps)
    return [-1 if t is None else t // _DAY for t in timestamps]


def chunk_count(rows: int) -> int:
    """How many search data files a category of `rows` rows has."""
    return (rows + CHUNK_ROWS - 1) // CHUNK_ROWS


def search_chunks(rows: list[Row] | PlainRows, relation: bool, url_prefix: str | None) -> Iterator[bytes]:
    """Classic scripts that push columnar data to window.FOLLOWSCOPE_DATA (file:// forbids fetch()).

    Handles stay in category order (sorted); a row's URL is sent only when it is not url_prefix + handle.
    """
    for start in range(0, len(rows), CHUNK_ROWS):
        part = rows[start:start + CHUNK_ROWS]
        if isinstance(part, PlainRows):
            yield _chunk_script(_plain_chunk(part, start, relation, url_prefix))
            continue
        if url_prefix is not None:
            urls = {str(i): r.url for i, r in enumerate(part) if r.url != url_prefix + r.handle}
        else:
            urls = {str(i): r.url for i, r in enumerate(part) if r.url is not None}
        data = {
            "start": start,
            "h": [r.handle for r in part],
            "n": [r.name or "" for r in part],
            "f": [-1 if t is None else t // _DAY for t in (r.followed_at if relation else r.at for r in part)],
            "s": [-1 if r.follows_you_since is None else r.follows_you_since // _DAY for r in part]
            if relation else [],
            "t": ["\n".join(r.tags) if r.tags else "" for r in part],
            "x": [(1 if r.allowlisted else 0) | (2 if r.deactivated else 0) for r in part],
            "u": urls,
            "o": {str(i): r.note for i, r in enumerate(part) if r.note},
        }
        yield _chunk_script(data)


def _chunk_script(data: dict[str, object]) -> bytes:
    # The file must be pure ASCII whatever the export held (no U+2028 surprises): msgspec's compact
    # output equals json.dumps(ensure_ascii=True) when nothing needed escaping (ASCII, no backslash);
    # otherwise json.dumps does the escaping.
    body = msgspec.json.encode(data)
    if not body.isascii() or b"\\" in body:
        body = json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    return b"(window.FOLLOWSCOPE_DATA=window.FOLLOWSCOPE_DATA||[]).push(" + body + b");\n"


def _csv_cell(value: object) -> str:
    """A CSV cell that a spreadsheet won't run as a formula, whatever it splits on (site/csv_guard.py)."""
    if value is None:
        return ""
    return neutralise("; ".join(value) if isinstance(value, list) else str(value))


CSV_COLUMNS = ("handle", "name", "url", "followed_at", "follows_you_since", "at", "tags", "note")


_CSV_SPECIAL = re.compile(r"[,\"\r\n]").search


def _csv_field(text: str) -> str:
    """csv.writer's QUOTE_MINIMAL for one field: quoted when it holds a comma, a quote or a line break."""
    return '"' + text.replace('"', '""') + '"' if _CSV_SPECIAL(text) else text


def csv_bytes(rows: list[Row]) -> bytes:
    """A CSV download with the same rows as report.json's `categories` (UTF-8 with BOM for spreadsheets).

    Every column is always there (empty when it doesn't apply), so one spreadsheet layout fits all lists.
    Rows are f-strings (a million rows through csv.writer cost 3×): a handle of [A-Za-z0-9._] needs neither
    quoting nor the formula guard (nor does a URL of [A-Za-z0-9._:/-]); anything else goes through _csv_cell
    and _csv_field.
    """
    return _csv_file([",".join(CSV_COLUMNS), *map(_csv_row, rows)])


def _csv_row(r: Row) -> str:
    """One row of csv_bytes."""
    handle = r.handle
    if not (SAFE_HANDLE(handle) and handle[0] != "-"):
        handle = _csv_field(_csv_cell(handle))
    url = r.url or ""
    if url and not (PLAIN_TEXT(url) and url.startswith("http")):  # guarded like any text (`…/a;=HYPERLINK(…)`)
        url = _csv_field(_csv_cell(url))
    if r.relation:
        t, u = r.followed_at, r.follows_you_since
        times = f"{'' if t is None else iso_time(t)},{'' if u is None else iso_time(u)},"
    else:
        t = r.at
        times = f",,{'' if t is None else iso_time(t)}"
    if r.name is None and r.tags is None and r.note is None:
        return f"{handle},,{url},{times},,"
    return (f"{handle},{_csv_field(_csv_cell(r.name))},{url},{times},{_csv_field(_csv_cell(r.tags))},"
            f"{_csv_field(_csv_cell(r.note))}")


def download_part(rows: list[Row] | PlainRows, json: bool = True, csv: bool = True) -> tuple[bytes, bytes]:
    """(JSON, CSV) downloads of one part in one pass: each row's ISO times are made once.

    Byte for byte report_json.rows_json(rows) + b"\\n" and csv_bytes(rows) (tests/site/test_site_scale.py);
    without its last byte, the JSON is what report.json embeds (render.download_files). The common row
    (no name, tags or note, plain handle and URL) is two f-strings, anything else goes through the general
    encoders. json=False or csv=False: that one is not made and is b"" (the data worker and the parent
    share a part's two files).
    """
    if isinstance(rows, PlainRows):
        return _plain_download_part(rows, json, csv)
    js: list[str] = []
    cs: list[str] = [",".join(CSV_COLUMNS)]
    add_js, add_cs = js.append, cs.append
    iso = iso_time
    for r in rows:
        handle, url = r.handle, r.url
        if (r.name is not None or r.tags is not None or r.note is not None or not handle or handle[0] == "-"
                or not (r.plain or (PLAIN_TEXT(handle) and (url is None or PLAIN_TEXT(url))))):
            if json:
                add_js(msgspec.json.encode(row_dict(r)).decode("utf-8"))
            if csv:
                add_cs(_csv_row(r))
            continue
        url_js = "null" if url is None else f'"{url}"'
        if r.relation:
            t, u = r.followed_at, r.follows_you_since
            a = "" if t is None else iso(t)
            b = "" if u is None else iso(u)
            if json:
                add_js(f'{{"handle":"{handle}","url":{url_js},'
                       f'"followed_at":{f"{chr(34)}{a}{chr(34)}" if a else "null"},'
                       f'"follows_you_since":{f"{chr(34)}{b}{chr(34)}" if b else "null"}}}')
            if csv:
                add_cs(f"{handle},,{url or ''},{a},{b},,,")
        else:
            t = r.at
            a = "" if t is None else iso(t)
            if json:
                add_js(f'{{"handle":"{handle}","url":{url_js},"at":{f"{chr(34)}{a}{chr(34)}" if a else "null"}}}')
            if csv:
                add_cs(f"{handle},,{url or ''},,,{a},,")
    return json_lines(js, "\n") if json else b"", _csv_file(cs) if csv else b""


def _csv_file(lines: list[str]) -> bytes:
    """The CSV download from its lines (header first): BOM, CRLF after every line. Consumes `lines`."""
    lines[0] = "\ufeff" + lines[0]
    lines.append("")
    return "\r\n".join(lines).encode("utf-8")


def _plain_download_part(rows: PlainRows, json: bool, csv: bool) -> tuple[bytes, bytes]:
    """download_part of plain rows (all relations): the same bytes, from the columns.

    A time is its day's date and its time of day, two cached strings put side by side in the row's
    f-string: no ISO string is made per row. A column with some times missing takes the Row path.
    """
    first, second = _time_column(rows.followed), _time_column(rows.follows)
    if first is None or second is None:
        return download_part(list(rows), json, csv)
    q1, j1, d1, c1 = first
    q2, j2, d2, c2 = second
    prefix, handles = rows.prefix, rows.handles
    json_file = csv_file = b""
    if json:
        js = [f'{{"handle":"{h}","url":"{prefix}{h}","followed_at":{q1}{a}{b}{q1},'
              f'"follows_you_since":{q2}{c}{d}{q2}}}'
              for h, a, b, c, d in zip(handles, j1, c1, j2, c2)]  # noqa: B905  # repeat() columns are endless
        json_file = json_lines(js, "\n")
        del js
    if csv:
        cs = [",".join(CSV_COLUMNS)]
        cs += [f"{h},,{prefix}{h},{a}{b},{c}{d},,," for h, a, b, c, d in zip(handles, d1, c1, d2, c2)]  # noqa: B905
        csv_file = _csv_file(cs)
    return json_file, csv_file


def _time_column(timestamps: Sequence[int | None]):  # type: ignore[no-untyped-def]
    """(JSON quote, JSON date column, CSV date column, time-of-day column) of one time column, or None when
    only some times are missing. All missing: null in JSON, empty in CSV."""
    missing = 0 if isinstance(timestamps, array) else timestamps.count(None)
    if missing == len(timestamps):
        return "", repeat("null"), repeat(""), repeat("")
    if missing:
        return None
    days, clock = _ISO_DAYS, _ISO_CLOCK or _fill_clock()
    numbers = _day_numbers(timestamps)
    for day in set(numbers).difference(days):  # a few thousand distinct days: then C-level lookups only
        iso_time(day * _DAY)
    dates = list(map(days.__getitem__, numbers))
    times = list(map(clock.__getitem__, map(operator.mod, timestamps, repeat(_DAY))))
    return '"', dates, dates, times
