"""Decode export JSON into Python values with errors that name the file, the place and what to do."""

from __future__ import annotations

import gc
import json
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


# A string or a literal that starts at the error position and never ends: the file ends inside it.
_LITERAL_PREFIXES = frozenset(word[:n] for word in ("true", "false", "null") for n in range(1, len(word)))
_CLOSED_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)


def describe_invalid_json(data: bytes, offset: int = 0) -> str:
    """Why `data` is not JSON, in our own words, found from the bytes themselves.

    Called only after a decoder refused `data`. The reason never comes from the decoder's message (its
    wording changes between releases): the bytes are checked for UTF-8 here, and the standard library's
    parser gives the position of the first fault through its documented `pos`/`lineno`/`colno`. `offset`:
    where `data` starts in the file, for byte offsets in messages.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"is not UTF-8 text (bad byte at offset {offset + exc.start})"
    try:
        json.loads(text, object_pairs_hook=_drop)  # only the position of the fault matters: keep no objects
    except json.JSONDecodeError as exc:
        return _fault_at(text, exc.pos, exc.lineno, exc.colno)
    except RecursionError:
        return "JSON nested too deeply"
    except ValueError:  # Python refuses integers of more than 4,300 digits
        return "a number with too many digits"
    # Standard JSON, but a value the fast decoder does not take (NaN, Infinity, a number out of range).
    return "a value that is not plain JSON (NaN, Infinity or a number out of range)"


def _drop(_pairs: object) -> None:
    return None


def _is_json(text: str) -> bool:
    try:
        json.loads(text, object_pairs_hook=_drop)
    except (ValueError, RecursionError):
        return False
    return True


def _fault_at(text: str, pos: int, line: int, column: int) -> str:
    rest = text[pos:]
    if (not rest.strip() or rest.rstrip() in _LITERAL_PREFIXES
            or (rest[:1] == '"' and _CLOSED_STRING.match(rest.encode("utf-8")) is None)):
        return "JSON ends too early (the file is cut off)"
    char = rest[0]
    before = text[:pos].rstrip()[-1:]
    if _is_json(text[:pos]):
        reason = f"text after the end of the JSON value ({char!r})"
    elif char in "]}" and before == ",":
        reason = "trailing comma"
    elif char == "'":
        reason = "single quotes (JSON needs double quotes)"
    elif before in "{," and char != '"' and _inside_object(text, pos):
        reason = "object keys must be text in double quotes"
    elif char < " ":
        reason = f"control character {char!r} (U+{ord(char):04X})"
    elif not char.isprintable():
        reason = f"invalid character U+{ord(char):04X}"
    else:
        reason = f"unexpected character {char!r}" if char.isascii() else f"invalid character U+{ord(char):04X}"
    return f"invalid JSON at line {line}, column {column}: {reason}"


def _inside_object(text: str, pos: int) -> bool:
    """Whether the innermost open bracket before `pos` is `{` (a bounded look back, ignoring strings)."""
    depth = 0
    window = _CLOSED_STRING.sub(b'""', text[max(0, pos - 65536):pos].encode("utf-8"))
    for byte in reversed(window):
        if byte in b"]}":
            depth += 1
        elif byte in b"[{":
            if depth == 0:
                return byte == ord("{")
            depth -= 1
    return False


def load_json(files: ExportFiles, name: str) -> Any:
    """Decode a member as untyped JSON (small files, or the slow path of big ones)."""
    return decode_json(files.label(name), json_bytes(files, name))


def decode_json(label: str, data: bytes) -> Any:
    """Untyped JSON of json_bytes' result, for a reader that has the bytes already (read once, counted once)."""
    try:
        with collector_paused():
            return msgspec.json.decode(data)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError, UnicodeDecodeError):
        # Older msgspec releases raise UnicodeDecodeError for bad UTF-8, newer ones DecodeError: we do not
        # rely on either, nor on the message, but look at the bytes ourselves.
        raise invalid_json_error(label, data) from None


def invalid_json_error(label: str, data: bytes, offset: int = 0) -> InputError:
    """The InputError for bytes a JSON decoder refused, with the hint that fits the fault."""
    reason = describe_invalid_json(data, offset)
    if reason.startswith("is not UTF-8"):
        hint = "is this really an export file? `followscope inspect` tells what it holds"
    elif reason == "JSON nested too deeply":
        hint = "this is not an export file"
    else:
        hint = "download the export again; the file may be cut off or edited"
    return InputError(label, reason, hint)
