"""Read an export as downloaded (a zip) or unzipped (a folder) without ever extracting it.

Members are addressed by their path inside the export, in POSIX form. Zip members are read in memory
under size, count and ratio limits, so a hostile archive cannot fill the disk or the memory
(perf-security-browser.md §2.4); a folder is walked without following symbolic links.
"""

from __future__ import annotations

import copy
import os
import stat
import struct
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from followscope_site.errors import InputError

_MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Resource bounds for one export; the config's `limits:` section can change them."""

    max_file_bytes: int = 1024 * _MIB  # one member, as declared and as read
    max_total_bytes: int = 4096 * _MIB  # all members we read from one export
    max_members: int = 200_000  # entries in one archive or files in one folder
    max_ratio: int = 200  # uncompressed / compressed size of a member larger than 1 MiB
    max_entries: int = 20_000_000  # accounts in one list


# Suffixes of export files: a folder named like one is an unzip gone wrong, worth a warning.
_DATA_SUFFIXES = {".json", ".html", ".csv", ".js", ".txt"}

# Files a zip or an OS adds that are never part of an export.
_JUNK_PARTS = {"__MACOSX", ".DS_Store", "Thumbs.db", "desktop.ini"}


def _is_junk(path: PurePosixPath) -> bool:
    return any(part in _JUNK_PARTS or part.startswith("._") for part in path.parts)


def _safe_member_name(name: str) -> str | None:
    """The member's path, or None when it is absolute or climbs out with `..` (zip-slip)."""
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


