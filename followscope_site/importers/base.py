"""One interface for every platform: detect an export, read it, return snapshots.

Routing is by path and content, never by a file name alone: Instagram's `followers.json` of 2021 and
Threads' `followers.json` share a name (formats.md §1.8), so each importer checks wrapper keys too.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import ClassVar

from followscope_site.errors import InputError
from followscope_site.importers.archive import ExportFiles
from followscope_site.model import Snapshot


@dataclass(frozen=True, slots=True)
class ImportRequest:
    """What the config says about one export, for the importer to use or check against."""

    source: str  # the export path as messages name it (relative to the config file)
    platform: str | None = None  # forced by the config; None means detect
    owner: str | None = None  # the account's handle from the config
    options: dict[str, str] = field(default_factory=dict)  # importer options (generic CSV columns, …)


class Importer(ABC):
    """Reads one platform's exports. Subclasses know file formats and nothing else."""

    platform: ClassVar[str]

    @classmethod
    @abstractmethod
    def detect(cls, files: ExportFiles) -> bool:
        """Whether these files hold this platform's follow data (cheap: paths, and a peek at content)."""

    @classmethod
    def without_lists(cls, files: ExportFiles) -> InputError | None:
        """The error that says what these files are, when they are this platform's export of a kind that holds
        no follow lists (an old archive, a partial download); None otherwise. Asked only when no importer
        detects follow data, so that the user learns what they have instead of "platform unknown"."""
        return None

    @abstractmethod
    def read(self, files: ExportFiles, request: ImportRequest) -> list[Snapshot]:
        """Every account this export holds for this platform (usually one).

        Raise `InputError` naming the member file and the key that surprised us when the shape is
        unknown; never return a silently empty list for a file that was there.
        """
