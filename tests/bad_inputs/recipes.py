"""Bad inputs too big or too binary to commit: each recipe turns a copy of the good export into a bad one.

A recipe gets the folder holding the good export (`instagram-tester-2025-06-01-Gd4Xp9Lm/`) and leaves one
bad export in that folder (a zip, a folder or a file). It may return extra config text (e.g. `limits:`).
"""

from __future__ import annotations

import os
import random
import shutil
import stat
import struct
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

EXPORT_NAME = "instagram-tester-2025-06-01-Gd4Xp9Lm"
LISTS = "connections/followers_and_following"
MIB = 1024 * 1024

Recipe = Callable[[Path], "str | None"]
RECIPES: dict[str, Recipe] = {}


def recipe(func: Recipe) -> Recipe:
    RECIPES[func.__name__] = func
    return func


def export_dir(exports: Path) -> Path:
    return exports / EXPORT_NAME


def zip_folder(folder: Path, extra: dict[str, bytes] | None = None, *, remove_folder: bool = True) -> Path:
    """The export folder as a zip beside it (entries start at `connections/`, as Meta writes them)."""
    target = folder.parent / f"{folder.name}.zip"
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    if remove_folder:
        shutil.rmtree(folder)
    return target


def _replace_export(exports: Path, members: dict[str, bytes], *, as_zip: bool = True,
                    compression: int = zipfile.ZIP_DEFLATED) -> Path:
    shutil.rmtree(export_dir(exports))
    if not as_zip:
        for name, data in members.items():
            path = export_dir(exports) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return export_dir(exports)
    target = exports / f"{EXPORT_NAME}.zip"
    with zipfile.ZipFile(target, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return target


def _good(exports: Path, name: str) -> bytes:
    return (export_dir(exports) / LISTS / name).read_bytes()


# -- encodings and bytes ------------------------------------------------------------------------------


@recipe
def utf16_followers(exports: Path) -> None:
    """UTF-16 with a BOM, as a text editor may save it: read as the same text."""
    path = export_dir(exports) / LISTS / "followers_1.json"
    path.write_bytes(path.read_bytes().decode("ascii").encode("utf-16"))


@recipe
def utf16_without_bom(exports: Path) -> None:
    path = export_dir(exports) / LISTS / "followers_1.json"
    path.write_bytes(path.read_bytes().decode("ascii").encode("utf-16-le"))


@recipe
def latin1_bytes(exports: Path) -> None:
    """A name saved as Latin-1 by a hand edit: bytes that are not UTF-8."""
    path = export_dir(exports) / LISTS / "following.json"
    path.write_bytes(path.read_bytes().replace(b'"dario.k"', b'"dario.k\xe9"', 1))


@recipe
def binary_garbage(exports: Path) -> None:
    rng = random.Random(8)
    (export_dir(exports) / LISTS / "following.json").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))


@recipe
def huge_single_line_garbage(exports: Path) -> None:
    """3 MiB without a newline: refused quickly with a position, never echoed back."""
    (export_dir(exports) / LISTS / "following.json").write_bytes(b"A" * (3 * MIB))


@recipe
def huge_single_line_over_limit(exports: Path) -> str:
    """A valid list on one line, over a `max_file_mb: 1` limit."""
    row = (b'{"title":"","media_list_data":[],"string_list_data":[{"href":"https://www.instagram.com/u%d",'
           b'"value":"u%d","timestamp":1759305600}]}')
    body = b",".join(row % (i, i) for i in range(20_000))
    (export_dir(exports) / LISTS / "followers_1.json").write_bytes(b"[" + body + b"]")
    return "limits:\n  max_file_mb: 1\n"


@recipe
def deep_nesting(exports: Path) -> None:
    (export_dir(exports) / LISTS / "following.json").write_bytes(b"[" * 200_000 + b"]" * 200_000)


@recipe
def huge_integer_timestamp(exports: Path) -> None:
    path = export_dir(exports) / LISTS / "followers_1.json"
    path.write_bytes(path.read_bytes().replace(b"1759305600", b"9" * 5000, 1))


# -- folders -------------------------------------------------------------------------------------------


@recipe
def missing_followers_part(exports: Path) -> None:
    """followers_1 and followers_3 without followers_2: built, with a warning and marked partial."""
    folder = export_dir(exports) / LISTS
    data = (folder / "followers_1.json").read_bytes()
    (folder / "followers_3.json").write_bytes(data.replace(b"anna.example", b"zed.example"))


