"""Collect one list's accounts: duplicates merged keeping the earliest time, unusable values counted, not kept.

Every importer feeds its raw identifiers through a `Collector`; platforms differ only in what a valid
identifier is (`accepts`) and in how their warnings name it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from followscope_site.errors import excerpt
from followscope_site.importers.dates import usable, year_of
from followscope_site.model import MAX_HANDLE, UNSAFE_TEXT, AccountList, Entry, Snapshot, normalize_handle


@dataclass
class Collector:
    """One list's entries by normalized handle, in the order the export gives them."""

    list_name: str
    entries: AccountList = field(default_factory=dict)
    duplicates: int = 0
    unnamed: int = 0
    invalid: list[str] = field(default_factory=list)
    member: str | None = None  # the file being read, named in warnings (importers set it when they know it)
    bad_dates: dict[str, int] = field(default_factory=dict)  # file ('' when unknown) -> dates dropped
    bad_years: list[int] = field(default_factory=list)  # the first few, for the warning
    names_cleaned: int = 0  # display names cut to length or rid of control and text-direction characters

    noun: ClassVar[str] = "account"  # how warnings name what was skipped
    unnamed_reason: ClassVar[str] = ""

    def accepts(self, handle: str) -> bool:
        """Whether a normalized identifier is usable on this platform; subclasses narrow it."""
        return bool(handle)

    def shown_invalid(self, raw: str) -> str:
        """How a refused value appears in the warning (subclasses undo encoding damage first)."""
        return raw[:40]

    def add(self, raw: str | None, timestamp: int | None = None, name: str | None = None) -> None:
        if raw is None or not raw.strip():
            self.unnamed += 1
            return
        handle = normalize_handle(raw)
        if not self.accepts(handle):
            self.invalid.append(self.shown_invalid(raw))
            return
        shown = raw.strip().lstrip("@")
        if name is None and shown != handle:
            name = shown  # keep the original case for display
        self.merge(Entry(handle, timestamp, name))

    def merge(self, entry: Entry) -> None:
        """Keep the first entry of a handle; a later duplicate only moves its time earlier.

        Every entry of every importer passes here (or through a fast path that stores only usable times):
        a time no OS can show costs that one date, with a warning, never the build (importers/dates.py).
        """
        if entry.timestamp is not None and not usable(entry.timestamp):
            self.drop_date(entry.timestamp)
            entry.timestamp = None
        if entry.name is not None and (len(entry.name) > MAX_HANDLE or UNSAFE_TEXT.search(entry.name)):
            entry.name = UNSAFE_TEXT.sub("", entry.name)[:MAX_HANDLE].strip() or None  # shown on pages as it is
            self.names_cleaned += 1
        if not keep_earliest(self.entries, entry):
            self.duplicates += 1

    def drop_date(self, seconds: int) -> None:
        """Count a date out of range in the file being read."""
        key = self.member or ""
        self.bad_dates[key] = self.bad_dates.get(key, 0) + 1
        if len(self.bad_years) < 2:
            self.bad_years.append(year_of(seconds))

    def warnings(self) -> list[str]:
        found = []
        if self.duplicates:
            found.append(f"{self.list_name}: {self.duplicates} duplicate entries merged")
        if self.unnamed:
            reason = f" {self.unnamed_reason}" if self.unnamed_reason else ""
            found.append(f"{self.list_name}: {self.unnamed} entries without {_article(self.noun)} skipped{reason}")
        return found + self.value_warnings()

    def value_warnings(self) -> list[str]:
        """The warnings about values refused or dropped: invalid identifiers and dates out of range."""
        found = []
        if self.invalid:
            shown = ", ".join(excerpt(x) for x in self.invalid[:3])
            found.append(f"{self.list_name}: {len(self.invalid)} entries with an invalid {self.noun} skipped "
                         f"({shown})")
        if self.names_cleaned:
            found.append(f"{self.list_name}: {self.names_cleaned} display names held control or text-direction "
                         f"characters (removed) or more than {MAX_HANDLE} characters (cut)")
        if self.bad_dates:
            count = sum(self.bad_dates.values())
            files = [f for f in self.bad_dates if f]
            shown = ", ".join(excerpt(f, 120, quoted=False) for f in files[:3]) + (", …" if len(files) > 3 else "")
            where = f" in {shown}" if files else ""
            years = ", ".join(f"year {y}" for y in self.bad_years)
            found.append(f"{self.list_name}: {count} {'date' if count == 1 else 'dates'} outside the years 1970–2999 "
                         f"ignored{where} ({years}{', …' if count > len(self.bad_years) else ''}); "
                         "the accounts are kept without a date")
        return found

    def into(self, snapshot: Snapshot) -> None:
        """Store the list in the snapshot, merging with what an earlier file of the same list gave."""
        existing = snapshot.lists.get(self.list_name)
        if existing is None:  # the common case: the list as it is (a million entries: no second pass)
            snapshot.lists[self.list_name] = self.entries
            snapshot.warnings.extend(self.warnings())
            return
        for entry in self.entries.values():
            keep_earliest(existing, entry)
        snapshot.warnings.extend(self.warnings())


def keep_earliest(accounts: AccountList, entry: Entry) -> bool:
    """Add the entry (True), or keep the first one of its handle and move that one's time earlier, since a
    relation started at its earliest time (False)."""
    old = accounts.get(entry.handle)
    if old is None:
        accounts[entry.handle] = entry
        return True
    if entry.timestamp is not None and (old.timestamp is None or entry.timestamp < old.timestamp):
        old.timestamp = entry.timestamp
    return False


def _article(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"
