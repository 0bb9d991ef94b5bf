"""The long fuzz run: `python tests/fuzz/run_fuzz.py --minutes 10` (not collected by pytest).

Draws exports from every platform's strategy and from mutations of the fixtures, round-robin, until the time
is up, and prints how many were read, refused with the project's error, or hit a known bug. Any other
exception is printed with the input that caused it (saved under --out) and the exit status is 1.
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
)
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable


def save(export: Export, out: Path, index: int) -> Path:
    out.mkdir(parents=True, exist_ok=True)
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
    args = parser.parse_args()
    seeds = seed_exports()
    strategies = {p: PLATFORM_STRATEGIES[p] for p in available_platforms()}
    strategies["mutated"] = mutated(seeds)
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
    print(f"{total} exports in {args.minutes:g} min; {len(crashes)} distinct bug(s)")
    return 1 if crashes else 0


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
            outcomes[f"{label}:{read_once(export)}"] += 1
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
