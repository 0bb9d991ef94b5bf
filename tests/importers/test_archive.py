"""Reading exports without extracting them: member listing, junk, zip-slip, symlinks, bombs, encryption."""

from __future__ import annotations

import stat
import struct
import zipfile
from pathlib import Path

import pytest

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
