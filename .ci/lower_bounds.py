"""Print pip constraints that pin every dependency of pyproject.toml to the oldest release it allows.

`.ci/run` installs with these (`pip install --constraint`) in a second environment and runs the tests that
need no browser, so a lower bound that no longer works fails CI instead of a user's install. The pins are
derived from pyproject.toml each time: there is no second list to keep in step.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

# `name>=1.2` or `name[extra]>=1.2`, possibly followed by more specifiers or a marker.
_LOWER_BOUND = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*>=\s*([^,;\s]+)")


def lower_bounds(pyproject: Path) -> list[str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    requirements = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        requirements.extend(extra)
    pins: dict[str, str] = {}
    for requirement in requirements:
        match = _LOWER_BOUND.match(requirement)
        if match is None:
            raise SystemExit(f"{pyproject}: {requirement!r} has no `>=` lower bound to test")
        pins[match.group(1).lower()] = f"{match.group(1)}=={match.group(2)}"
    return sorted(pins.values(), key=str.lower)


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    sys.stdout.write("".join(f"{pin}\n" for pin in lower_bounds(root / "pyproject.toml")))
