"""Folders nested deeper than Python's recursion limit, and past PATH_MAX, made and removed without recursion.

shutil.rmtree and os.walk recurse once per level before Python 3.12, and an absolute path longer than PATH_MAX
cannot be opened at all, so every step here is relative to a descriptor of the folder above (POSIX `dir_fd`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

NAME = "d"


def make_deep(root: Path, depth: int) -> None:
    """root/d/d/…/d, `depth` levels."""
    if os.mkdir not in os.supports_dir_fd:
        pytest.skip("no dir_fd on this OS")
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir(NAME, dir_fd=fd)
            inner = os.open(NAME, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
    finally:
        os.close(fd)


def remove_deep(root: Path) -> None:
    """Remove what make_deep made (and nothing else may be inside)."""
    fd = os.open(root, os.O_RDONLY)
    depth = 0
    while NAME in os.listdir(fd):
        inner = os.open(NAME, os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = inner
        depth += 1
    for _ in range(depth):
        parent = os.open("..", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        os.rmdir(NAME, dir_fd=parent)
        fd = parent
    os.close(fd)
