"""Write synthetic Instagram exports of 1k–1M followers, byte for byte as Meta writes them, for the benchmark.

Followers are split as Instagram splits them (10,000 per `followers_N.json`, formats.md §1.1) and written
part by part from a string template that reproduces `examples/instagram_export.py`'s `meta_dumps(entry_a(…))`
exactly (tests/bench/test_generate.py checks this), so 1M entries never exist as one Python structure. The
following list (at most 7,500, generation B, a few `__deleted__` placeholders, formats.md §1.3) is small and
goes through `InstagramExport` itself. Everything is seeded: the same size gives the same bytes.

    python bench/generate.py --sizes 1k,10k,100k,1m [--form folder|zip] [--out bench/out]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "examples"))

from instagram_export import FOLLOWERS_PER_FILE, ZIP_TIME, InstagramExport  # noqa: E402

OUT = BENCH / "out"
SEED = 20251210
EXPORT_DATE = "2025-12-10"
NEWEST = 1765324800  # 2025-12-10 00:00 UTC: the newest follow in every export
SPAN = 6 * 365 * 86400  # followers arrive over six years
FOLLOWING_MAX = 7_500  # Instagram's cap on accounts you follow
GENERATOR_VERSION = 2  # bump when the bytes change, so old outputs are rewritten

FIRST = ("anna", "ben", "carla", "dev", "elif", "farid", "greta", "hugo", "ines", "jonas", "kira", "lars", "mila",
         "noor", "omar", "pia", "quinn", "rosa", "sami", "tara", "ugo", "vera", "wim", "xena", "yuki", "zora")
WORDS = ("studio", "reads", "draws", "travels", "photo", "codes", "garden", "makes", "notes", "music", "films",
         "cooks", "runs", "knits", "climbs", "paints", "bakes", "sails", "hikes", "writes")
SEPARATORS = (".", "_", "")

# One element of the followers list at indent 2, as meta_dumps(entry_a(handle, ts)) writes it (formats.md §0.1:
# an empty array is spread over three lines whose middle line holds only spaces).
ENTRY_A = ('  {\n    "title": "",\n    "media_list_data": [\n      \n    ],\n    "string_list_data": [\n'
           '      {\n        "href": "https://www.instagram.com/%s",\n        "value": "%s",\n'
           '        "timestamp": %d\n      }\n    ]\n  }')


def parse_size(text: str) -> int:
    """`1k`, `10k`, `1m` or a plain number → a follower count."""
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


def size_label(count: int) -> str:
    if count >= 1_000_000 and count % 1_000_000 == 0:
        return f"{count // 1_000_000}m"
    if count >= 1_000 and count % 1_000 == 0:
        return f"{count // 1_000}k"
    return str(count)


def handle(index: int) -> str:
    """A unique synthetic username: letters from a hash of the index, then the index itself.

    The trailing digits are exactly `index` (no word ends in a digit), so distinct indices give distinct handles.
    """
    mixed = (index * 2654435761) & 0xFFFFFFFF
    return f"{FIRST[mixed % 26]}{SEPARATORS[(mixed >> 8) % 3]}{WORDS[(mixed >> 12) % 20]}{index}"


def follower_timestamp(index: int, followers: int) -> int:
    """Newest first, like Meta's lists: follower 0 is the newest."""
    return NEWEST - (index * SPAN) // max(followers, 1)


def followers_part(start: int, stop: int, followers: int) -> str:
    """The JSON text of one followers_N.json holding followers start..stop-1."""
    rows = []
    for index in range(start, stop):
        name = handle(index)
        rows.append(ENTRY_A % (name, name, follower_timestamp(index, followers)))
    return "[\n" + ",\n".join(rows) + "\n]"


@dataclass(frozen=True)
class Plan:
    """What one generated export holds (counts the benchmark and the tests check against)."""

    followers: int
    following: int
    mutual: int
    deleted: int

    @property
    def not_following_back(self) -> int:
        return self.following - self.mutual

    @property
    def fans(self) -> int:
        return self.followers - self.mutual


