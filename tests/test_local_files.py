"""Files named by the config or an export: regular files only, never a blocking open, every read bounded."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from deep_folders import make_deep, remove_deep

from followscope_site import local_files
from followscope_site.local_files import FileProblem, TextProblem, decode_text, read_regular, walk

POSIX_ONLY = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and /dev are POSIX")


def finishes(action, seconds: float = 20.0) -> object:  # type: ignore[no-untyped-def]
    """Run `action` in a thread; fail (not hang) when it does not return in time."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(action())
        except BaseException as exc:  # handed to the test thread
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"still running after {seconds} s: it blocks"
    return outcome[0]


@POSIX_ONLY
def test_a_named_pipe_is_refused_without_opening_it(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    result = finishes(lambda: read_regular(pipe, 1024))
    assert isinstance(result, FileProblem) and result.reason == "special"
    assert result.problem == "is a named pipe, not a regular file"


@POSIX_ONLY
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_and_so_is_a_link_to_it(tmp_path: Path, device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    link = tmp_path / "list.txt"
    link.symlink_to(device)
    for path in (Path(device), link):
        with pytest.raises(FileProblem, match="is a device"):
            read_regular(path, 1024)


def test_limits_and_links(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 2000)
    assert read_regular(path, 2000) == b"x" * 2000
    with pytest.raises(FileProblem, match="2,000 bytes, over the 1,999 limit") as caught:
        read_regular(path, 1999)
    assert caught.value.reason == "too_big"
    link = tmp_path / "link.txt"
    link.symlink_to(path)
    assert read_regular(link, 2000) == b"x" * 2000
    with pytest.raises(FileProblem, match="symbolic link"):
        read_regular(link, 2000, follow_links=False)
    with pytest.raises(FileProblem) as missing:
        read_regular(tmp_path / "nope", 10)
    assert missing.value.reason == "missing"
    with pytest.raises(FileProblem) as folder:
        read_regular(tmp_path, 10)
    assert folder.value.reason == "folder"


def test_a_huge_limit_reads_the_file_size_not_the_limit(tmp_path: Path) -> None:
    """A limit of 10^23 MiB (from the config) once reached read(limit + 1): OverflowError."""
    path = tmp_path / "a.txt"
    path.write_bytes(b"abc")
    assert read_regular(path, 10**30) == b"abc"


def test_text_utf8_utf16_and_what_else_is_named() -> None:
    assert decode_text("brands\nanna\n".encode("utf-16")) == "brands\nanna\n"
    assert decode_text(b"\xef\xbb\xbfanna") == "anna"
    with pytest.raises(TextProblem, match=r"byte 0xE9 at line 2, column 6; it looks like Latin-1 or Windows-1252"):
        decode_text("x\nmarqué\n".encode("latin-1"))
    with pytest.raises(TextProblem, match="looks like UTF-16 without a byte-order mark"):
        decode_text("anna\nbén\n".encode("utf-16-le"))
    with pytest.raises(TextProblem) as binary:
        decode_text(bytes(range(256)))
    assert "looks like" not in binary.value.problem


def test_walk_goes_past_the_recursion_limit_and_reports_what_it_cannot_list(tmp_path: Path) -> None:
    """1,500 levels (os.walk raised RecursionError near 1,000), then past PATH_MAX (listing fails there)."""
    make_deep(tmp_path, 2100)
    try:
        errors: list[Path] = []
        folders = finishes(lambda: sum(1 for _ in walk(tmp_path, lambda folder, exc: errors.append(folder))))
        assert isinstance(folders, int) and folders > 1500
        assert errors  # the first folder whose path is longer than PATH_MAX
    finally:
        remove_deep(tmp_path)


def test_open_regular_checks_the_descriptor_too(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"abc")
    with local_files.open_regular(path) as stream:
        assert stream.read() == b"abc"
