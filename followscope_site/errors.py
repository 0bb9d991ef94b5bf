"""The errors FollowScope reports to a user: each names a file, what went wrong and what to do."""

from __future__ import annotations

import errno
import os
from pathlib import Path


class FollowScopeError(Exception):
    """An error the user can fix; the CLI prints it as one line and exits with 1.

    `path` is the file (or folder, or archive member such as `export.zip!following.json`) that is
    wrong, `problem` says what is wrong with it and `hint` what to do about it.
    """

    def __init__(self, path: str | Path | None, problem: str, hint: str | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.problem = problem
        self.hint = hint
        super().__init__(self.line())

    def line(self) -> str:
        """The message without the `followscope: error:` prefix."""
        text = f"{self.path}: {self.problem}" if self.path else self.problem
        return f"{text} ({self.hint})" if self.hint else text


class ConfigError(FollowScopeError):
    """The config file is missing, unreadable or invalid.

    `details` holds one `file:line:col: key.path: message` line per problem, all of them collected.
    """

    def __init__(self, path: str | Path | None, problem: str, hint: str | None = None,
                 details: list[str] | None = None) -> None:
        self.details = details or []
        super().__init__(path, problem, hint)


class InputError(FollowScopeError):
    """An export file is missing, unreadable, of an unknown shape or over a safety limit."""


class OutputError(FollowScopeError):
    """The output folder cannot be used (not ours, unsafe to clean, not writable)."""


def excerpt(value: object, limit: int = 40, quoted: bool = True) -> str:
    """A short, escaped excerpt of untrusted text for a message (in quotes unless `quoted=False`, for paths);
    other values by their kind only.

    Never repr() a whole untrusted structure: a crafted value can be huge (or, decoded from CBOR value
    sharing, exponentially so) and repr builds all of it before any slicing.
    """
    if isinstance(value, bytes | bytearray | memoryview):
        return f"{len(value):,} bytes"
    if not isinstance(value, str):
        return {dict: "an object", list: "a list", tuple: "a list", bool: "true/false", type(None): "null",
                int: "a number", float: "a number"}.get(type(value), type(value).__name__)
    shown = repr(value[:limit])  # escapes control and other non-printable characters (U+202E, NUL, newlines)
    if len(value) > limit:
        shown = shown[:-1] + "…" + shown[-1]
    return shown if quoted else shown[1:-1]


# Windows error numbers that Python maps to a vaguer errno (winerror.h).
_WIN_SHARING = {32, 33}  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
_WIN_READ_ONLY = {19}  # ERROR_WRITE_PROTECT
_WIN_TOO_LONG = {206}  # ERROR_FILENAME_EXCED_RANGE
_WIN_FULL = {39, 112}  # ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_LOOP = getattr(errno, "ELOOP", None)


def describe_os_error(exc: OSError) -> tuple[str, str]:
    """(what is wrong, what to do) for an OSError, by its errno (and winerror on Windows), never its text."""
    code = exc.errno
    win = getattr(exc, "winerror", None)
    if code in _FULL or win in _WIN_FULL:
        return "no space left on the device (the disk is full or over quota)", "free some space and try again"
    if code == errno.EROFS or win in _WIN_READ_ONLY:
        return "is on a read-only file system", "choose a folder on a writable disk"
    if win in _WIN_SHARING or code == errno.EBUSY:
        return "is in use by another program", "close the program that has it open and try again"
    if code == errno.ENAMETOOLONG or win in _WIN_TOO_LONG:
        return "a name in this path is too long for the file system", "choose a shorter name"
    if isinstance(exc, PermissionError):
        return "permission denied", "check the permissions of the file or folder and of the folders above it"
    if isinstance(exc, NotADirectoryError) or code == errno.ENOTDIR:
        return "a part of this path is a file, not a folder", "choose a path whose parents are folders"
    if isinstance(exc, IsADirectoryError):
        return "is a folder where a file was expected", "remove or rename that folder"
    if isinstance(exc, FileNotFoundError):
        return "does not exist (was it moved or deleted meanwhile?)", "check the path"
    if isinstance(exc, FileExistsError):
        return "already exists and is in the way", "remove or rename it"
    if code in (errno.EMFILE, errno.ENFILE):
        return "too many open files", "close some programs, or raise the open-file limit (ulimit -n)"
    if code is not None and code == _LOOP:
        return "too many levels of symbolic links", "check the symbolic links in this path"
    if code == errno.EIO:
        return "input/output error (a failing disk or a disconnected drive?)", "check the disk and try again"
    reason = exc.strerror or type(exc).__name__
    return f"cannot be used ({reason})", "check the path and try again"


def os_error(exc: OSError, path: str | Path | None = None, hint: str | None = None,
             error: type[FollowScopeError] | None = None, *, name_path: bool = False) -> FollowScopeError:
    """A one-line error for an OSError: the path it names (or `path`), what is wrong and what to do.

    `hint` is added to the generic advice (e.g. "the previous site is unchanged"); `error` picks the class;
    name_path=True names `path` even when the error names another (a scratch file the user never chose).
    """
    problem, advice = describe_os_error(exc)
    if name_path or exc.filename is None:
        shown = str(path) if path is not None else None
    else:
        shown = os.fsdecode(exc.filename) if isinstance(exc.filename, bytes) else str(exc.filename)
        if exc.filename2 is not None:
            shown = f"{shown} -> {os.fsdecode(exc.filename2)}"
    return (error or FollowScopeError)(shown, problem, f"{advice}; {hint}" if hint else advice)
