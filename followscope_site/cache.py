"""A cache of parsed snapshots, keyed by a cheap fingerprint of each export, so re-renders skip parsing.

The cache lives in `.followscope-cache/` beside the config and is always safe to delete. Entries are
msgpack (msgspec) behind a magic and a format version; an entry that fails to load for any reason is
treated as absent, never as an error. Keys cover the export's bytes (or, for a folder, every file's
path, size and mtime), the import request, the limits and the importer code itself, so a changed
export, config option or importer never serves a stale snapshot.

Each list is stored as columns (handles joined by line breaks, the times as one int64 block, the few
display names by position), so a million-entry list is written inline in a fraction of a second and read
back without a million msgpack maps.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import struct
import sys
from array import array
from collections.abc import Callable
from dataclasses import asdict, replace
from functools import lru_cache
from operator import attrgetter
from pathlib import Path

import msgspec

from followscope_site import local_files
from followscope_site.errors import describe_os_error
from followscope_site.importers.archive import Limits
from followscope_site.importers.base import ImportRequest
from followscope_site.log import get_logger
from followscope_site.model import AccountList, Entry, Snapshot

CACHE_DIR_NAME = ".followscope-cache"
_MAGIC = b"FSCACHE\x00"
_FORMAT = 2  # bump when the entry layout changes
_WHOLE_FILE_LIMIT = 8 * 1024 * 1024  # files up to this size are hashed whole
_MAX_ENTRIES = 256  # oldest entries beyond this are pruned after a write
_PACKAGE = Path(__file__).resolve().parent
_NO_TIME = -(2**63)  # an entry without a timestamp, in the int64 column

log = get_logger("cache")


class _List(msgspec.Struct, array_like=True):
    """One list as columns, in its export order."""

    handles: str | list[str]  # joined by line breaks (a list when a handle holds one)
    times: bytes  # array("q") of the timestamps, little-endian, _NO_TIME for none
    names: dict[int, str]  # position -> display name, for the entries that have one


class _Snapshot(msgspec.Struct, array_like=True):
    snapshot: Snapshot  # everything but its lists
    lists: dict[str, _List]


class _Entry(msgspec.Struct, array_like=True):
    format: int
    key: str
    snapshots: list[_Snapshot]


_TIME = attrgetter("timestamp")
_NAME = attrgetter("name")


def _columns(accounts: AccountList) -> _List:
    handles = list(accounts)
    joined = "\n".join(handles)
    try:
        times = array("q", map(_TIME, accounts.values()))
    except TypeError:  # an entry without a time
        times = array("q", [_NO_TIME if t is None else t for t in map(_TIME, accounts.values())])
    if sys.byteorder != "little":
        times.byteswap()
    names = {i: n for i, n in enumerate(map(_NAME, accounts.values())) if n} if any(
        map(_NAME, accounts.values())) else {}
    return _List(joined if joined.count("\n") == len(handles) - 1 else handles, times.tobytes(), names)


def _entries(column: _List) -> AccountList:
    handles = column.handles.split("\n") if isinstance(column.handles, str) else column.handles
    if not handles or (handles == [""] and not column.times):
        return {}
    times = array("q")
    times.frombytes(column.times)
    if sys.byteorder != "little":
        times.byteswap()
    stamps: list[int | None] = times.tolist()
    if _NO_TIME in times:
        stamps = [None if t == _NO_TIME else t for t in stamps]
    if len(stamps) != len(handles):
        raise ValueError("columns of different lengths")
    accounts = dict(zip(handles, map(Entry, handles, stamps), strict=True))
    for i, name in column.names.items():
        accounts[handles[i]] = Entry(handles[i], stamps[i], name)
    return accounts


def code_files() -> list[Path]:
    """The code a cached snapshot depends on: every importer module (subpackages too), the model, the cache."""
    return [*sorted((_PACKAGE / "importers").rglob("*.py")), _PACKAGE / "model.py", _PACKAGE / "cache.py"]


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """The importer code and the model: editing either invalidates every entry."""
    digest = hashlib.sha256()
    for path in code_files():
        try:
            info = path.stat()
        except OSError:
            continue
        digest.update(f"{path.relative_to(_PACKAGE).as_posix()}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    try:
        from followscope_site import __version__ as version
    except ImportError:
        version = "?"
    digest.update(str(version).encode())
    return digest.hexdigest()


def _zip_central_directory(handle, size: int) -> bytes | None:  # type: ignore[no-untyped-def]
    """The zip's central directory (names, sizes and CRCs of every member), or None if not found."""
    tail_len = min(size, 65536 + 22)
    handle.seek(size - tail_len)
    tail = handle.read(tail_len)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    cd_size, cd_offset = struct.unpack("<II", tail[at + 12:at + 20])
    if cd_offset == 0xFFFFFFFF or cd_size == 0xFFFFFFFF or cd_offset + cd_size > size or cd_size > 256 * 2**20:
        return None  # zip64 or damaged: the caller hashes the tail instead
    handle.seek(cd_offset)
    return handle.read(cd_size) + tail[at:]


