"""Meta's HTML export (Instagram, Threads): the same lists as the JSON export, as pages of links (formats.md §1.6).

The page is read with the standard library's tokenizer, never a browser: a `<script>` is text we skip and an
`<img>` is a tag we ignore, so nothing in the export runs or is fetched. The HTML is real UTF-8 (no mojibake
to undo, formats.md §0.2), and titles and headings are localised, so a list is known by its file name alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser

from followscope_site.errors import InputError
from followscope_site.importers.archive import ExportFiles
from followscope_site.importers.meta.common import HANDLE_RE, NAME_LABELS, USERNAME_LABELS, handle_from_href
from followscope_site.importers.meta.lists import ListReader
from followscope_site.model import normalize_handle

# Month names as Meta abbreviates them in English, Spanish, German, French, Portuguese, Italian, Indonesian
# (`Mei 08, 2025 1:07 am`, formats.md §1.6) and Turkish, plus the full forms; matched without case and without a
# final '.'. Japanese writes the month as a number and 月 (`6月`), read apart.
_MONTH_NAMES = {
    1: "jan january ene enero januar janv janvier janeiro gen gennaio januari oca ocak",
    2: "feb february febrero februar fev fév févr février fevereiro febbraio februari şub şubat",
    3: "mar march marzo mär märz mrz mars março marco maret mart",
    4: "apr april abr abril avr avril aprile nis nisan",
    5: "may mayo mai maio mag maggio mei mayıs",
    6: "jun june junio juni juin giu giugno junho haz haziran",
    7: "jul july julio juli juil juillet lug luglio julho tem temmuz",
    8: "aug august ago agosto août aout agu agt ags agustus ağu ağustos",
    9: "sep sept september septiembre set septembre setembro settembre eyl eylül",
    10: "oct october octubre okt oktober octobre out outubro ott ottobre eki ekim",
    11: "nov november noviembre novembre novembro nop kas kasım",
    12: "dec december dic diciembre dez dezember déc decembre décembre dezembro dicembre des desember ara aralık",
}
MONTHS = {name: number for number, names in _MONTH_NAMES.items() for name in names.split()}

# The words a 12-hour clock carries in each language Meta exports in, compared without spaces and dots (`a. m.`
# is `am`) but with case: Meta writes a lowercase am/pm, and `09:05 AM` is no Meta date (a peer tool's fixture
# asserts that it is rejected). Portuguese (Brazil) writes `3:54 da tarde/noite` and `10:36 da manhã`; Turkish
# ÖÖ/ÖS; Japanese puts 午前/午後 before the time. A time without such a word is a 24-hour clock. docs/formats.md
# §4 lists the evidence.
_BEFORE_NOON = ("am", "damanhã", "damadrugada", "delamañana", "delamadrugada", "dumatin", "vorm", "vormittags",
                "dimattina", "dellamattina", "ÖÖ", "öö", "öğledenönce", "sabah", "pagi", "dinihari", "午前")
_AFTER_NOON = ("pm", "datarde", "danoite", "datarde/noite", "delatarde", "delanoche", "delmediodía",
               "del'après-midi", "delaprès-midi", "dusoir", "nachm", "nachmittags", "abends", "delpomeriggio",
               "dipomeriggio", "disera", "dellasera", "ÖS", "ös", "öğledensonra", "akşam", "siang", "sore", "malam",
               "午後")
DAY_PERIODS = {**dict.fromkeys(_BEFORE_NOON, 0), **dict.fromkeys(_AFTER_NOON, 12)}

_DAY = re.compile(r"(?P<mon>[^\W\d_]{2,12}|\d{1,2}月)\.? (?P<day>\d{1,2}),? (?P<year>\d{4}),? (?P<time>.+)")
_DAY_JA = re.compile(r"(?P<year>\d{4})年 ?(?P<mon>\d{1,2})月 ?(?P<day>\d{1,2})日,? ?(?P<time>.+)")
_TIME = re.compile(r"(?:(?P<before>[^\d:]+?) ?)?(?P<hour>\d{1,2}):(?P<minute>[0-5]\d)(?::[0-5]\d)?"
                   r"(?: ?(?P<after>[^\d:]+))?")


def parse_meta_date(text: str) -> int | None:
    """Seconds since the epoch of an HTML export date, read as UTC; None when it is not a real date."""
    text = " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())
    match = _DAY.fullmatch(text) or _DAY_JA.fullmatch(text)
    if match is None:
        return None
    month_text = match.group("mon").casefold()
    month = int(month_text.rstrip("月")) if month_text.rstrip("月").isdigit() else MONTHS.get(month_text)
    clock = _TIME.fullmatch(match.group("time"))
    if month is None or clock is None:
        return None
    hour, minute = int(clock.group("hour")), int(clock.group("minute"))
    period = (clock.group("before") or "") + (clock.group("after") or "")
    if period:
        offset = DAY_PERIODS.get(re.sub(r"[\s.]", "", period))
        if offset is None or not 1 <= hour <= 12:
            return None
        hour = hour % 12 + offset  # 12:00 am is midnight, 12:00 pm is noon
    elif hour > 23:
        return None
    try:
        found = datetime(int(match.group("year")), month, int(match.group("day")), hour, minute, tzinfo=UTC)
    except ValueError:
        return None  # Feb 30 and the like
    return int(found.timestamp())


class _Page(HTMLParser):
    """Turns a page into a flat stream of ("h2", text), ("a", href, text), ("text", text) and ("table", pairs)
    tokens, and counts the entry blocks (`div._a6-g`) a page has whether or not we can read them.

    A 2026 label table (formats: `<td class="_a6_q">Username</td><td class="_2piu _a6_r">handle</td>` rows) is one
    ("table", [(label, value, href), …]) token; its cells never make tokens of their own.
    """

    _BLOCKS = frozenset({"div", "li", "p", "td", "tr", "br", "main", "section", "table", "ul", "h1", "h3", "header"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple[str, ...]] = []
        self.blocks = 0  # entry blocks seen
        self._skip = 0  # inside <script> or <style>
        self._anchor: tuple[str, list[str]] | None = None
        self._h2: list[str] | None = None
        self._text: list[str] = []
        self._pairs: list[tuple[str, str, str]] | None = None  # rows of the label table being read
        self._cell: tuple[str, list[str], list[str]] | None = None  # ("label" | "value", text, hrefs)
        self._label = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "td" and ("_a6_q" in classes or "_a6_r" in classes):
            self._flush()
            if self._pairs is None:
                self._pairs = []
            self._cell = ("label" if "_a6_q" in classes else "value", [], [])
        elif tag == "a" and self._cell is not None:
            self._cell[2].append(dict(attrs).get("href") or "")
        elif tag == "a":
            self._flush()
            self._anchor = (dict(attrs).get("href") or "", [])
        elif tag == "h2":
            self._flush()
            self._h2 = []
        elif tag in self._BLOCKS:
            self._flush()
            if tag == "div" and "_a6-g" in classes:
                self.blocks += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag == "td" and self._cell is not None:
            kind, text, hrefs = self._cell
            value = " ".join("".join(text).split())
            if kind == "label":
                self._label = value
            elif self._pairs is not None:
                self._pairs.append((self._label, value, hrefs[0] if hrefs else ""))
                self._label = ""
            self._cell = None
        elif tag == "table" and self._pairs is not None:
            self.tokens.append(("table", *self._pairs))  # type: ignore[arg-type]
            self._pairs = None
        elif tag == "a" and self._anchor is not None:
            href, text = self._anchor
            self.tokens.append(("a", href, " ".join("".join(text).split())))
            self._anchor = None
        elif tag == "h2" and self._h2 is not None:
            self.tokens.append(("h2", " ".join("".join(self._h2).split())))
            self._h2 = None
        elif tag in self._BLOCKS and self._cell is None:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._cell is not None:
            self._cell[1].append(data)
        elif self._anchor is not None:
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
    name: str | None = None  # the display name of a label table's `Name` row
    unread_date: str | None = None  # the text after the link, when it is no date we can read


@dataclass
class HtmlPage:
    entries: list[HtmlEntry]
    blocks: int  # entry blocks on the page, read or not


def _is_handle(text: str) -> bool:
    handle = normalize_handle(text)
    return bool(HANDLE_RE.fullmatch(handle)) or (handle.startswith("__deleted__") and len(handle) <= 64)


def _table_entry(pairs: tuple[tuple[str, str, str], ...], hosts: tuple[str, ...]) -> HtmlEntry | None:
    """The account of a 2026 label table: the `Username` row (labels are localised, as in label_values), else
    the profile link of its `URL` row; `Name` is the display name."""
    username = name = None
    from_link = None
    for label, value, href in pairs:
        key = label.strip().casefold()
        if key in USERNAME_LABELS and value:
            username = value
        elif key in NAME_LABELS and value:
            name = value
        for link in (href, value):
            if from_link is None and link:
                from_link = handle_from_href(link, hosts)
    raw = username if username and _is_handle(username) else from_link or username
    if raw is None:
        return None
    return HtmlEntry(raw, name=name if name and normalize_handle(name) != normalize_handle(raw) else None)


def parse_page(text: str, hosts: tuple[str, ...]) -> HtmlPage:
    """The accounts of one page in page order: one per profile link or label table; other links are chrome.

    Username: a label table's `Username` row (2026 lists), else the `<h2>` before the link (2025– following),
    else the link text, else the href's last segment (the link text is the full URL in that newer shape).
    Date: the text right after the link or table.
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
        elif token[0] == "table":
            current = _table_entry(token[1:], hosts)  # type: ignore[arg-type]
            if current is not None:
                entries.append(current)
            heading = None
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
            if current.timestamp is None:
                current.unread_date = token[1][:40]
    return HtmlPage(entries, page.blocks)


def page_entries(text: str, hosts: tuple[str, ...]) -> list[HtmlEntry]:
    """parse_page's accounts alone."""
    return parse_page(text, hosts).entries


def read_html_file(files: ExportFiles, member: str, reader: ListReader) -> None:
    """Add one HTML page's accounts to `reader`, noting dates it cannot read and blocks it cannot read at all."""
    text = files.read_text(member)
    if text.lstrip()[:1] in ("[", "{"):
        raise InputError(files.label(member), "holds JSON where HTML was expected",
                         "rename it to .json, or run `followscope inspect` on the export to see what it holds")
    page = parse_page(text, reader.hosts)
    if page.blocks and not page.entries:
        reader.problems.append(f"{files.label(member)}: {page.blocks:,} entries on the page but no account could be "
                               "read from them (the HTML layout may have changed: please report it)")
    for entry in page.entries:
        reader.add(entry.raw_handle, entry.timestamp, entry.name)
        if entry.unread_date is not None:
            reader.unread_dates.append(entry.unread_date)
