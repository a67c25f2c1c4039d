"""Bulk import: a folder or ZIP of policy files (Open Terms Archive layout included), or a
CSV of ``company,url`` rows that become tracked sources. Idempotent: a text a policy already
has, or a URL already tracked, is skipped; unusable input is refused with the reason.

Layouts of a folder or ZIP (files .txt, .md, .html, .htm, .pdf, .docx):

* Open Terms Archive dataset: ``<service>/<terms type>/<date>.md`` (the date as
  ``2023-03-01`` or ``2023-03-01T12-30-00Z``): the service is the company, the terms type the
  document kind (privacy, cookie policy, terms of service), the date the version's capture
  date (``fetched_at``), which is its effective date unless the text states its own "last
  updated" date. Versions of one document are imported oldest first.
* ``<company>/<file>``: one company per folder.
* ``<file>`` at the top: the company is the file's name (``acme.html`` -> Acme).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError

from extraction.intake import ALLOWED_EXTENSIONS, UploadError, check_bytes
from extraction.services import policy_version_ingest
from policies.models import Policy, PolicyVersion
from policies.services import company_get_or_create
from tracking.services.sources import source_create

EXTENSIONS = ALLOWED_EXTENSIONS  # the upload rule (extraction.intake)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T_ ]\d{2}[-:]\d{2}(?:[-:]\d{2})?Z?)?$")
# Open Terms Archive terms types (its declarations' names) -> our document kinds.
OTA_KINDS = {
    "privacy policy": Policy.Kind.PRIVACY,
    "cookies policy": Policy.Kind.COOKIES,
    "cookie policy": Policy.Kind.COOKIES,
    "terms of service": Policy.Kind.TERMS,
    "terms of use": Policy.Kind.TERMS,
    "general conditions of use": Policy.Kind.TERMS,
}
MAX_FILES = 100_000


@dataclass
class ImportReport:
    created: int = 0
    skipped: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)
    skipped_names: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.created} created, {self.skipped} skipped (already there), "
                f"{len(self.refused)} refused")


@dataclass(frozen=True)
class PolicyFile:
    name: str  # its path inside the folder or ZIP, for the report
    company: str
    kind: str
    effective: date | None
    read: Callable[[], bytes]


def _parse_date(stem: str) -> date | None:
    match = _DATE.match(stem)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _company_name(raw: str) -> str:
    name = raw.replace("_", " ").strip()
    if name.islower() and "-" in name and " " not in name:
        name = name.replace("-", " ").title()
    return name[:1].upper() + name[1:] if name else name


def classify(parts: tuple[str, ...]) -> tuple[str, str, date | None] | str:
    """(company, kind, effective date) for a file's relative path, or why it is refused."""
    stem = PurePosixPath(parts[-1]).stem
    if len(parts) >= 3:
        service, terms_type = parts[-3], parts[-2]
        kind = OTA_KINDS.get(terms_type.strip().lower())
        when = _parse_date(stem)
        if kind is None:
            return f"unsupported terms type {terms_type!r} (privacy, cookie policy or terms)"
        if when is None:
            return f"the file name {parts[-1]!r} is not a date (YYYY-MM-DD)"
        return _company_name(service), kind, when
    if len(parts) == 2:
        return _company_name(parts[0]), Policy.Kind.PRIVACY, _parse_date(stem)
    return _company_name(stem), Policy.Kind.PRIVACY, None


def _as_datetime(day: date | None):
    """An archive's capture date as the version's fetch time (its effective date unless the
    text states its own date)."""
    if day is None:
        return None
    from datetime import datetime, time

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time(12)))


def _too_big(size: int) -> bool:
    return size > settings.POLICY_MAX_UPLOAD_BYTES


def iter_folder(root: Path) -> Iterator[PolicyFile | tuple[str, str]]:
    for path in sorted(root.rglob("*")):
        if not path.is_file() or any(p.startswith(".") for p in path.relative_to(root).parts):
            continue
        yield from _entry(path.relative_to(root).parts, path.stat().st_size, path.read_bytes)


def iter_zip(archive: zipfile.ZipFile) -> Iterator[PolicyFile | tuple[str, str]]:
    infos = [i for i in archive.infolist() if not i.is_dir()]
    if len(infos) > MAX_FILES:
        yield ("(archive)", f"more than {MAX_FILES:,} files")
        return
    for info in sorted(infos, key=lambda i: i.filename):
        parts = tuple(p for p in PurePosixPath(info.filename).parts if p not in ("", "."))
        if not parts or ".." in parts or parts[0] == "__MACOSX" or any(
                p.startswith(".") for p in parts):
            continue
        yield from _entry(parts, info.file_size, lambda i=info: archive.read(i))


