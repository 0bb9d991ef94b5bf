"""The errors FollowScope reports to a user: each names a file, what went wrong and what to do."""

from __future__ import annotations

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
