"""Exports within every limit whose reading once grew with the whole export: read in a child process under a
time and a memory bound (tests/bounded.py), so a regression fails here instead of exhausting the machine."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from bounded import run_bounded

READ = ("import sys\nfrom pathlib import Path\nfrom followscope_site.importers import ImportRequest, read_export\n"
        "[snapshot] = read_export(Path(sys.argv[1]), ImportRequest(source='export'))\n"
        "print(len(snapshot.lists['followers']), snapshot.signals.get('messages'))\n")


def test_many_message_parts_are_counted_one_at_a_time(tmp_path: Path) -> None:
    """300 message files of 1 MiB each (under the 1 MiB ratio exemption) decode into over 1 GB when all are kept."""
    message = {"sender_name": "Anna Example", "timestamp_ms": 1700000000000, "content": "hi"}
    part = json.dumps({"participants": [{"name": "Anna Example"}, {"name": "Me"}],
                       "messages": [message] * 12_000}).encode()
    assert len(part) < 1024 * 1024
    path = tmp_path / "instagram-tester-2025-06-01-Gd4Xp9Lm.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("connections/followers_and_following/followers_1.json", b"[]")
        archive.writestr("connections/followers_and_following/following.json", b"[]")
        for number in range(1, 301):
            archive.writestr(f"your_instagram_activity/messages/inbox/annaexample_1/message_{number}.json", part)
    result = run_bounded(["-c", READ, str(path)], seconds=120, megabytes=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["0", "{'annaexample':", "3600000}"]


def test_a_big_file_of_tiny_values_is_refused_before_decoding(tmp_path: Path) -> None:
    """64 MiB of `{},` would decode into 22 million objects (over a gigabyte): counted first, refused."""
    folder = tmp_path / "instagram-tester-2025-06-01-Gd4Xp9Lm" / "connections" / "followers_and_following"
    folder.mkdir(parents=True)
    (folder / "following.json").write_bytes(b"[]")
    (folder / "followers_1.json").write_bytes(b"[" + b"{}," * (22 * 1024 * 1024) + b"{}]")
    config = tmp_path / "followscope.yaml"
    config.write_text("accounts:\n  - exports: instagram-tester-2025-06-01-Gd4Xp9Lm\n"
                      "limits:\n  max_entries: 1000000\n", encoding="utf-8")
    result = run_bounded(["-m", "followscope_site", "build", "-c", str(config), "-o", str(tmp_path / "site")],
                         seconds=120, megabytes=1024)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "followers_1.json: holds about 46,137,346 JSON values, more than 1,000,000" in result.stderr
    assert "internal error" not in result.stderr
