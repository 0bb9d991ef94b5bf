"""Decode export JSON into Python values with errors that name the file, the place and what to do."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import msgspec

from followscope_site.errors import InputError
from followscope_site.importers.archive import ExportFiles, decode_text

_BOMS = (b"\xef\xbb\xbf",)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic GC while decoding: it costs more than the parse itself (perf-security-browser.md §1.2)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def json_bytes(files: ExportFiles, name: str) -> bytes:
    """The member's bytes ready for a JSON decoder: BOM dropped, UTF-16 re-encoded, emptiness refused."""
    data = files.read_bytes(name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = decode_text(data, files.label(name)).encode("utf-8")
    elif data.startswith(_BOMS):
        data = data[3:]
    start = _LEADING_SPACE.match(data).end()  # type: ignore[union-attr]  # not strip(): no copy of 1 GiB
    if start == len(data):
        raise InputError(files.label(name), "is empty (0 bytes of JSON)",
                         "download the export again; the file may be cut off")
    if data[start:start + 1] == b"<":
        raise InputError(files.label(name), "holds HTML where JSON was expected",
                         "choose the JSON format when you request the export, or use the HTML export as a whole")
    check_value_count(data, files.label(name), files.limits.max_entries)
    return data


# Decoded JSON takes tens of bytes per value, so a big file of tiny values ("{},{},…", deflated at a ratio
# just under the limit) would take many times its size in memory. Files from COUNTED_ABOVE bytes are refused
# when they hold more values (roughly: commas and openings) than `limits.max_entries`; smaller files cannot
# hold enough values to matter, and are not counted (the 1M-follower export's parts are 2.5 MB each).
COUNTED_ABOVE = 64 * 1024 * 1024
_LEADING_SPACE = re.compile(rb"[ \t\r\n\f\v]*")


def check_value_count(data: bytes, label: str, limit: int) -> None:
    """Refuse JSON of COUNTED_ABOVE bytes or more that holds more than `limit` values, before decoding it."""
    if len(data) < COUNTED_ABOVE:
        return
    values = data.count(b",") + data.count(b"{") + data.count(b"[")
    if values > limit:
        raise InputError(label, f"holds about {values:,} JSON values, more than {limit:,}",
                         "raise `limits.max_entries` in the config if this export is genuine")


def describe_decode_error(data: bytes, exc: Exception) -> str:
    """A short reason for a JSON decode failure, with line and column when the decoder gives a byte offset."""
    text = str(exc)
    if "truncated" in text:
        return "JSON ends too early (the file is cut off)"
    match = re.search(r"^(?:JSON is malformed: )?(.*?) \(byte (\d+)\)$", text)
    if match is None:
        return f"invalid JSON: {text}"
    reason, offset = match.group(1), int(match.group(2))
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"invalid JSON at line {line}, column {col}: {reason}"


def load_json(files: ExportFiles, name: str) -> Any:
    """Decode a member as untyped JSON (small files, or the slow path of big ones)."""
    data = json_bytes(files, name)
    try:
        with collector_paused():
            return msgspec.json.decode(data)
    except msgspec.DecodeError as exc:
        raise InputError(files.label(name), describe_decode_error(data, exc),
                         "download the export again; the file may be cut off or edited") from None
    except RecursionError:
        raise InputError(files.label(name), "JSON nested too deeply", "this is not an export file") from None
    except UnicodeDecodeError as exc:
        raise InputError(files.label(name), f"is not UTF-8 text (bad byte at offset {exc.start})",
                         "is this really an export file? `followscope inspect` tells what it holds") from None