class ExportFiles:
    """The files of one export: a zip archive, a folder, or a single file treated as a folder of one."""

    def __init__(self, path: Path, limits: Limits | None = None, display: str | None = None) -> None:
        self.path = path
        self.limits = limits or Limits()
        self.display = display or str(path)  # how messages name the export
        self.skipped: list[str] = []  # members refused for safety, with the reason
        self._bytes_read = 0
        self._zip: zipfile.ZipFile | None = None
        self._zip_infos: dict[str, zipfile.ZipInfo] = {}
        self._folder_files: dict[str, Path] = {}
        self._names: list[str] | None = None
        self._split: list[tuple[tuple[str, ...], str, str]] | None = None
        # Importers' indexes of the member names (e.g. instagram's list parts), made once per export: an
        # export with 20,000 media files is scanned by a dozen importers' detect() and read().
        self.derived: dict[str, object] = {}
        if not path.exists():
            raise InputError(self.display, "no such file or folder", "check the `exports:` path in the config")
        if not path.is_dir() and not path.is_file():
            # A named pipe or a device: opening it could wait forever or never end.
            raise InputError(self.display, "is not a regular file or folder (a pipe or a device)",
                             "point `exports:` at the export zip or folder")
        if path.is_dir():
            self.kind = "folder"
            self._scan_folder()
        elif zipfile.is_zipfile(path):
            self.kind = "zip"
            self._open_zip()
        elif path.suffix.lower() == ".zip":
            raise InputError(self.display, "is not a readable zip archive (its end is missing or damaged)",
                             "the download may be cut off or still running: download the export again")
        else:
            self.kind = "file"
            self._folder_files = {path.name: path}

    # -- opening ---------------------------------------------------------------------------------

    def _scan_folder(self) -> None:
        count = 0
        for root, dirs, files in os.walk(self.path, followlinks=False):
            dirs[:] = sorted(d for d in dirs if d not in _JUNK_PARTS and not d.startswith("."))
            for name in dirs:
                if PurePosixPath(name).suffix.lower() in _DATA_SUFFIXES:
                    rel = Path(root, name).relative_to(self.path).as_posix()
                    self.skipped.append(f"{rel}: a folder where a file was expected, ignored")
            for name in sorted(files):
                full = Path(root, name)
                rel = full.relative_to(self.path).as_posix()
                if _is_junk(PurePosixPath(rel)):
                    continue
                try:
                    mode = full.lstat().st_mode
                except OSError:
                    continue  # removed while we walked
                if stat.S_ISLNK(mode):
                    self.skipped.append(f"{rel}: symbolic link, not followed")
                    continue
                if not stat.S_ISREG(mode):
                    # A named pipe, socket or device would block or never end when read.
                    self.skipped.append(f"{rel}: not a regular file (a pipe or a device), ignored")
                    continue
                count += 1
                if count > self.limits.max_members:
                    raise InputError(self.display, f"more than {self.limits.max_members:,} files",
                                     "point `exports:` at the export folder itself, not a parent folder")
                self._folder_files[rel] = full

    def _open_zip(self) -> None:
        try:
            archive = zipfile.ZipFile(self.path)
            infos = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise InputError(self.display, f"not a readable zip archive ({exc})",
                             "download the export again; the file may be cut off") from None
        if len(infos) > self.limits.max_members:
            raise InputError(self.display, f"zip holds {len(infos):,} entries, more than {self.limits.max_members:,}",
                             "this is not an export as a platform writes it")
        self._zip = archive
        _check_overlaps(self.display, archive, infos)
        for info in infos:
            if info.is_dir():
                continue
            name = _safe_member_name(info.filename)
            if name is None:
                self.skipped.append(f"{info.filename}: unsafe path (absolute or '..'), ignored")
                continue
            if _is_junk(PurePosixPath(name)):
                continue
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                self.skipped.append(f"{name}: symbolic link entry, ignored")
                continue
            self._zip_infos[name] = info

    # -- listing ---------------------------------------------------------------------------------

    def names(self) -> list[str]:
        """Every member path, sorted (made once; not to be changed by the caller)."""
        if self._names is None:
            self._names = sorted(self._zip_infos if self._zip is not None else self._folder_files)
        return self._names

    def split_names(self) -> list[tuple[tuple[str, ...], str, str]]:
        """(folders, file name), both lower-cased, and the member path of every member, sorted by path."""
        if self._split is None:
            self._split = []
            for name in self.names():
                *folders, file_name = name.lower().split("/")
                self._split.append((tuple(folders), file_name, name))
        return self._split

    def find(self, *suffixes: str) -> list[str]:
        """Members whose path ends with one of the suffixes at a folder boundary (case-insensitive)."""
        wanted = [s.lower().lstrip("/") for s in suffixes]
        found = []
        for name in self.names():
            low = name.lower()
            if any(low == s or low.endswith("/" + s) for s in wanted):
                found.append(name)
        return found

    def size(self, name: str) -> int:
        if self._zip is not None:
            return self._zip_infos[name].file_size
        return self._folder_files[name].stat().st_size

    def mtime(self) -> datetime:
        """When the export was written to disk, as a fallback export date."""
        return datetime.fromtimestamp(self.path.stat().st_mtime, tz=UTC)

    def entry_time(self) -> datetime | None:
        """The newest entry time of a zip, read as UTC, when it is plausible (2010 to tomorrow); else None.

        Zip times carry no time zone and default to 1980-01-01 when a packer writes none.
        """
        if self._zip is None:
            return None
        newest = None
        latest = datetime.now(tz=UTC).timestamp() + 86_400
        for info in self._zip_infos.values():
            try:
                when = datetime(*info.date_time, tzinfo=UTC)
            except ValueError:
                continue
            if when.year >= 2010 and when.timestamp() <= latest and (newest is None or when > newest):
                newest = when
        return newest

    def label(self, name: str) -> str:
        """How messages name a member: `export.zip!path/in/zip` or the file's own path."""
        if self._zip is not None:
            return f"{self.display}!{name}"
        if self.kind == "file":
            return self.display
        return str(Path(self.display, name))

    # -- reading ---------------------------------------------------------------------------------

    def read_bytes(self, name: str) -> bytes:
        """The member's bytes, refusing anything over the limits before and while reading it."""
        limit = self.limits.max_file_bytes
        if self._zip is not None:
            info = self._zip_infos[name]
            if info.flag_bits & 0x1:
                raise InputError(self.label(name), "the archive is encrypted",
                                 "download the export again without a password, or unzip it yourself")
            if info.file_size > limit:
                raise InputError(self.label(name), f"declares {info.file_size:,} bytes, over the {limit:,} limit",
                                 "raise `limits.max_file_mb` in the config if this export is genuine")
            if (info.file_size > _MIB and info.compress_size
                    and info.file_size / info.compress_size > self.limits.max_ratio):
                raise InputError(self.label(name),
                                 f"compression ratio {info.file_size // max(info.compress_size, 1)}:1 "
                                 "looks like a zip bomb", "this is not an export as a platform writes it")
            data = self._read_capped_zip(name, info, limit)
        else:
            path = self._folder_files[name]
            try:
                mode = path.lstat().st_mode
                if stat.S_ISDIR(mode):
                    raise InputError(self.label(name), "is a folder where a file was expected")
                if not stat.S_ISREG(mode):  # replaced by a pipe or a link since the folder was listed
                    raise InputError(self.label(name), "is not a regular file", "replace it with the export's file")
                size = path.stat().st_size
                if size > limit:
                    raise InputError(self.label(name), f"{size:,} bytes, over the {limit:,} limit",
                                     "raise `limits.max_file_mb` in the config if this export is genuine")
                with path.open("rb") as stream:
                    data = stream.read(limit + 1)  # a file that grew since stat() stops at the limit
                if len(data) > limit:
                    raise InputError(self.label(name), f"grew past the {limit:,}-byte limit while being read",
                                     "wait until the export is fully written, then build again")
            except PermissionError:
                raise InputError(self.label(name), "permission denied",
                                 "make the file readable (chmod u+r)") from None
            except IsADirectoryError:
                raise InputError(self.label(name), "is a folder where a file was expected") from None
            except OSError as exc:
                raise InputError(self.label(name), f"cannot be read ({exc.strerror or exc})") from None
        self.count_read(len(data))
        return data

    def count_read(self, size: int) -> None:
        """Add to the bytes read from this export, refusing more than `limits.max_total_mb` in all."""
        self._bytes_read += size
        if self._bytes_read > self.limits.max_total_bytes:
            raise InputError(self.display, f"more than {self.limits.max_total_bytes:,} bytes of export data",
                             "raise `limits.max_total_mb` in the config if this export is genuine")

    @property
    def bytes_read(self) -> int:
        """What read_bytes has counted so far (count_read included)."""
        return self._bytes_read

    def look_ahead(self, own_descriptor: bool = False) -> ExportFiles | None:
        """A copy that reads members without counting them against this export's total (the caller counts
        what it keeps, with count_read), for importers that read ahead (importers/parallel.py).

        own_descriptor=True (a forked child reading at the same time): a zip is read through a descriptor of
        its own, since a shared one has one file offset for both processes. None when the zip on disk is no
        longer the one opened (replaced since): then the caller reads the normal way.
        """
        twin = copy.copy(self)
        twin._bytes_read = 0
        if self._zip is None or not own_descriptor:
            return twin
        stream = None
        try:
            stream = open(self.path, "rb")  # noqa: SIM115  # owned by the copy's ZipFile, closed with it
            opened, now = os.fstat(self._zip.fp.fileno()), os.fstat(stream.fileno())  # type: ignore[union-attr]
            if (opened.st_dev, opened.st_ino) != (now.st_dev, now.st_ino):
                stream.close()
                return None
            twin._zip = zipfile.ZipFile(stream)
        except (OSError, zipfile.BadZipFile, ValueError, AttributeError):
            if stream is not None:
                stream.close()
            return None
        return twin

    def _read_capped_zip(self, name: str, info: zipfile.ZipInfo, limit: int) -> bytes:
        assert self._zip is not None
        chunks: list[bytes] = []
        total = 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(_MIB):
                    total += len(chunk)
                    if total > limit:
                        raise InputError(self.label(name), f"inflates past the {limit:,}-byte limit",
                                         "this is not an export as a platform writes it")
                    chunks.append(chunk)
        except RuntimeError as exc:  # zipfile raises RuntimeError for encrypted members
            raise InputError(self.label(name), f"cannot be read ({exc})",
                             "download the export again without a password") from None
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise InputError(self.label(name), f"is damaged inside the zip ({exc})",
                             "download the export again; the file may be cut off") from None
        return b"".join(chunks)

    def read_text(self, name: str) -> str:
        """The member decoded as text: UTF-8 (a BOM is dropped) or UTF-16 with a BOM."""
        return decode_text(self.read_bytes(name), self.label(name))

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def __enter__(self) -> ExportFiles:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def decode_text(data: bytes, label: str) -> str:
    """Decode export bytes: UTF-8 with or without BOM, or UTF-16 when a BOM says so."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(label, "is not valid UTF-16 text", "download the export again") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(label, f"is not UTF-8 text (bad byte at offset {exc.start})",
                         "is this really an export file? `followscope inspect` tells what it holds") from None


_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")


def _check_overlaps(display: str, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse members whose data overlap (the "quoted-overlap" zip bomb, CVE-2024-0450).

    CPython fixed this in 3.11.8; the 3.11.7 we run on lacks the check, so we make it ourselves.
    """
    spans = sorted((info for info in infos if not info.is_dir()), key=lambda info: info.header_offset)
    previous_end = 0
    fp = archive.fp
    if fp is None:
        return
    for info in spans:
        offset = info.header_offset
        if offset < previous_end:
            raise InputError(display, f"entry {info.filename!r} overlaps another entry",
                             "this is a crafted archive (an overlapping-entry zip bomb), not an export")
        try:
            fp.seek(offset)
            header = fp.read(_LOCAL_HEADER.size)
        except OSError:
            return
        if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
            raise InputError(display, f"entry {info.filename!r} has a damaged header",
                             "download the export again; the file may be cut off")
        fields = _LOCAL_HEADER.unpack(header)
        name_len, extra_len = fields[-2], fields[-1]
        previous_end = offset + _LOCAL_HEADER.size + name_len + extra_len + info.compress_size