@recipe
def followers_only(exports: Path) -> None:
    (export_dir(exports) / LISTS / "following.json").unlink()


@recipe
def folder_for_file(exports: Path) -> None:
    """`following.json` is a folder (an unzip gone wrong)."""
    path = export_dir(exports) / LISTS / "following.json"
    path.unlink()
    (path / "inner").mkdir(parents=True)


@recipe
def unreadable_file(exports: Path) -> None:
    """chmod 000; root reads it anyway, so the test skips itself when run as root."""
    path = export_dir(exports) / LISTS / "following.json"
    path.chmod(0)


@recipe
def fifo_for_file(exports: Path) -> None:
    """A named pipe where a file belongs: reading it would wait forever."""
    path = export_dir(exports) / LISTS / "following.json"
    path.unlink()
    os.mkfifo(path)


@recipe
def symlink_in_folder(exports: Path) -> None:
    """following.json links outside the export: never followed."""
    path = export_dir(exports) / LISTS / "following.json"
    outside = exports.parent / "outside.json"
    outside.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(outside)


@recipe
def empty_export_folder(exports: Path) -> None:
    shutil.rmtree(export_dir(exports))
    export_dir(exports).mkdir()


@recipe
def unknown_single_file(exports: Path) -> None:
    """`exports:` holds one file that is no export at all."""
    shutil.rmtree(export_dir(exports))
    (exports / "notes.dat").write_bytes(b"buy milk\n")


# -- zips ----------------------------------------------------------------------------------------------


@recipe
def empty_zip(exports: Path) -> None:
    _replace_export(exports, {})


@recipe
def zip_of_another_platform(exports: Path) -> None:
    _replace_export(exports, {
        "Takeout/YouTube and YouTube Music/subscriptions/subscriptions.csv":
            b"Channel Id,Channel Url,Channel Title\nUC1,http://www.youtube.com/channel/UC1,Some channel\n",
        "Takeout/archive_browser.html": b"<!DOCTYPE html><html><body>Takeout</body></html>",
    })


@recipe
def zip_mixed_json_html(exports: Path) -> None:
    """followers as JSON, following as HTML (two partial downloads merged): read both, with a warning."""
    html = ('<html><body><main><div><div><div><a target="_blank" href="https://www.instagram.com/{h}">{h}</a>'
            '</div><div>Oct 21, 2025 9:00 am</div></div></div></main></body></html>')
    members = {f"{LISTS}/followers_1.json": _good(exports, "followers_1.json"),
               f"{LISTS}/following.html": "".join(html.format(h=h) for h in ("anna.example", "dario.k")).encode()}
    _replace_export(exports, members)


@recipe
def zip_encrypted(exports: Path) -> None:
    """ZipCrypto flag set on every entry (zipfile cannot write encrypted entries, so we set the bit)."""
    target = zip_folder(export_dir(exports))
    data = bytearray(target.read_bytes())
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at != -1:
            flags = struct.unpack_from("<H", data, at + flag_offset)[0]
            struct.pack_into("<H", data, at + flag_offset, flags | 0x1)
            at = data.find(signature, at + 4)
    target.write_bytes(bytes(data))


@recipe
def zip_bomb(exports: Path) -> None:
    """20 MiB of spaces deflate to ~20 KiB: refused by ratio before inflating."""
    members = {f"{LISTS}/following.json": _good(exports, "following.json"),
               f"{LISTS}/followers_1.json": b"[" + b" " * (20 * MIB) + b"]"}
    _replace_export(exports, members)


@recipe
def zip_declared_over_limit(exports: Path) -> str:
    members = {f"{LISTS}/following.json": _good(exports, "following.json"),
               f"{LISTS}/followers_1.json": b"[" + b" " * (2 * MIB) + b"]"}
    _replace_export(exports, members, compression=zipfile.ZIP_STORED)
    return "limits:\n  max_file_mb: 1\n"


@recipe
def zip_too_many_members(exports: Path) -> str:
    zip_folder(export_dir(exports), {f"media/{i}.jpg": b"" for i in range(10)})
    return "limits:\n  max_members: 5\n"


@recipe
def zip_slip_names(exports: Path) -> None:
    """`../` and absolute names next to a good export: ignored with a warning, never written anywhere."""
    zip_folder(export_dir(exports), {"../../evil-slip.json": b"[]", "/tmp/evil-slip-abs.json": b"[]",
                                     f"{LISTS}/../../../evil-slip-2.json": b"[]"})


