"""Gold-file comparison in the style of coverage.py's tests/goldtest.py.

`FOLLOWSCOPE_UPDATE_GOLD=1` rewrites the gold files; on a mismatch the actual output is kept under
tests/actual/<case>/ (gitignored) for review.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
GOLD = Path(__file__).resolve().parent / "gold"

SCRUBS = [
    (re.compile(r"FollowScope \d+\.\d+\.\d+\S*"), "FollowScope VERSION"),
    (re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC"), "BUILD-TIME"),
    (re.compile(r"[A-Z][a-z]{2} \d{1,2}, \d{4}, \d\d:\d\d UTC"), "BUILD-TIME"),  # the footer, in English
    (re.compile(r"(assets/[\w./-]+?)\.[0-9a-f]{8}\.(css|js)"), r"\1.HASH.\2"),
    (re.compile(r'("name": "followscope",\s*"version": )"[^"]+"'), r'\1"VERSION"'),
]


def scrub(text: str) -> str:
    for pattern, replacement in SCRUBS:
        text = pattern.sub(replacement, text)
    return text


def _files(folder: Path, suffixes: tuple[str, ...]) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): scrub(p.read_text(encoding="utf-8"))
            for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix in suffixes}


def compare(case: str, actual_dir: Path, suffixes: tuple[str, ...] = (".html", ".js", ".json", ".xml")) -> None:
    """Assert that every file of actual_dir (with these suffixes, assets aside) equals its gold copy."""
    actual = {k: v for k, v in _files(actual_dir, suffixes).items() if not k.startswith("assets/")}
    gold_dir = GOLD / case
    if os.environ.get("FOLLOWSCOPE_UPDATE_GOLD") == "1":
        shutil.rmtree(gold_dir, ignore_errors=True)
        for name, text in actual.items():
            target = gold_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return
    expected = _files(gold_dir, suffixes) if gold_dir.is_dir() else {}
    if actual == expected:
        return
    keep = TESTS / "actual" / case
    shutil.rmtree(keep, ignore_errors=True)
    for name, text in actual.items():
        target = keep / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    changed = sorted(n for n in set(actual) & set(expected) if actual[n] != expected[n])
    detail = ""
    if changed:
        first = changed[0]
        diff = difflib.unified_diff(expected[first].splitlines(), actual[first].splitlines(), f"gold/{first}",
                                    f"actual/{first}", lineterm="", n=2)
        detail = "\n".join(list(diff)[:60])
    raise AssertionError(f"gold mismatch for {case!r} (actual output kept in {keep}); missing {missing}, "
                         f"extra {extra}, changed {changed}\n{detail}\n"
                         "If the change is intended: FOLLOWSCOPE_UPDATE_GOLD=1 pytest tests/site")
