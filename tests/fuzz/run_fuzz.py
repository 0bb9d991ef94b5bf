"""The long fuzz run: `nice python tests/fuzz/run_fuzz.py --minutes 10` (not collected by pytest).

Draws exports from every platform's strategy (Bluesky's CAR files included), from mutations of the fixtures
and from zips of the fixtures with damaged headers (the zip layer), round-robin, until the time is up, and
prints how many were read, refused with the project's error, or hit a known bug. Any other exception, and any
input that takes longer than --hang seconds or more memory than --memory-mb (POSIX limits, where they exist),
is printed with the input that caused it (saved under --out) and the exit status is 1.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

import contextlib

from fuzz_strategies import (
    PLATFORM_STRATEGIES,
    Bug,
    Export,
    available_platforms,
    mutated,
    read_once,
    seed_exports,
    zip_layer,
)
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable


def save(export: Export, out: Path, index: int) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    if export.raw_zip is not None:  # the zip layer's input is the zip's own bytes
        path = out / f"crash-{index}-{export.name}.raw.zip"
        path.write_bytes(export.raw_zip)
        return path
    path = out / f"crash-{index}-{export.name}.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in export.members.items():
            archive.writestr(name, data)
        archive.writestr("_fuzz.json", json.dumps({"as_zip": export.as_zip, "platform": export.platform,
                                                   "options": export.options, "name": export.name}))
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--batch", type=int, default=200, help="examples per strategy per round")
    parser.add_argument("--out", type=Path, default=Path("fuzz-crashes"), help="where failing inputs are saved")
    parser.add_argument("--hang", type=float, default=20.0, help="seconds one input may take")
    parser.add_argument("--memory-mb", type=int, default=3072, help="address space for the whole run")
    args = parser.parse_args()
    limit_memory(args.memory_mb)
    seeds = seed_exports()
    strategies = {p: PLATFORM_STRATEGIES[p] for p in available_platforms()}
    strategies["mutated"] = mutated(seeds)
    strategies["zip_layer"] = zip_layer(seeds)
    started = time.monotonic()
    outcomes: Counter[str] = Counter()
    crashes: dict[str, int] = {}
    deadline = time.monotonic() + args.minutes * 60
    round_number = 0
    while time.monotonic() < deadline:
        round_number += 1
        for label, strategy in strategies.items():
            if time.monotonic() >= deadline:
                break
            run = make_run(label, strategy, args, deadline, outcomes, crashes)
            with contextlib.suppress(Unsatisfiable):
                run()
        print(f"round {round_number}: " + ", ".join(f"{k}={v}" for k, v in sorted(outcomes.items())), flush=True)
    total = sum(outcomes.values())
    minutes = (time.monotonic() - started) / 60
    print(f"{total} exports in {minutes:.1f} min; {len(crashes)} distinct bug(s)")
    return 1 if crashes else 0


class Hang(Exception):
    """One input took longer than --hang seconds."""


def limit_memory(megabytes: int) -> None:
    try:
        import resource
    except ImportError:
        return  # no POSIX limits (Windows): the run goes on unbounded
    resource.setrlimit(resource.RLIMIT_AS, (megabytes * 2**20, megabytes * 2**20))


@contextlib.contextmanager
def time_bound(seconds: float) -> Any:
    """Raise Hang in the main thread after `seconds` (SIGALRM, where it exists)."""
    import signal

    if not hasattr(signal, "setitimer"):
        yield
        return

    def ring(signum: int, frame: Any) -> None:
        raise Hang(f"no result after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def make_run(label: str, strategy: Any, args: argparse.Namespace, deadline: float, outcomes: Counter[str],
             crashes: dict[str, int]) -> Any:
    """One batch of one strategy; bugs are recorded and saved, never raised (the run goes on)."""

    @settings(max_examples=args.batch, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck), report_multiple_bugs=False)
    @given(strategy)
    def run(export: Export) -> None:
        if time.monotonic() >= deadline:
            return
        try:
            try:
                with time_bound(args.hang):
                    outcome = read_once(export)
            except (Hang, MemoryError) as exc:
                raise Bug(f"{type(exc).__name__}: {exc}") from exc
            outcomes[f"{label}:{outcome}"] += 1
        except Bug as bug:
            key = str(bug).splitlines()[0]
            if key not in crashes:
                crashes[key] = len(crashes) + 1
                path = save(export, args.out, crashes[key])
                print(f"BUG {crashes[key]} ({label}): {key}\n  input saved to {path}\n{bug}", flush=True)
            outcomes[f"{label}:bug"] += 1

    return run


if __name__ == "__main__":
    sys.exit(main())
