"""Files named by the config or found in an export folder: regular files only, every read bounded.

A path from a config or an export can be a named pipe (reading waits forever), a device (`/dev/zero` never
ends) or a folder nested deeper than Python's recursion limit. Every such open goes through here: the type is
checked before opening, the open cannot block, the type is checked again on the open descriptor (the path may
have been swapped in between), and the read stops at a limit. Callers turn `FileProblem` into their own
error (ConfigError, InputError), which names the file.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

_CHUNK = 1024 * 1024
# Opening a FIFO for reading blocks until a writer comes; O_NONBLOCK returns at once (0 where it does not exist).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)


class FileProblem(Exception):
    """Why a file cannot be read, in words for the user (the caller adds the path), and as a `reason` code:
    "missing", "folder", "link", "special" (a pipe, socket or device), "too_big" or "unreadable"."""

    def __init__(self, problem: str, hint: str | None = None, reason: str = "unreadable") -> None:
        super().__init__(problem)
        self.problem = problem
        self.hint = hint
        self.reason = reason


def kind_of(mode: int) -> str | None:
    """None for a regular file, else what it is, in words."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_regular(path: Path, limit: int, *, follow_links: bool = True) -> bytes:
    """The whole file, refused unless it is a regular file of at most `limit` bytes (also while reading)."""
    with open_regular(path, follow_links=follow_links) as stream:
        size = os.fstat(stream.fileno()).st_size
        if size > limit:
            raise FileProblem(f"{size:,} bytes, over the {limit:,} limit", reason="too_big")
        try:
            return _read_bounded(stream, size, limit)
        except OSError as exc:
            raise FileProblem(f"cannot be read ({exc.strerror or exc})") from None


def open_regular(path: Path, *, follow_links: bool = True) -> BinaryIO:
    """The file opened for reading, refused unless it is a regular file; never blocks."""
    try:
        info = path.stat() if follow_links else path.lstat()
    except FileNotFoundError:
        raise FileProblem("no such file", reason="missing") from None
    except OSError as exc:
        raise FileProblem(f"cannot be read ({exc.strerror or exc})") from None
    if not follow_links and stat.S_ISLNK(info.st_mode):
        raise FileProblem("is a symbolic link, not followed", reason="link")
    _refuse_kind(info.st_mode)
    try:
        fd = os.open(path, _OPEN_FLAGS | (0 if follow_links else getattr(os, "O_NOFOLLOW", 0)))
    except PermissionError:
        raise FileProblem("permission denied", "make the file readable") from None
    except OSError as exc:
        raise FileProblem(f"cannot be read ({exc.strerror or exc})") from None
    stream = os.fdopen(fd, "rb")  # buffered: read(n) returns n bytes unless the file ends
    try:
        kind = kind_of(os.fstat(fd).st_mode)
    except OSError as exc:
        stream.close()
        raise FileProblem(f"cannot be read ({exc.strerror or exc})") from None
    if kind is not None:  # swapped for a pipe or a device since stat()
        stream.close()
        raise FileProblem(f"is {kind}, not a regular file", reason="special")
    return stream  # type: ignore[return-value]


def _refuse_kind(mode: int) -> None:
    kind = kind_of(mode)
    if kind is not None:
        raise FileProblem(f"is {kind}, not a regular file", reason="folder" if stat.S_ISDIR(mode) else "special")


def _read_bounded(stream: BinaryIO, expected: int, limit: int) -> bytes:
    """Read `expected` bytes in one allocation, then whatever a growing file adds, never past `limit`."""
    read = stream.read
    first = read(min(expected, limit) + 1)
    if len(first) <= expected:
        return first
    chunks = [first]
    total = len(first)
    while total <= limit:
        chunk = read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > limit:
        raise FileProblem(f"grew past the {limit:,}-byte limit while being read",
                          "wait until the file is fully written, then try again", reason="too_big")
    return b"".join(chunks)


def is_regular(path: Path) -> bool:
    """Whether the path (links followed) is a regular file, without opening it."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def walk(root: Path, on_error: Callable[[Path, OSError], None] | None = None
         ) -> Iterator[tuple[Path, list[str], list[str]]]:
    """os.walk without following links and without recursion (os.walk recurses before Python 3.12: a folder
    nested a few thousand deep raised RecursionError). Yields (folder, subfolder names, file names), top-down;
    the caller may prune the subfolder list in place. Folders that cannot be listed go to `on_error`."""
    stack = [root]
    while stack:
        folder = stack.pop()
        dirs: list[str] = []
        files: list[str] = []
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    try:
                        is_dir = entry.is_dir(follow_symlinks=False)
                    except OSError:
                        is_dir = False
                    (dirs if is_dir else files).append(entry.name)
        except OSError as exc:
            if on_error is not None:
                on_error(folder, exc)
            continue
        dirs.sort()
        files.sort()
        yield folder, dirs, files
        stack.extend(folder / name for name in reversed(dirs))


class TextProblem(Exception):
    """Text that is not in an encoding we read, with where the first bad byte is."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def decode_text(data: bytes) -> str:
    """UTF-8 with or without BOM, or UTF-16 when a BOM says so (Windows Notepad's "Unicode")."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise TextProblem("is not valid UTF-16 text (it starts with a UTF-16 byte-order mark)") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TextProblem(not_utf8(data, exc.start)) from None


def not_utf8(data: bytes, offset: int) -> str:
    """Where the first byte that is not UTF-8 is, and the likely encoding when the bytes look like one."""
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"is not UTF-8 text (byte 0x{data[offset]:02X} at line {line}, column {column}{_guess(data)})"


def _guess(data: bytes) -> str:
    sample = data[:65536]
    if sample[:64].count(b"\x00") >= 8:
        return "; it looks like UTF-16 without a byte-order mark"
    try:
        text = sample.decode("cp1252")
    except UnicodeDecodeError:
        return ""
    if any(ord(c) < 32 and c not in "\t\r\n" for c in text):
        return ""  # binary, not text in another encoding
    return "; it looks like Latin-1 or Windows-1252"
