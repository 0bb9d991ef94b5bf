"""Text on its way to a terminal: characters that could steer the terminal are shown as escapes.

Export text is untrusted, and it reaches stderr inside warnings and errors (zip member names, file
names, owners, handles). A raw ESC can set the window title, clear the screen or recolour the
output; a bidi override (U+202E) or a line break can make a line read as something else. So the two
places that write lines to the terminal (log.py's handler and the CLI's own echo) pass every line
through `safe_line`, and `inspect --json` through `safe_json`. The escapes are Python's: `\\x1b`,
`\\n`, `\\u202e`.
"""

from __future__ import annotations

import re
import unicodedata

# Categories that steer a terminal or the reading order instead of showing a glyph: controls (C0, DEL,
# C1), format characters (bidi overrides and isolates, zero-width characters), surrogates (undecodable
# bytes of a file name, which would also fail to encode) and the line/paragraph separators.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_KEPT = frozenset({"\u200d"})  # zero-width joiner: the glue inside emoji sequences (👩‍💻), harmless

# Non-printable by str.isprintable() is a superset of the unsafe set: only those characters are looked up.
_CANDIDATE = re.compile(r"[^ -~]")  # anything outside printable ASCII


def _unsafe(char: str) -> bool:
    return not char.isprintable() and char not in _KEPT and unicodedata.category(char) in _UNSAFE_CATEGORIES


def _escape(char: str) -> str:
    code = ord(char)
    if char in "\n\r\t":
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}[char]
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def is_safe(text: str) -> bool:
    """Whether a text can go to a terminal as it is (one line, nothing that steers the terminal)."""
    return text.isprintable() or not any(_unsafe(c) for c in _CANDIDATE.findall(text))


def safe_line(text: str) -> str:
    """One line for the terminal: every control, format, surrogate or separator character escaped,
    line breaks included (so a name cannot start a line of its own)."""
    if text.isprintable():
        return text
    return _CANDIDATE.sub(lambda m: _escape(m[0]) if _unsafe(m[0]) else m[0], text)


def safe_lines(text: str) -> str:
    """Several lines of our own (a traceback): each line made safe, the line breaks between them kept."""
    return "\n".join(safe_line(line) for line in text.split("\n"))


def safe_json(text: str) -> str:
    """JSON text (json.dumps with ensure_ascii=False) with the unsafe characters as JSON escapes.

    json.dumps escapes only C0 controls; C1 controls, bidi overrides, U+2028 and lone surrogates pass
    through raw. They can only occur inside strings, so a `\\uXXXX` escape in their place keeps the
    document valid and equal once parsed. A raw line break or tab is the document's own indentation.
    """
    return _CANDIDATE.sub(lambda m: _json_escape(m[0]) if m[0] not in "\n\r\t" and _unsafe(m[0]) else m[0], text)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # outside the BMP: a surrogate pair, as JSON spells it
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
