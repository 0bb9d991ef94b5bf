"""Reading exports without extracting them: member listing, junk, zip-slip, symlinks, bombs, encryption."""

from __future__ import annotations

import os
import stat
import struct
import zipfile
from pathlib import Path

import pytest
from deep_folders import make_deep, remove_deep

from followscope_site.errors import InputError
from followscope_site.importers.archive import ExportFiles, Limits, decode_text


def make_zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_zip_members_skip_macos_junk_and_folders(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "e.zip", {
        "top/connections/followers_and_following/following.json": b"{}",
        "__MACOSX/top/connections/._following.json": b"junk",
        "top/.DS_Store": b"junk",
    })
    with ExportFiles(path) as files:
        assert files.names() == ["top/connections/followers_and_following/following.json"]
        assert files.find("followers_and_following/following.json") == files.names()
        assert files.find("following.json") == files.names()
        assert files.find("wing.json") == []  # suffixes match at a folder boundary only


def test_zip_slip_names_are_never_listed(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "e.zip", {"../../evil.json": b"[]", "/abs/x.json": b"[]", "ok/a.json": b"[]"})
    with ExportFiles(path) as files:
        assert files.names() == ["ok/a.json"]
        assert len(files.skipped) == 2
    assert not (tmp_path.parent / "evil.json").exists()


def test_symlink_entries_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "e.zip"
    with zipfile.ZipFile(path, "w") as archive:
        link = zipfile.ZipInfo("data/link.json")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr("data/real.json", "[]")
    with ExportFiles(path) as files:
        assert files.names() == ["data/real.json"]
        assert any("symbolic link" in s for s in files.skipped)


def test_zip_bomb_refused_before_inflating(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "bomb.zip", {"followers_1.json": b"[" + b" " * (20 * 1024 * 1024) + b"]"})
    with ExportFiles(path) as files, pytest.raises(InputError, match="zip bomb"):
        files.read_bytes("followers_1.json")


def test_declared_size_over_the_limit(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "e.zip", {"a.json": b"x" * 5000}, zipfile.ZIP_STORED)
    with ExportFiles(path, Limits(max_file_bytes=1000)) as files, pytest.raises(InputError, match="limit"):
        files.read_bytes("a.json")


def test_member_count_limit(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "e.zip", {f"f{i}.json": b"[]" for i in range(20)})
    with pytest.raises(InputError, match="entries"):
        ExportFiles(path, Limits(max_members=10))


def test_overlapping_entries_refused(tmp_path: Path) -> None:
    """CVE-2024-0450: two central-directory records pointing at the same local data."""
    path = make_zip(tmp_path / "e.zip", {"a.json": b"[1]", "b.json": b"[2]"}, zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    central = data.find(b"PK\x01\x02", data.find(b"PK\x01\x02") + 4)  # second central record
    struct.pack_into("<L", data, central + 42, 0)  # its local header offset → the first entry's
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match="overlaps"):
        ExportFiles(path)


def test_encrypted_member(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "e.zip", {"a.json": b"[]"}, zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        struct.pack_into("<H", data, at + flag_offset, 1)
    path.write_bytes(bytes(data))
    with ExportFiles(path) as files, pytest.raises(InputError, match="encrypted"):
        files.read_bytes("a.json")


def test_damaged_zip(tmp_path: Path) -> None:
    good = make_zip(tmp_path / "good.zip", {"a.json": b"[]" * 1000})
    cut = tmp_path / "cut.zip"
    cut.write_bytes(good.read_bytes()[:-30])
    with pytest.raises(InputError, match="cut off"):
        ExportFiles(cut)  # no central directory left: a download that stopped early


def test_folder_skips_symlinks_and_reports_folder_for_file(tmp_path: Path) -> None:
    (tmp_path / "export" / "sub").mkdir(parents=True)
    (tmp_path / "export" / "a.json").write_text("[]")
    (tmp_path / "secret.json").write_text("[]")
    (tmp_path / "export" / "link.json").symlink_to(tmp_path / "secret.json")
    with ExportFiles(tmp_path / "export") as files:
        assert files.names() == ["a.json"]
        assert files.label("a.json").endswith("a.json")


def test_missing_path() -> None:
    with pytest.raises(InputError, match="no such file"):
        ExportFiles(Path("/nonexistent/export.zip"))


def test_unreadable_file(tmp_path: Path) -> None:
    import os

    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = tmp_path / "a.json"
    path.write_text("[]")
    path.chmod(0)
    with ExportFiles(tmp_path) as files, pytest.raises(InputError, match="permission"):
        files.read_bytes("a.json")


@pytest.mark.parametrize(("data", "text"), [
    (b"\xef\xbb\xbf[1]", "[1]"),
    ("[1]".encode("utf-16"), "[1]"),
    (b"[1]", "[1]"),
])
def test_decode_text(data: bytes, text: str) -> None:
    assert decode_text(data, "x") == text


def test_decode_text_refuses_binary() -> None:
    with pytest.raises(InputError, match="not UTF-8"):
        decode_text(b"\x89PNG\r\n\x1a\n\xff\xfe", "x.json")


# -- round two (issue #14): pipes, devices, deep folders, unreadable methods ---------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_an_export_that_is_a_pipe_or_a_device_is_refused_unopened(tmp_path: Path) -> None:
    pipe = tmp_path / "export.zip"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match="is a named pipe, not an export"):
        ExportFiles(pipe)
    if Path("/dev/zero").exists():
        link = tmp_path / "zero"
        link.symlink_to("/dev/zero")
        with pytest.raises(InputError, match="is a device, not an export"):
            ExportFiles(link)


