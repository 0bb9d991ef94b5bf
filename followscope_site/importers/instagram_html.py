"""Instagram's HTML export: the same lists as the JSON export, as pages of links (formats.md §1.6).

The page is read with the standard library's tokenizer, never a browser: a `<script>` is text we skip and an
`<img>` is a tag we ignore, so nothing in the export runs or is fetched. The HTML is real UTF-8 (no mojibake
to undo, formats.md §0.2), and titles and headings are localised, so a list is known by its file name alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from followscope_site.errors import InputError
from followscope_site.importers.archive import ExportFiles
from followscope_site.importers.meta import HANDLE_RE, handle_from_href
from followscope_site.model import Snapshot, normalize_handle

if TYPE_CHECKING:  # instagram.py imports this module lazily, so the import back is for type checkers only
    from followscope_site.importers.instagram import ListReader

# Month names as Meta abbreviates them in English, Spanish, German, French, Portuguese, Italian and Indonesian
# (`Mei 08, 2025 1:07 am`, formats.md §1.6), plus the full forms; matched without case and without a final '.'.
_MONTH_NAMES = {
    1: "jan january ene enero januar janv janvier janeiro gen gennaio januari",
    2: "feb february febrero februar fev fév févr février fevereiro febbraio februari",
    3: "mar march marzo mär märz mrz mars março marco maret",
    4: "apr april abr abril avr avril aprile",
    5: "may mayo mai maio mag maggio mei",
    6: "jun june junio juni juin giu giugno junho",
    7: "jul july julio juli juil juillet lug luglio julho",
    8: "aug august ago agosto août aout agu agt ags agustus",
    9: "sep sept september septiembre set septembre setembro settembre",
    10: "oct october octubre okt oktober octobre out outubro ott ottobre",
    11: "nov november noviembre novembre novembro nop",
    12: "dec december dic diciembre dez dezember déc decembre décembre dezembro dicembre des desember",
}
MONTHS = {name: number for number, names in _MONTH_NAMES.items() for name in names.split()}

# `Nov 02, 2025 1:55 am`: an unpadded 12-hour clock with lowercase am/pm as Meta writes it; a 24-hour clock
# is accepted too. `09:05 AM` is not Meta's form and gives no date rather than a guessed one.
_DATE = re.compile(
    r"(?P<mon>[^\W\d_]{3,10})\.? (?P<day>\d{1,2}),? (?P<year>\d{4}),? "
    r"(?:(?P<h12>1[0-2]|[1-9]):(?P<m12>[0-5]\d) ?(?P<ap>am|pm|a\. ?m\.|p\. ?m\.)"
    r"|(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d))"
)


def parse_meta_date(text: str) -> int | None:
    """Seconds since the epoch of an HTML export date, read as UTC; None when it is not a real date."""
    text = " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())
    match = _DATE.fullmatch(text)
    if match is None:
        return None
    month = MONTHS.get(match.group("mon").lower())
    if month is None:
        return None
    if match.group("h12"):
        hour = int(match.group("h12")) % 12  # 12:00 am is midnight, 12:00 pm is noon
        if match.group("ap").startswith("p"):
            hour += 12
        minute = int(match.group("m12"))
    else:
        hour, minute = int(match.group("h24")), int(match.group("m24"))
    try:
        found = datetime(int(match.group("year")), month, int(match.group("day")), hour, minute, tzinfo=UTC)
    except ValueError:
        return None  # Feb 30 and the like
    return int(found.timestamp())


class _Page(HTMLParser):
    """Turns a page into a flat stream of ("h2", text), ("a", href, text) and ("text", text) tokens."""

    _BLOCKS = frozenset({"div", "li", "p", "td", "tr", "br", "main", "section", "table", "ul", "h1", "h3", "header"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple[str, ...]] = []
        self._skip = 0  # inside <script> or <style>
        self._anchor: tuple[str, list[str]] | None = None
        self._h2: list[str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "a":
            self._flush()
            self._anchor = (dict(attrs).get("href") or "", [])
        elif tag == "h2":
            self._flush()
            self._h2 = []
        elif tag in self._BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag == "a" and self._anchor is not None:
            href, text = self._anchor
            self.tokens.append(("a", href, " ".join("".join(text).split())))
            self._anchor = None
        elif tag == "h2" and self._h2 is not None:
            self.tokens.append(("h2", " ".join("".join(self._h2).split())))
            self._h2 = None
        elif tag in self._BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._anchor is not None:
            self._anchor[1].append(data)
        elif self._h2 is not None:
            self._h2.append(data)
        else:
            self._text.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._text).split())
        if text:
            self.tokens.append(("text", text))
        self._text = []

    def close(self) -> None:
        super().close()
        self._flush()


# html.parser rescans the rest of the page for the end of every construct it cannot close (CPython
# gh-135462, fixed in 3.13.4/3.12.11/3.11.13 and later): 200 KB of `<!--x` took 30 s, 4 MB would take hours.
# A construct whose end appears nowhere after it runs to the end of the page, as a browser reads it, so the
# page is cut there before parsing; Meta's pages end with `</html>` and lose nothing.
_CONSTRUCTS = tuple((re.compile(opener, re.I), re.compile(closer, re.I)) for opener, closer in (
    ("<", ">"), ("<!--", "-->"), ("<!\\[", "\\]\\]>"), ("<script", "</script"), ("<style", "</style")))


def without_unterminated(text: str) -> str:
    """The page up to the first construct that is never closed (linear time)."""
    for opener, closer in _CONSTRUCTS:
        last = None
        for last in closer.finditer(text):  # noqa: B007  # the last match is wanted
            pass
        found = opener.search(text, last.end() if last else 0)
        if found:
            text = text[:found.start()]
    return text


@dataclass
class HtmlEntry:
    raw_handle: str
    timestamp: int | None = None
    dated: bool = False  # the text after the link was looked at (only that one can be its date)


def _is_handle(text: str) -> bool:
    handle = normalize_handle(text)
    return bool(HANDLE_RE.fullmatch(handle)) or (handle.startswith("__deleted__") and len(handle) <= 64)


def page_entries(text: str, hosts: tuple[str, ...]) -> list[HtmlEntry]:
    """The accounts of one page in page order: one per profile link; other links are chrome and skipped.

    Username: the `<h2>` before the link (2025– following), else the link text, else the href's last segment
    (the link text is the full URL in that newer shape). Date: the text right after the link.
    """
    page = _Page()
    page.feed(without_unterminated(text))
    page.close()
    entries: list[HtmlEntry] = []
    heading: str | None = None
    current: HtmlEntry | None = None
    for token in page.tokens:
        if token[0] == "h2":
            heading, current = token[1], None
        elif token[0] == "a":
            from_href = handle_from_href(token[1], hosts)
            if from_href is None:
                continue  # /accounts/, /explore/, /p/, help pages, the footer
            link_text = token[2]
            if heading and _is_handle(heading):
                raw = heading
            elif link_text and _is_handle(link_text):
                raw = link_text
            else:
                raw = from_href
            current = HtmlEntry(raw)
            entries.append(current)
            heading = None
        elif current is not None and not current.dated:
            current.timestamp = parse_meta_date(token[1])
            current.dated = True
    return entries


def read_html_file(files: ExportFiles, member: str, reader: ListReader) -> None:
    """Add one HTML page's accounts to `reader`."""
    text = files.read_text(member)
    if text.lstrip()[:1] in ("[", "{"):
        raise InputError(files.label(member), "holds JSON where HTML was expected",
                         "rename it to .json, or run `followscope inspect` on the export to see what it holds")
    for entry in page_entries(text, reader.hosts):
        reader.add(entry.raw_handle, entry.timestamp)


def read_html_lists(files: ExportFiles, html_parts: dict[str, list[tuple[int, str]]], snapshot: Snapshot) -> None:
    """Read every list that has HTML parts into the snapshot, in LIST_FILES order."""
    from followscope_site.importers.instagram import LIST_FILES, ListReader, read_parts

    for spec in LIST_FILES:
        parts = html_parts.get(spec.list_name)
        if parts:
            read_parts(files, spec, parts, snapshot, ListReader(spec.list_name))

