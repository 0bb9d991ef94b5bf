"""`followscope watch`: build, then rebuild whenever the config, an export, templates or themes change."""

from __future__ import annotations

import contextlib
from pathlib import Path

from followscope_site.config.schema import LoadedConfig
from followscope_site.watch.session import WatchSession


def watch(loaded: LoadedConfig, *, output: Path | None, poll: bool, force: bool) -> None:
    """Build, then watch until Ctrl-C; a failed rebuild keeps the last good site and watching goes on."""
    session = WatchSession(loaded, output=output, poll=poll, force=force)
    session.start()  # raises OutputError (exit 1) when the output folder is not ours to replace
    try:
        with contextlib.suppress(KeyboardInterrupt):
            session.run()
    finally:
        session.stop()
