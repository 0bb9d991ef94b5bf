"""watch keeps no memory from one rebuild to the next: what a build leaves is freed before the next one."""

from __future__ import annotations

import sys
from pathlib import Path

from followscope_site.config.loader import load_config
from followscope_site.watch.session import WatchSession


def test_memory_stays_flat_over_many_rebuilds(project: Path) -> None:
    """Counted in allocated memory blocks (not time, not RSS): a leak of one Jinja environment per rebuild
    was ~1,100 blocks per rebuild, growing without end."""
    session = WatchSession(load_config(project / "followscope.yaml"))
    session.start()
    try:
        config = str(project / "followscope.yaml")
        for _ in range(10):  # warm up: caches, interned strings, the first collections
            assert session.rebuild([config])
        before = sys.getallocatedblocks()
        for _ in range(40):
            assert session.rebuild([config])
        grown = sys.getallocatedblocks() - before
    finally:
        session.stop()
    assert grown < 40 * 100, f"{grown / 40:.0f} blocks per rebuild"