NOT_POLICIES = re.compile(r"^(readme|license|licence|changelog|contributing)(\.|$)", re.I)


def _entry(parts, size, read) -> Iterator[PolicyFile | tuple[str, str]]:
    name = "/".join(parts)
    if NOT_POLICIES.match(parts[-1]):
        return  # a dataset's own README or LICENSE
    if PurePosixPath(name).suffix.lower() not in EXTENSIONS:
        yield (name, f"not a policy file ({', '.join(EXTENSIONS)})")
        return
    if _too_big(size):
        yield (name, f"larger than the {settings.POLICY_MAX_UPLOAD_BYTES:,}-byte limit")
        return
    what = classify(parts)
    if isinstance(what, str):
        yield (name, what)
        return
    company, kind, when = what
    yield PolicyFile(name, company, kind, when, read)


def import_files(entries, *, progress=None) -> ImportReport:
    """Store each file as a version of its company's policy (oldest first per document)."""
    report = ImportReport()
    files: list[PolicyFile] = []
    for entry in entries:
        if isinstance(entry, PolicyFile):
            files.append(entry)
        else:
            report.refused.append(entry)
    files.sort(key=lambda f: (f.company.lower(), f.kind, f.effective or date.min, f.name))
    for item in progress(files) if progress else files:
        try:
            intake = check_bytes(item.read(), filename=item.name.rsplit("/", 1)[-1],
                                 source_kind=PolicyVersion.SourceKind.UPLOAD,
                                 fetched_at=_as_datetime(item.effective))
            company, _ = company_get_or_create(name=item.company)
            result = policy_version_ingest(
                company=company, kind=item.kind, text=intake.text,
                source_kind=intake.source_kind, original_filename=intake.original_filename,
                media_type=intake.media_type, fetched_at=intake.fetched_at,
            )
        except (UploadError, ValidationError, zipfile.BadZipFile, OSError) as exc:
            message = ("; ".join(exc.messages) if isinstance(exc, ValidationError)
                       else getattr(exc, "message", str(exc)))
            report.refused.append((item.name, message))
            continue
        if result.created:
            report.created += 1
        else:
            report.skipped += 1
            report.skipped_names.append((item.name, f"same text as version {result.version.pk}"))
    return report


def import_sources_csv(data: bytes, *, created_by=None, progress=None) -> ImportReport:
    """Rows of ``company,url`` (optionally ``kind``; a header row is allowed) -> sources."""
    report = ImportReport()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.refused.append(("(file)", "the CSV is not UTF-8"))
        return report
    rows = list(csv.reader(io.StringIO(text)))
    if rows and [c.strip().lower() for c in rows[0][:2]] == ["company", "url"]:
        header, rows = [c.strip().lower() for c in rows[0]], rows[1:]
    else:
        header = ["company", "url", "kind"]
    for number, row in enumerate(progress(rows) if progress else rows, start=2):
        if not any(c.strip() for c in row):
            continue
        values = dict(zip(header, (c.strip() for c in row), strict=False))
        label = f"line {number}"
        if not values.get("company") or not values.get("url"):
            report.refused.append((label, "needs a company and a url"))
            continue
        try:
            company, _ = company_get_or_create(name=values["company"])
            _, created = source_create(
                company=company, url=values["url"],
                kind=values.get("kind") or Policy.Kind.PRIVACY, created_by=created_by,
            )
        except ValidationError as exc:
            report.refused.append((label, "; ".join(exc.messages)))
            continue
        if created:
            report.created += 1
        else:
            report.skipped += 1
            report.skipped_names.append((label, "already tracked"))
    return report


def import_path(path: Path, *, progress=None, created_by=None) -> ImportReport:
    """Import a folder, a ZIP or a CSV (by its suffix)."""
    if path.is_dir():
        return import_files(iter_folder(path), progress=progress)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return import_sources_csv(path.read_bytes(), created_by=created_by, progress=progress)
    if suffix == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                return import_files(iter_zip(archive), progress=progress)
        except zipfile.BadZipFile as exc:
            return ImportReport(refused=[(path.name, f"not a readable ZIP: {exc}")])
    return import_files(_entry((path.name,), path.stat().st_size, path.read_bytes),
                        progress=progress)
