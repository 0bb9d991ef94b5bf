"""Checks of a zip's structure before anything in it is inflated (importers/archive.py reads the members).

A member is refused by its header alone when it is encrypted, compressed with a method zipfile cannot inflate
(Windows' "Compressed folder" writes Deflate64 for big files), or declares more than the limits allow; an
archive whose members overlap (the "quoted-overlap" zip bomb) is refused whole.
"""

from __future__ import annotations

import lzma
import struct
import zipfile
import zlib

from followscope_site.errors import InputError, excerpt

_MIB = 1024 * 1024

# What inflating a damaged member raises: zipfile's own errors, and the decompressors' (zlib.error, LZMAError;
# bz2 raises OSError), none of which is a subclass of the others.
INFLATE_ERRORS = (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError, zlib.error,
                  lzma.LZMAError)

# Methods zipfile inflates; Deflate64 (9) is what Windows' "Send to → Compressed folder" writes for big files.
_READABLE_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_AES = 99  # WinZip AES encryption: the real method is in an extra field
_METHOD_NAMES = {9: "Deflate64", 6: "Implode", 1: "Shrink", 93: "Zstandard", 95: "XZ", 98: "PPMd"}

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")


def is_folder(info: zipfile.ZipInfo) -> bool:
    """ZipInfo.is_dir() without its IndexError for an empty name (a zeroed name length, or a NUL first)."""
    return info.filename.endswith("/")


def check_overlaps(display: str, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse members whose data overlap (the "quoted-overlap" zip bomb, CVE-2024-0450).

    CPython fixed this in 3.11.8; the 3.11.7 we run on lacks the check, so we make it ourselves.
    """
    spans = sorted((info for info in infos if not is_folder(info)), key=lambda info: info.header_offset)
    previous_end = 0
    fp = archive.fp
    if fp is None:
        return
    for info in spans:
        offset = info.header_offset
        if offset < previous_end:
            raise InputError(display, f"entry {excerpt(info.filename, 120)} overlaps another entry",
                             "this is a crafted archive (an overlapping-entry zip bomb), not an export")
        try:
            fp.seek(offset)
            header = fp.read(_LOCAL_HEADER.size)
        except OSError:
            return
        if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
            raise InputError(display, f"entry {excerpt(info.filename, 120)} has a damaged header",
                             "download the export again; the file may be cut off")
        fields = _LOCAL_HEADER.unpack(header)
        name_len, extra_len = fields[-2], fields[-1]
        previous_end = offset + _LOCAL_HEADER.size + name_len + extra_len + info.compress_size


def check_member(label: str, info: zipfile.ZipInfo, limit: int, max_ratio: int) -> None:
    """Refuse a member that cannot or must not be inflated, before inflating any of it."""
    if info.compress_type == _AES or info.flag_bits & 0x1:
        raise InputError(label, "the archive is encrypted",
                         "download the export again without a password, or unzip it yourself")
    if info.compress_type not in _READABLE_METHODS:
        method = _METHOD_NAMES.get(info.compress_type, f"compression method {info.compress_type}")
        raise InputError(label, f"is compressed with {method}, which FollowScope cannot read",
                         "unzip the export with your system's unzip tool and point `exports:` at the folder")
    if info.file_size > limit:
        raise InputError(label, f"declares {info.file_size:,} bytes, over the {limit:,} limit",
                         "raise `limits.max_file_mb` in the config if this export is genuine")
    if (info.file_size > _MIB and info.compress_size
            and info.file_size / info.compress_size > max_ratio):
        raise InputError(label,
                         f"compression ratio {info.file_size // max(info.compress_size, 1)}:1 "
                         "looks like a zip bomb", "this is not an export as a platform writes it")
