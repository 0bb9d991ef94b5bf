"""Handle lists in the config: inline, or a file of handles, one a line (`#` starts a comment)."""

from __future__ import annotations

from pathlib import Path

from followscope_site import local_files
from followscope_site.config.schema import LoadedConfig
from followscope_site.errors import ConfigError
from followscope_site.model import normalize_handle

MAX_LIST_BYTES = 64 * 1024 * 1024  # a million handles; /dev/zero named as a list must not be read to the end


def handle_set(loaded: LoadedConfig, value: list[str] | Path, key: str) -> frozenset[str]:
    """The normalized handles of an allow-list or ignore list."""
    if isinstance(value, list):
        return frozenset(normalize_handle(h) for h in value if h.strip())
    path = loaded.resolve(value)
    shown = loaded.display(value)
    fix = f"fix `{key}:` in {loaded.path.name}"
    try:
        data = local_files.read_regular(path, MAX_LIST_BYTES)
    except local_files.FileProblem as exc:
        raise ConfigError(shown, f"cannot read the {key} file ({exc.problem})", exc.hint or fix) from None
    try:
        text = local_files.decode_text(data)  # UTF-8, or UTF-16 with a BOM as Windows Notepad saves it
    except local_files.TextProblem as exc:
        raise ConfigError(shown, f"the {key} file {exc.problem}", "save it as UTF-8 (or UTF-16 with a BOM)"
                          ) from None
    handles = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(normalize_handle(h) for h in handles if h)