def plan_for(followers: int) -> Plan:
    following = min(FOLLOWING_MAX, max(1, (followers * 3) // 4))
    mutual = min(followers, (following * 2) // 3)
    deleted = min(following - mutual, 3 + following // 2_500)
    return Plan(followers=followers, following=following, mutual=mutual, deleted=deleted)


def following_list(plan: Plan, rng: random.Random) -> list[tuple[str, int]]:
    """(handle, timestamp) newest first: mutuals sampled from followers, others outside them, placeholders."""
    mutual = [handle(i) for i in sorted(rng.sample(range(plan.followers), plan.mutual))]
    others = [handle(plan.followers + i) for i in range(plan.not_following_back - plan.deleted)]
    deleted = ["__deleted__" + "".join(rng.choice("abcdefghij") for _ in range(18)) for _ in range(plan.deleted)]
    names = mutual + others + deleted
    times = [NEWEST - rng.randrange(SPAN) for _ in names]
    return sorted(zip(names, times, strict=True), key=lambda item: (-item[1], item[0]))


def export_files(plan: Plan, seed: int = SEED) -> Iterator[tuple[str, str]]:
    """(path inside the export, JSON text) for each file, followers streamed part by part."""
    folder = InstagramExport(followers=[], following=[]).folder
    for part, start in enumerate(range(0, max(plan.followers, 1), FOLLOWERS_PER_FILE), start=1):
        stop = min(start + FOLLOWERS_PER_FILE, plan.followers)
        yield f"{folder}/followers_{part}.json", followers_part(start, stop, plan.followers)
    following = InstagramExport(followers=[], following=following_list(plan, random.Random(seed)),
                                following_generation="B")
    for name, text in following.files():
        if not name.rsplit("/", 1)[-1].startswith("followers_"):
            yield name, text


def export_name(count: int) -> str:
    """The download's name, which carries the owner and the date (formats.md §1.1)."""
    label = size_label(count)
    return f"instagram-bench.{label}-{EXPORT_DATE}-Bench{label.upper():0>4}"


def write_export(count: int, out: Path, form: str = "folder", seed: int = SEED) -> Path:
    """Write one size's export and config under out/<size>/; reuse it when the same generator already wrote it."""
    plan = plan_for(count)
    root = out / size_label(count)
    stamp = root / "generated.json"
    wanted = {"version": GENERATOR_VERSION, "followers": count, "form": form, "seed": seed}
    if stamp.is_file() and json.loads(stamp.read_text()) == wanted:
        return root
    if root.exists():
        shutil.rmtree(root)
    exports = root / "exports"
    exports.mkdir(parents=True)
    name = export_name(count)
    if form == "zip":
        with zipfile.ZipFile(exports / f"{name}.zip", "w", compression=zipfile.ZIP_DEFLATED,
                             compresslevel=6) as archive:
            for inner, text in export_files(plan, seed):
                info = zipfile.ZipInfo(inner, date_time=ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, text.encode("ascii"))
    else:
        for inner, text in export_files(plan, seed):
            target = exports / name / inner
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("ascii"))
    (root / "followscope.yaml").write_text(
        f"# Generated by bench/generate.py: {count:,} followers, {plan.following:,} following.\n"
        f"site:\n  title: FollowScope bench {size_label(count)}\n  output: site\n"
        f"  templates: templates  # empty; bench/run.py edits a template here to time a watch rebuild\n"
        f"accounts:\n  - exports: exports\n", encoding="utf-8")
    (root / "templates").mkdir()
    stamp.write_text(json.dumps(wanted), encoding="utf-8")
    return root


def input_files(root: Path) -> list[Path]:
    """The export files of a generated size (a zip, or every JSON file of the folder)."""
    exports = root / "exports"
    return sorted(p for p in exports.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="1k,10k,100k,1m", help="comma-separated follower counts (1k, 1m, 2500)")
    parser.add_argument("--form", choices=("folder", "zip"), default="folder")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    for size in args.sizes.split(","):
        count = parse_size(size)
        started = time.perf_counter()
        root = write_export(count, args.out, args.form, args.seed)
        total = sum(p.stat().st_size for p in input_files(root))
        print(f"{size_label(count):>5}: {root} ({total / 1e6:,.1f} MB) in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