@recipe
def zip_symlink_entry(exports: Path) -> None:
    """following.json stored as a symbolic link to /etc/passwd: ignored, never followed."""
    target = zip_folder(export_dir(exports))
    rebuilt = target.with_name("rebuilt.zip")
    with zipfile.ZipFile(target) as source, zipfile.ZipFile(rebuilt, "w") as archive:
        for info in source.infolist():
            if info.filename.endswith("following.json"):
                link = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                link.external_attr = (stat.S_IFLNK | 0o777) << 16
                archive.writestr(link, "/etc/passwd")
            else:
                archive.writestr(info, source.read(info))
    rebuilt.replace(target)


@recipe
def zip_cut_off(exports: Path) -> None:
    target = zip_folder(export_dir(exports))
    data = target.read_bytes()
    target.write_bytes(data[: len(data) // 2])


@recipe
def zip_damaged_member(exports: Path) -> None:
    """One byte of compressed data flipped: the CRC check fails while reading."""
    target = _replace_export(exports, {f"{LISTS}/following.json": _good(exports, "following.json"),
                                       f"{LISTS}/followers_1.json": _good(exports, "followers_1.json")},
                             compression=zipfile.ZIP_STORED)
    data = bytearray(target.read_bytes())
    at = data.find(b"dario.k")
    data[at] ^= 0x20
    target.write_bytes(bytes(data))


@recipe
def zip_overlapping_entries(exports: Path) -> None:
    """CVE-2024-0450: a second central record pointing at the first entry's data."""
    target = _replace_export(exports, {f"{LISTS}/following.json": _good(exports, "following.json"),
                                       f"{LISTS}/followers_1.json": _good(exports, "followers_1.json")},
                             compression=zipfile.ZIP_STORED)
    data = bytearray(target.read_bytes())
    central = data.find(b"PK\x01\x02", data.find(b"PK\x01\x02") + 4)
    struct.pack_into("<L", data, central + 42, 0)
    target.write_bytes(bytes(data))


@recipe
def zip_inside_zip(exports: Path) -> None:
    """The export zipped again: nested archives are not opened."""
    inner = zip_folder(export_dir(exports))
    outer = exports / "outer-2025-06-01.zip"
    with zipfile.ZipFile(outer, "w") as archive:
        archive.write(inner, inner.name)
    inner.unlink()


@recipe
def zip_named_but_not_zip(exports: Path) -> None:
    shutil.rmtree(export_dir(exports))
    (exports / f"{EXPORT_NAME}.zip").write_bytes(b"<html>download failed</html>")


@recipe
def zip_duplicate_entries(exports: Path) -> None:
    """The same member twice in one zip (zipfile warns, then writes it): the later one is read, with no error."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        zip_folder(export_dir(exports), {f"{LISTS}/following.json": _good(exports, "following.json")})


# -- round two (issue #14): hostile values and files ---------------------------------------------------------

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "importers"))
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _other_export(exports: Path, fixture: str, name: str | None = None) -> Path:
    """Replace the good export with a copy of a fixture export (tests/fixtures/<platform>/<export>)."""
    shutil.rmtree(export_dir(exports))
    source = FIXTURES / fixture
    target = exports / (name or source.name)
    shutil.copytree(source, target)
    return target


@recipe
def bluesky_value_sharing(exports: Path) -> None:
    """The 718-byte hang: a follow whose subject uses CBOR value sharing (2^60 leaves where it is honoured)."""
    from car_export import dag, head, repository

    value = head(6, 28) + dag("did:plc:x")
    for _ in range(60):
        value = head(6, 28) + head(4, 2) + (head(6, 29) + dag(0)) * 2
    body = dag({"$type": "app.bsky.graph.follow", "createdAt": "2025-01-01T00:00:00Z"})
    record = bytes([body[0] + 1]) + body[1:] + dag("subject") + value
    car = repository("did:plc:ownerownerownerowner0001", {"app.bsky.graph.follow/3lzzzzzzzzz2z": record}).car()
    shutil.rmtree(export_dir(exports))
    (exports / "bsky-export-2026-03-03").mkdir()
    (exports / "bsky-export-2026-03-03" / "repo.car").write_bytes(car)


@recipe
def bluesky_history_blocks(exports: Path) -> None:
    """Blocks of deleted and rewritten follows beside the current tree: not follows, and no warning about them."""
    _other_export(exports, "bluesky/bsky-export-history-2026-04-01")


@recipe
def bluesky_dates_out_of_range(exports: Path) -> None:
    from car_export import follow, repository

    records = {"app.bsky.graph.follow/3laddfmodl20z": follow("did:plc:a", "9999-12-31T23:59:59-12:00"),
               "app.bsky.graph.follow/3laddfmodl21z": follow("did:plc:b", "0001-01-01T00:00:00+14:00"),
               "app.bsky.graph.follow/3laddfmodl22z": follow("did:plc:c", "2025-01-01T00:00:00Z")}
    shutil.rmtree(export_dir(exports))
    (exports / "bsky-export-2026-03-03").mkdir()
    (exports / "bsky-export-2026-03-03" / "repo.car").write_bytes(repository("did:plc:me", records).car())


@recipe
def part_number_huge_zip(exports: Path) -> None:
    """The 750-byte zip: `followers_99999999999.json` once made the missing-parts check build 10^11 numbers."""
    zip_folder(export_dir(exports), {f"{LISTS}/followers_99999999999.json": b"[]"})


@recipe
def part_number_5000_digits(exports: Path) -> None:
    """A part number past Python's 4,300-digit int() limit."""
    zip_folder(export_dir(exports), {f"{LISTS}/followers_{'9' * 5000}.json": b"[]"})


@recipe
def part_number_gap_of_a_million(exports: Path) -> None:
    """followers_1 and followers_999999: a gap counted, never listed."""
    zip_folder(export_dir(exports), {f"{LISTS}/followers_999999.json": _good(exports, "followers_1.json")})


@recipe
def exports_is_fifo(exports: Path) -> None:
    """`exports:` names a named pipe: the snapshot cache fingerprinted it by reading it (forever)."""
    shutil.rmtree(exports)
    os.mkfifo(exports)


@recipe
def exports_is_dev_zero(exports: Path) -> None:
    """`exports:` is a link to /dev/zero: a build once read 24 GB of zeros before the kernel stopped it."""
    shutil.rmtree(exports)
    exports.symlink_to("/dev/zero")


@recipe
def allowlist_is_fifo(exports: Path) -> str:
    os.mkfifo(exports.parent / "allow-pipe")
    return "    allowlist: allow-pipe\n"


@recipe
def ignore_is_dev_zero(exports: Path) -> str:
    return "    ignore: /dev/zero\n"


@recipe
def allowlist_utf16(exports: Path) -> str:
    """Saved by Windows Notepad as "Unicode": UTF-16 with a BOM, read as the same text."""
    (exports.parent / "allow.txt").write_bytes("# brands\r\ncleo.photos\r\n".encode("utf-16"))
    return "    allowlist: allow.txt\n"


@recipe
def allowlist_latin1(exports: Path) -> str:
    (exports.parent / "allow.txt").write_bytes("# marques préférées\ncleo.photos\n".encode("latin-1"))
    return "    allowlist: allow.txt\n"


@recipe
def instagram_timestamp_1e15(exports: Path) -> None:
    """A timestamp of 10^15 (year 33658 as milliseconds): that date is dropped, with a warning; the build goes on."""
    path = export_dir(exports) / LISTS / "followers_1.json"
    path.write_bytes(path.read_bytes().replace(b"1759305600", b"1000000000000000", 1))


@recipe
def facebook_timestamp_1e16(exports: Path) -> None:
    target = _other_export(exports, "facebook/export-2026", "facebook-tester-2026-02-01")
    path = target / "connections" / "followers" / "people_who_followed_you.json"
    path.write_bytes(b'{"followers_v3": [{"name": "Ana Example", "timestamp": 10000000000000000},\n'
                     b'                  {"name": "Ben Example", "timestamp": 1759305600}]}\n')


@recipe
def owner_from_export_unsafe(exports: Path) -> None:
    """TikTok's ProfileMap names the owner with U+202E and 10,000 characters: dropped with a warning."""
    target = _other_export(exports, "tiktok/TikTok_Data_2026-02-01")
    path = target / "user_data_tiktok.json"
    path.write_bytes(path.read_bytes().replace(b'"me_myself"', b'"evil\\u202etxt.exe' + b"x" * 10_000 + b'"'))


@recipe
def config_nested_50000(exports: Path) -> str:
    return "site:\n  title: " + "[" * 50_000 + "]" * 50_000 + "\n"


@recipe
def config_number_5000_digits(exports: Path) -> str:
    return "limits:\n  max_file_mb: " + "9" * 5000 + "\n"


@recipe
def tiktok_txt_latin1(exports: Path) -> None:
    """A TikTok TXT file re-saved as Latin-1: the encoding is named, not "no follower data found"."""
    target = _other_export(exports, "tiktok/TikTok_Data_TXT_2024-04-02")
    path = target / "Activity" / "Follower.txt"
    path.write_bytes(path.read_bytes().replace(b"fan.one", "fan.oné".encode("latin-1")))


@recipe
def mastodon_csv_latin1(exports: Path) -> None:
    target = _other_export(exports, "mastodon/mastodon-4-2026-03-01")
    path = target / "following_accounts.csv"
    path.write_bytes(path.read_bytes().replace(b"alice@", "alicé@".encode("latin-1")))


def _patch_zip_method(target: Path, member_suffix: str, method: int) -> None:
    """Set the compression method of one member in its local and central headers."""
    data = bytearray(target.read_bytes())
    for signature, offset, name_at in ((b"PK\x03\x04", 8, 30), (b"PK\x01\x02", 10, 46)):
        at = data.find(signature)
        while at != -1:
            name_length = struct.unpack_from("<H", data, at + name_at - (4 if signature == b"PK\x03\x04" else 18))[0]
            name = bytes(data[at + name_at:at + name_at + name_length])
            if name.endswith(member_suffix.encode()):
                struct.pack_into("<H", data, at + offset, method)
            at = data.find(signature, at + 4)
    target.write_bytes(bytes(data))


@recipe
def zip_deflate64(exports: Path) -> None:
    """Windows' "Compressed folder" writes Deflate64 (method 9) for big files: named, without a password hint."""
    _patch_zip_method(zip_folder(export_dir(exports)), "following.json", 9)


@recipe
def zip_version_too_new(exports: Path) -> None:
    """A central header that needs zip version 15.9 to extract: zipfile raised NotImplementedError."""
    target = zip_folder(export_dir(exports))
    data = bytearray(target.read_bytes())
    at = data.find(b"PK\x01\x02")
    data[at + 6] = 159
    target.write_bytes(bytes(data))


@recipe
def zip_deflate_stream_damaged(exports: Path) -> None:
    """Deflated data with a bad block header: zlib.error, which is neither OSError nor BadZipFile."""
    target = _replace_export(exports, {f"{LISTS}/following.json": _good(exports, "following.json"),
                                       f"{LISTS}/followers_1.json": _good(exports, "followers_1.json")})
    data = bytearray(target.read_bytes())
    at = data.find(b"PK\x03\x04")
    name_length, extra_length = struct.unpack_from("<HH", data, at + 26)
    data[at + 30 + name_length + extra_length] = 0xFF  # the first deflate block header: an invalid block type
    target.write_bytes(bytes(data))


@recipe
def unreadable_threads_folder(exports: Path) -> None:
    """chmod 000 on the Threads folder: a warning that names it, not silence."""
    folder = export_dir(exports) / "your_instagram_activity" / "threads"
    folder.mkdir(parents=True)
    (folder / "followers.json").write_bytes(b'{"text_post_app_text_post_app_followers": []}')
    folder.chmod(0)


@recipe
def html_unclosed_comments(exports: Path) -> None:
    """2 MB of `<!--x` after the list: html.parser rescanned the rest of the page for each (hours)."""
    html = ('<html><body><main><div><div><div><a target="_blank" href="https://www.instagram.com/{h}">{h}</a>'
            '</div><div>Oct 21, 2025 9:00 am</div></div></div></main></body></html>')
    page = "".join(html.format(h=h) for h in ("anna.example", "dario.k")) + "<!--x" * 400_000
    members = {f"{LISTS}/followers_1.json": _good(exports, "followers_1.json"), f"{LISTS}/following.html": page.encode()}
    _replace_export(exports, members, as_zip=False)


@recipe
def activity_files_of_other_shapes(exports: Path) -> None:
    """Engagement files whose values have other types count nothing; one nested too deep is named in a warning.
    None fails the build."""
    base = export_dir(exports) / "your_instagram_activity"
    files = {"likes/liked_posts.json": b'[{"label_values": 5}, {"label_values": [{"title": "Owner", "dict": 7}]}]',
             "messages/inbox/anna_1/message_1.json": b'{"participants": 5, "messages": 7}',
             "messages/inbox/ben_2/message_1.json": b'{"participants": [{"name": 5}], "messages": [{"sender_name": 1}]}',
             "comments/post_comments_1.json": b"[" * 100_000}
    for name, data in files.items():
        (base / name).parent.mkdir(parents=True, exist_ok=True)
        (base / name).write_bytes(data)
