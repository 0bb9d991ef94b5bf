"""Handle lists in the config: inline, or a file of handles, one a line (`#` starts a comment)."""

from __future__ import annotations

from pathlib import Path

from followscope_site.config.schema import LoadedConfig
from followscope_site.errors import ConfigError
from followscope_site.model import normalize_handle


def handle_set(loaded: LoadedConfig, value: list[str] | Path, key: str) -> frozenset[str]:
    """The normalized handles of an allow-list or ignore list."""
    if isinstance(value, list):
        return frozenset(normalize_handle(h) for h in value if h.strip())
    path = loaded.resolve(value)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(loaded.display(value), f"cannot read the {key} file ({exc.strerror or exc})",
                          f"fix `{key}:` in {loaded.path.name}") from None
    handles = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(normalize_handle(h) for h in handles if h)
