"""The benchmark's generator writes Meta's exact bytes and exports the importer reads with the planned counts."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "examples"))

import generate  # noqa: E402
from instagram_export import entry_a, meta_dumps  # noqa: E402

from followscope_site.importers import ImportRequest, read_export  # noqa: E402
from followscope_site.importers.archive import Limits  # noqa: E402


def test_followers_part_is_meta_dumps_byte_for_byte() -> None:
    expected = meta_dumps([entry_a(generate.handle(i), generate.follower_timestamp(i, 30)) for i in range(5, 12)])
    assert generate.followers_part(5, 12, 30) == expected


def test_handles_are_unique_and_valid() -> None:
    names = [generate.handle(i) for i in range(20_000)]
    assert len(set(names)) == len(names)
    assert all(len(n) <= 30 and n.replace(".", "").replace("_", "").isalnum() for n in names)


def test_generated_export_reads_with_planned_counts(tmp_path: Path) -> None:
    plan = generate.plan_for(12_345)
    for form in ("folder", "zip"):
        root = generate.write_export(12_345, tmp_path / form, form)
        assert (root / "followscope.yaml").is_file()
        (export,) = (root / "exports").iterdir()
        parts = sorted(p.name for p in export.rglob("followers_*.json")) if form == "folder" else []
        assert form == "zip" or parts == ["followers_1.json", "followers_2.json"]
        (snapshot,) = read_export(export, ImportRequest(source=export.name), Limits())
        followers, following = snapshot.lists["followers"], snapshot.lists["following"]
        assert len(followers) == plan.followers and len(following) == plan.following
        assert len(followers.keys() & following.keys()) == plan.mutual
        assert sum(h.startswith("__deleted__") for h in following) == plan.deleted
    again = generate.write_export(12_345, tmp_path / "zip", "zip")  # reused, not rewritten
    assert again == root