def test_a_folder_deeper_than_the_recursion_limit_is_listed(tmp_path: Path) -> None:
    export = tmp_path / "export"
    (export / "connections").mkdir(parents=True)
    (export / "connections" / "following.json").write_bytes(b"{}")
    make_deep(export / "connections", 1500)
    try:
        with ExportFiles(export) as files:
            assert "connections/following.json" in files.names()
            assert files.skipped == []
    finally:
        remove_deep(export / "connections")


def test_a_folder_that_cannot_be_listed_is_named_in_a_warning(tmp_path: Path) -> None:
    """Past PATH_MAX a folder cannot be listed, whoever runs the test (chmod 000 does not stop root)."""
    export = tmp_path / "export"
    export.mkdir()
    (export / "following.json").write_bytes(b"{}")
    make_deep(export, 2100)
    try:
        with ExportFiles(export) as files:
            assert files.names() == ["following.json"]
            [warning] = files.skipped
            assert warning.startswith("d/d/d/") and "the folder cannot be read" in warning
            assert warning.endswith("; the files in it are left out")
    finally:
        remove_deep(export)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads a chmod 000 folder")
def test_an_unreadable_export_folder_is_an_error(tmp_path: Path) -> None:
    export = tmp_path / "export"
    export.mkdir()
    export.chmod(0)
    try:
        with pytest.raises(InputError, match="the folder cannot be read"):
            ExportFiles(export)
    finally:
        export.chmod(0o700)


def _with_method(path: Path, method: int, flags: int = 0) -> Path:
    data = bytearray(path.read_bytes())
    for signature, method_at, flags_at in ((b"PK\x03\x04", 8, 6), (b"PK\x01\x02", 10, 8)):
        at = data.find(signature)
        struct.pack_into("<H", data, at + method_at, method)
        struct.pack_into("<H", data, at + flags_at, struct.unpack_from("<H", data, at + flags_at)[0] | flags)
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(("method", "flags", "problem"), [
    (9, 0, "is compressed with Deflate64, which FollowScope cannot read"),
    (6, 0, "is compressed with Implode"),
    (99, 0, "the archive is encrypted"),  # WinZip AES
    (0, 1, "the archive is encrypted"),  # ZipCrypto
])
def test_members_zipfile_cannot_inflate_are_named_before_inflating(tmp_path: Path, method: int, flags: int,
                                                                   problem: str) -> None:
    path = _with_method(make_zip(tmp_path / "e.zip", {"following.json": b"{}"}, zipfile.ZIP_STORED), method, flags)
    with ExportFiles(path) as files, pytest.raises(InputError) as caught:
        files.read_bytes("following.json")
    assert problem in caught.value.line()
    if "encrypted" not in problem:
        assert "password" not in caught.value.line() and "unzip" in caught.value.line()


def test_a_zip_that_needs_a_newer_zip_version_is_not_readable(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "e.zip", {"following.json": b"{}"})
    data = bytearray(path.read_bytes())
    data[data.find(b"PK\x01\x02") + 6] = 159
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match=r"not a readable zip archive \(zip file version 15.9\)"):
        ExportFiles(path)


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_LZMA])
def test_a_damaged_compressed_stream_is_damage_not_a_crash(tmp_path: Path, method: int) -> None:
    """zlib.error and LZMAError are neither OSError nor BadZipFile (found by the zip-layer fuzz strategy)."""
    path = make_zip(tmp_path / "e.zip", {"following.json": b'{"a": 1}' * 1000}, method)
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x03\x04")
    name_length, extra_length = struct.unpack_from("<HH", data, at + 26)
    start = at + 30 + name_length + extra_length
    for offset in range(start, start + 24):
        data[offset] ^= 0xA5
    path.write_bytes(bytes(data))
    with ExportFiles(path) as files, pytest.raises(InputError, match="is damaged inside the zip"):
        files.read_bytes("following.json")


def test_peek_text_replaces_bad_bytes_so_detection_still_works(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "e.zip", {"Follower.txt": "Date: 2024\nUsername: fan\xe9\n".encode("latin-1"),
                                         "u16.txt": "Username: x\n".encode("utf-16")})
    with ExportFiles(path) as files:
        assert files.peek_text("Follower.txt").startswith("Date: 2024\nUsername: fan\ufffd")
        assert files.peek_text("u16.txt") == "Username: x\n"
        with pytest.raises(InputError, match="it looks like Latin-1"):
            files.read_text("Follower.txt")


def test_a_member_with_an_empty_name_is_skipped_not_a_crash(tmp_path: Path) -> None:
    """Found by the zip-layer fuzz strategy: ZipInfo.is_dir() raises IndexError for an empty name."""
    path = make_zip(tmp_path / "e.zip", {"Ax": b"{}", "following.json": b"{}"}, zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    central = data.find(b"PK\x01\x02")
    data[central + 46] = 0  # the first central name starts with NUL: zipfile cuts the name there, to ""
    path.write_bytes(bytes(data))
    try:
        files = ExportFiles(path)
    except InputError:
        return  # refused whole is fine too; a crash is not
    with files:
        assert "following.json" in files.names()
        assert any("unsafe path" in w for w in files.skipped)
