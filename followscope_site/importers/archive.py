"""Read an export as downloaded (a zip) or unzipped (a folder) without ever extracting it.

Members are addressed by their path inside the export, in POSIX form. Zip members are read in memory
under size, count and ratio limits, so a hostile archive cannot fill the disk or the memory
(perf-security-browser.md §2.4); a folder is walked without following symbolic links.
"""

from __future__ import annotations

import stat
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from followscope_site import local_files
from followscope_site.errors import InputError, excerpt
from followscope_site.importers.dates import datetime_of
from followscope_site.importers.zipcheck import INFLATE_ERRORS, check_member, check_overlaps, is_folder

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
        self._stream: BinaryIO | None = None
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            raise InputError(self.display, "no such file or folder",
                             "check the `exports:` path in the config") from None
        except OSError as exc:
            raise InputError(self.display, f"cannot be read ({exc.strerror or exc})") from None
        if stat.S_ISDIR(mode):
            self.kind = "folder"
            self._scan_folder()
            return
        if not stat.S_ISREG(mode):
            # A named pipe or a device: opening it could wait forever or never end.
            raise InputError(self.display, f"is {local_files.kind_of(mode)}, not an export (a zip, a folder or a file)",
                             "point `exports:` at the export zip or folder")
        try:
            stream = local_files.open_regular(path)
        except local_files.FileProblem as exc:
            raise InputError(self.display, exc.problem, exc.hint) from None
        try:
            is_zip = zipfile.is_zipfile(stream)
        except OSError as exc:
            stream.close()
            raise InputError(self.display, f"cannot be read ({exc.strerror or exc})") from None
        if is_zip:
            self.kind = "zip"
            self._stream = stream
            try:
                self._open_zip()
            except BaseException:  # refused: nobody will close this object, so close its file now
                stream.close()
                raise
            return
        stream.close()
        if path.suffix.lower() == ".zip":
            raise InputError(self.display, "is not a readable zip archive (its end is missing or damaged)",
                             "the download may be cut off or still running: download the export again")
        self.kind = "file"
        self._folder_files = {path.name: path}

    # -- opening ---------------------------------------------------------------------------------

    def _scan_folder(self) -> None:
        count = 0
        for folder, dirs, files in local_files.walk(self.path, on_error=self._unreadable_folder):
            dirs[:] = [d for d in dirs if d not in _JUNK_PARTS and not d.startswith(".")]
            for name in dirs:
                if PurePosixPath(name).suffix.lower() in _DATA_SUFFIXES:
                    rel = (folder / name).relative_to(self.path).as_posix()
                    self.skipped.append(f"{rel}: a folder where a file was expected, ignored")
            for name in files:
                full = folder / name
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

    def _unreadable_folder(self, folder: Path, exc: OSError) -> None:
        """A folder that cannot be listed: the export itself is an error; a folder inside it a warning."""
        reason = exc.strerror or str(exc)
        if folder == self.path:
            raise InputError(self.display, f"the folder cannot be read ({reason})",
                             "make it readable (chmod u+rx), or point `exports:` at another folder")
        rel = folder.relative_to(self.path).as_posix()
        self.skipped.append(f"{rel}/: the folder cannot be read ({reason}); the files in it are left out")

    def _open_zip(self) -> None:
        try:
            archive = zipfile.ZipFile(self._stream)  # type: ignore[arg-type]
            infos = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise InputError(self.display, f"not a readable zip archive ({excerpt(str(exc), 120, quoted=False)})",
                             "download the export again; the file may be cut off") from None
        if len(infos) > self.limits.max_members:
            raise InputError(self.display, f"zip holds {len(infos):,} entries, more than {self.limits.max_members:,}",
                             "this is not an export as a platform writes it")
        self._zip = archive
        check_overlaps(self.display, archive, infos)
        for info in infos:
            if is_folder(info):
                continue
            name = _safe_member_name(info.filename)
            if name is None:
                shown = excerpt(info.filename, 120, quoted=False)
                self.skipped.append(f"{shown}: unsafe path (absolute or '..'), ignored")
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
        """When the export was written to disk, as a fallback export date (now, for a time no OS can show)."""
        try:
            found = datetime_of(int(self.path.stat().st_mtime))
        except (OSError, ValueError, OverflowError):
            found = None
        return found or datetime.now(tz=UTC).replace(microsecond=0)

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
            check_member(self.label(name), info, limit, self.limits.max_ratio)
            data = self._read_capped_zip(name, info, limit)
        else:
            try:
                # links inside a folder are never followed; a single file the config names may be one
                data = local_files.read_regular(self._folder_files[name], limit, follow_links=self.kind == "file")
            except local_files.FileProblem as exc:
                raise InputError(self.label(name), exc.problem, _folder_hint(exc)) from None
        self._bytes_read += len(data)
        if self._bytes_read > self.limits.max_total_bytes:
            raise InputError(self.display, f"more than {self.limits.max_total_bytes:,} bytes of export data",
                             "raise `limits.max_total_mb` in the config if this export is genuine")
        return data

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
        except INFLATE_ERRORS as exc:
            raise InputError(self.label(name), f"is damaged inside the zip ({excerpt(str(exc), 120, quoted=False)})",
                             "download the export again; the file may be cut off") from None
        return b"".join(chunks)

    def read_text(self, name: str) -> str:
        """The member decoded as text: UTF-8 (a BOM is dropped) or UTF-16 with a BOM."""
        return decode_text(self.read_bytes(name), self.label(name))

    def peek_text(self, name: str, size: int = 4096) -> str:
        """The start of a member as text for detect(): bad bytes replaced, so that an export in the wrong
        encoding is still recognised and read() can say what is wrong with it. '' when it cannot be read."""
        try:
            head = self.read_bytes(name)[:size]
        except InputError:
            return ""
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return head.decode("utf-16", "replace")
        return head.decode("utf-8", "replace").removeprefix("\ufeff")

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
        if self._stream is not None:
            self._stream.close()

    def __enter__(self) -> ExportFiles:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def decode_text(data: bytes, label: str) -> str:
    """Decode export bytes: UTF-8 with or without BOM, or UTF-16 when a BOM says so."""
    try:
        return local_files.decode_text(data)
    except local_files.TextProblem as exc:
        raise InputError(label, exc.problem, "save or export the file as UTF-8, or download the export again"
                         ) from None


def _folder_hint(problem: local_files.FileProblem) -> str | None:
    if problem.reason == "folder":
        return None
    if problem.reason in ("special", "link"):
        return "replace it with the export's file"
    if problem.reason == "too_big" and "grew" not in problem.problem:
        return "raise `limits.max_file_mb` in the config if this export is genuine"
    return problem.hint
