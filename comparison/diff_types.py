"""The shapes of a version diff (built by ``comparison.diff``): plain frozen dataclasses, no
Django, no database. Read by the diff page (``comparison.html``) and the API
(``comparison.api.serializers.diff``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime

from comparison.types import jsonable


@dataclass(frozen=True)
class ClauseBrief:
    id: int
    text: str
    url: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Change:
    kind: str
    field: str
    section: str
    summary: str
    before: str
    after: str
    materiality: int
    old_clause: ClauseBrief | None
    new_clause: ClauseBrief | None


@dataclass(frozen=True)
class DiffLine:
    op: str
    old_no: int | None
    new_no: int | None
    text: str
    parts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class DiffHunk:
    old_start: int
    new_start: int
    lines: tuple[DiffLine, ...]


@dataclass(frozen=True)
class VersionInfo:
    id: int
    date: date
    last_updated: date | None
    ingested_at: datetime
    url: str
    clause_count: int
    pipeline_version: str


@dataclass(frozen=True)
class VersionDiff:
    old: VersionInfo
    new: VersionInfo
    changes: tuple[Change, ...]
    text: tuple[DiffHunk, ...]
    stats: dict[str, int]

    def to_dict(self) -> dict:
        return jsonable(asdict(self))
