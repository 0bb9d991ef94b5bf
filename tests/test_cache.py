"""The snapshot cache's fingerprint is taken before the importers look: it must not open what they refuse; and
its key covers all the importer code."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from followscope_site.cache import code_files, fingerprint

ROOT = Path(__file__).resolve().parents[1]


def within(seconds: float, action):  # type: ignore[no-untyped-def]
    result: list[object] = []
    thread = threading.Thread(target=lambda: result.append(action()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert result, f"still running after {seconds} s: it blocks"
    return result[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and devices are POSIX")
def test_a_pipe_or_a_device_has_no_fingerprint_and_is_never_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "export.zip")
    assert within(20, lambda: fingerprint(tmp_path / "export.zip")) is None
    if Path("/dev/zero").exists():
        assert within(20, lambda: fingerprint(Path("/dev/zero"))) is None


def test_a_folder_of_more_files_than_the_limit_is_not_walked_to_its_end(tmp_path: Path) -> None:
    for index in range(12):
        (tmp_path / f"{index}.json").write_bytes(b"{}")
    assert fingerprint(tmp_path, max_files=12) is not None
    assert fingerprint(tmp_path, max_files=11) is None


def test_a_file_and_a_folder_change_their_fingerprint_when_their_content_does(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    path.write_bytes(b"one")
    first = fingerprint(path)
    path.write_bytes(b"two")
    assert fingerprint(path) != first
    assert fingerprint(tmp_path) is not None


def test_every_importer_module_keys_the_cache_subpackages_too() -> None:
    names = {path.relative_to(ROOT / "followscope_site").as_posix() for path in code_files()}
    assert {"importers/instagram.py", "importers/meta/lists.py", "importers/meta/parts.py", "model.py"} <= names