def fingerprint(path: Path, max_files: int = 200_000) -> str | None:
    """A cheap content hash of an export, or None when it cannot be taken (then nothing is cached).

    Taken before the importers look at the export, so it checks as they do: a pipe or a device is never
    opened (reading it would block or never end), and a folder of more than `max_files` files (a home folder
    by mistake) is not walked to its end; the importer then refuses them with a message.
    """
    digest = hashlib.sha256()
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            digest.update(b"folder\n")
            count = 0
            for folder, _, files in local_files.walk(path):
                for name in files:
                    count += 1
                    if count > max_files:
                        return None
                    full = folder / name
                    entry = os.lstat(full)
                    rel = full.relative_to(path).as_posix()
                    digest.update(f"{rel}\0{entry.st_size}\0{entry.st_mtime_ns}\0{entry.st_mode}\n".encode())
            return digest.hexdigest()
        if not stat.S_ISREG(info.st_mode):
            return None
        digest.update(f"file\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
        with local_files.open_regular(path) as handle:
            if info.st_size <= _WHOLE_FILE_LIMIT:
                digest.update(handle.read(_WHOLE_FILE_LIMIT + 1))
            else:
                directory = _zip_central_directory(handle, info.st_size)
                if directory is None:
                    handle.seek(max(0, info.st_size - 4 * 2**20))
                    directory = handle.read(4 * 2**20)
                digest.update(directory)
        return digest.hexdigest()
    except (OSError, ValueError, local_files.FileProblem):
        return None


class SnapshotCache:
    """Parsed snapshots on disk, keyed by export fingerprint + request + limits + importer code."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0
        self.warned = False

    def key(self, path: Path, request: ImportRequest, limits: Limits) -> str | None:
        content = fingerprint(path, limits.max_members)
        if content is None:
            return None
        parts = [content, _code_fingerprint(), request.source, str(request.platform), str(request.owner),
                 repr(sorted(request.options.items())), repr(sorted(asdict(limits).items()))]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def _entry_path(self, key: str) -> Path:
        return self.folder / "snapshots" / f"{key}.msgpack"

    def load(self, key: str) -> list[Snapshot] | None:
        entry_path = self._entry_path(key)
        try:
            data = entry_path.read_bytes()
            if not data.startswith(_MAGIC):
                return None
            entry = msgspec.msgpack.decode(data[len(_MAGIC):], type=_Entry)
        except (OSError, msgspec.DecodeError, msgspec.ValidationError, ValueError, TypeError):
            return None  # absent, from another version or damaged: read the export again
        if entry.format != _FORMAT or entry.key != key:
            return None
        try:
            snapshots = [replace(s.snapshot, lists={name: _entries(c) for name, c in s.lists.items()})
                         for s in entry.snapshots]
        except (ValueError, TypeError, IndexError):
            return None
        with contextlib.suppress(OSError):
            os.utime(entry_path)  # recently used entries survive pruning
        return snapshots

    def store(self, key: str, snapshots: list[Snapshot]) -> None:
        """Write the entry (through a temporary file, so readers see the old entry or the new one)."""
        entry_path = self._entry_path(key)
        temp = entry_path.with_name(f".{entry_path.name}.{os.getpid()}.tmp")
        try:
            entry_path.parent.mkdir(parents=True, exist_ok=True)
            tag = self.folder / "CACHEDIR.TAG"
            if not tag.exists():  # tells backup tools the folder is disposable (bford.info/cachedir)
                tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n"
                               "# followscope's snapshot cache; safe to delete.\n", encoding="utf-8")
            entry = _Entry(_FORMAT, key, [_Snapshot(replace(s, lists={}), {n: _columns(a) for n, a in s.lists.items()})
                                          for s in snapshots])
            with temp.open("wb") as out:
                out.write(_MAGIC)
                out.write(msgspec.msgpack.encode(entry))
            os.replace(temp, entry_path)  # readers see the old entry or the new one, never half of one
        except OSError as exc:  # a cache is optional: the build goes on without it (a full disk, a file in the way)
            self._unwritable(exc)
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)
            return
        except (TypeError, msgspec.EncodeError) as exc:
            log.debug("snapshot cache not written: %s", exc)
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)
            return
        except BaseException:  # interrupted (Ctrl-C): no half-written temporary file left behind
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)
            raise
        self._prune()

    def _unwritable(self, exc: OSError) -> None:
        """Say once per build that the cache cannot be written, and why; never fail the build for it."""
        if not self.warned:
            self.warned = True
            problem, _ = describe_os_error(exc)
            log.warning("%s: the snapshot cache cannot be written (%s: %s); building without it", self.folder,
                        exc.filename or self.folder, problem)

    def _prune(self) -> None:
        try:
            entries = sorted((p.stat().st_mtime, p) for p in (self.folder / "snapshots").glob("*.msgpack"))
        except OSError:
            return
        for _, old in entries[:-_MAX_ENTRIES]:
            with contextlib.suppress(OSError):
                old.unlink(missing_ok=True)

    def read(self, path: Path, request: ImportRequest, limits: Limits,
             reader: Callable[[Path, ImportRequest, Limits], list[Snapshot]]) -> list[Snapshot]:
        """Snapshots of one export: from the cache when its fingerprint is known, else read and stored."""
        key = self.key(path, request, limits)
        if key is not None:
            cached = self.load(key)
            if cached is not None:
                self.hits += 1
                return cached
        self.misses += 1
        snapshots = reader(path, request, limits)
        # Store only if the export did not change while it was read (a download still being written).
        if key is not None and self.key(path, request, limits) == key:
            self.store(key, snapshots)
        return snapshots


def cache_for(base_dir: Path) -> SnapshotCache | None:
    """The cache beside a config, or None when caching is turned off (FOLLOWSCOPE_NO_CACHE=1)."""
    if os.environ.get("FOLLOWSCOPE_NO_CACHE", "") not in ("", "0"):
        return None
    return SnapshotCache(base_dir / CACHE_DIR_NAME)
