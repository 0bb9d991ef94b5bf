"""Run a command in a child process under a time bound and a memory bound, for the hang and memory cases.

The memory bound is POSIX's RLIMIT_AS (address space); where `resource` is missing (Windows) the tests that need
it are skipped. The time bound is subprocess's timeout, which kills the child: a hang fails the test instead of
hanging the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]


def memory_limit(megabytes: int) -> Any:
    """A preexec_fn that caps the child's address space; skips the test where that cannot be done."""
    if resource is None or not hasattr(resource, "RLIMIT_AS"):
        pytest.skip("no POSIX resource limits on this OS")

    def apply() -> None:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def run_bounded(args: list[str], *, seconds: float = 60, megabytes: int = 1024, cwd: Path | None = None,
                env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `args` (a Python command line when it starts with '-c' or '-m') with both bounds; a timeout fails."""
    if args and args[0] in ("-c", "-m"):
        args = [sys.executable, *args]
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "NO_COLOR": "1", "COLUMNS": "200",
                   "FOLLOWSCOPE_NO_CACHE": "1", **(env or {})}
    try:
        return subprocess.run(args, cwd=cwd, env=environment, capture_output=True, text=True, timeout=seconds,
                              preexec_fn=memory_limit(megabytes))  # test-only POSIX limit
    except subprocess.TimeoutExpired:
        pytest.fail(f"{' '.join(map(str, args))[:200]} did not finish within {seconds} s (a hang)")
