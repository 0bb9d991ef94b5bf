"""The parts of a Meta list: `followers_1.json`, `followers_2.json`, … found by name, checked, read in order.

Meta splits a list into parts of 10,000 (formats.md §1.1–1.2); a list may also be one unnumbered file, in
JSON or in HTML. Instagram and Threads differ only in the folders they accept and the reader they pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from followscope_site.errors import InputError, excerpt
from followscope_site.importers.archive import ExportFiles
from followscope_site.importers.meta.html import read_html_file
from followscope_site.importers.meta.lists import ListFile, ListReader, read_list_file
from followscope_site.importers.naming import MAX_PART_DIGITS, missing_parts, part_number
from followscope_site.model import Snapshot

_PART = re.compile(r"^(?P<base>.+?)(?:_(?P<n>[0-9]+))?\.(?P<ext>json|html)$")


def member_parts(files: ExportFiles, spec: ListFile, ext: str, keep: Callable[[tuple[str, ...]], bool]
                 ) -> list[tuple[int, str]]:
    """The parts of one Meta list in the folders `keep` accepts, as (part number, member), sorted; the first
    of spec.file_names that has any wins (the current name over the 2023 one)."""
    parts = files.derived.get("meta-parts")
    if not isinstance(parts, dict):  # every member matched once per export, not once per list and name
        parts = {}
        for folders, file_name, name in files.split_names():
            match = _PART.match(file_name)
            if match:
                number = part_number(match["n"])
                if number is None:
                    files.skipped.append(f"{excerpt(name, 120, quoted=False)}: part number longer than "
                                         f"{MAX_PART_DIGITS} digits, not a part of a list; ignored")
                    continue
                parts.setdefault((match["base"], match["ext"]), []).append((number, name, folders))
        files.derived["meta-parts"] = parts
    for base in spec.file_names:
        found = sorted((n, name) for n, name, folders in parts.get((base, ext), ()) if keep(folders))
        if found:
            return found
    return []


def read_parts(files: ExportFiles, spec: ListFile, parts: list[tuple[int, str]], snapshot: Snapshot,
               reader: ListReader) -> None:
    """Read every part of one list (JSON or HTML) into the snapshot, warning about missing or mixed parts."""
    numbered = [n for n, _ in parts if n > 0]
    if numbered and len(numbered) != len(parts):
        unnumbered = [m for n, m in parts if n == 0]
        snapshot.warnings.append(f"{spec.list_name}: both numbered parts and {unnumbered[0]!r}; "
                                 "only the numbered parts were read")
        snapshot.files_ignored.extend(unnumbered)
        parts = [(n, m) for n, m in parts if n > 0]
    ext = parts[0][1].rsplit(".", 1)[-1].lower()
    if numbered:
        count, first = missing_parts(numbered)
        if count:
            names = ", ".join(f"{spec.file_names[0]}_{n}.{ext}" for n in first)
            names += f" and {count - len(first):,} more" if count > len(first) else ""
            snapshot.warnings.append(f"{spec.list_name}: {'part' if count == 1 else 'parts'} {names} "
                                     f"{'is' if count == 1 else 'are'} missing; the list is incomplete")
            snapshot.partial = True
    for _, member in parts:
        reader.member = member
        if ext == "html":
            read_html_file(files, member, reader)
        else:
            read_list_file(files, member, spec, reader)
        snapshot.files_used.append(member)
        if len(reader.entries) > files.limits.max_entries:
            raise InputError(files.label(member), f"more than {files.limits.max_entries:,} accounts in "
                             f"{spec.list_name}", "raise `limits.max_entries` in the config if this is genuine")
    snapshot.lists[spec.list_name] = reader.entries
    snapshot.warnings.extend(reader.warnings())
