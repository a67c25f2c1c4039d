"""``manage.py extract FILE...``: run the pipeline on files and show the clauses.

A readable table by default; ``--format json`` prints one JSON document per file.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from extraction.nlp import PIPELINE_VERSION, ConversionError, analyze_document, convert_to_text
from extraction.nlp.types import Clause, DocumentAnalysis


def _values(clause: Clause) -> str:
    parts: list[str] = []
    for name in ("data_types", "purposes", "recipient_names", "recipient_categories", "rights",
                 "countries"):
        items = getattr(clause, name)
        if items:
            parts.append(f"{name}={','.join(items)}")
    if clause.retention:
        parts.append(f"retention={clause.retention.duration or '-'}/{clause.retention.qualifier}")
    if clause.children_age:
        parts.append(f"children_age={clause.children_age}")
    return " ".join(parts)


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # pure NLP: no database, no URL configuration
    help = "Extract clauses from policy files (.txt, .html, .pdf, .docx)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="policy files")
        parser.add_argument("--format", choices=("table", "json"), default="table")
        parser.add_argument("--all", action="store_true",
                            help="table: also list clauses with no section or practice")

    def handle(self, *args, **options):
        failed = 0
        for name in options["files"]:
            path = Path(name)
            try:
                converted = convert_to_text(path.read_bytes(), filename=path.name)
            except OSError as exc:
                self.stderr.write(f"{name}: cannot read ({exc.strerror})")
                failed += 1
                continue
            except ConversionError as exc:
                self.stderr.write(f"{name}: {exc}")
                failed += 1
                continue
            analysis = analyze_document(converted.text, title=path.stem)
            if options["format"] == "json":
                self.stdout.write(json.dumps(self._json(name, converted.media_type, analysis),
                                             ensure_ascii=False))
            else:
                self._table(name, analysis, options["all"])
        if failed == len(options["files"]):
            raise CommandError("no file could be extracted")

    def _json(self, name: str, media_type: str, a: DocumentAnalysis) -> dict:
        return {
            "file": name,
            "media_type": media_type,
            "pipeline_version": PIPELINE_VERSION,
            "last_updated": a.last_updated.isoformat() if a.last_updated else None,
            "sections": [
                {"order": s.order, "key": s.key, "keys": list(s.keys), "heading": s.heading,
                 "start": s.start, "end": s.end}
                for s in a.sections
            ],
            "findings": [
                {"kind": f.kind, "section": f.section, "message": f.message, "start": f.start,
                 "end": f.end}
                for f in a.findings
            ],
            "clauses": [c.to_json() for c in a.clauses],
        }

    def _table(self, name: str, a: DocumentAnalysis, show_all: bool) -> None:
        w = self.stdout.write
        updated = a.last_updated.isoformat() if a.last_updated else "unknown"
        w(self.style.MIGRATE_HEADING(f"{name}  ({PIPELINE_VERSION}, last updated {updated}, "
                                     f"{len(a.sections)} sections, {len(a.clauses)} clauses)"))
        w(f"{'section':<22} {'practice':<12} {'offsets':<13} values / text")
        for clause in a.clauses:
            if not show_all and not clause.sections and not clause.practice:
                continue
            practice = (("not " if clause.negated else "") + (clause.practice or "-"))
            section = ",".join(clause.sections) or "-"
            values = _values(clause)
            snippet = textwrap.shorten(clause.text, 70, placeholder="…")
            w(f"{section:<22.22} {practice:<12.12} {clause.start:>6}-{clause.end:<6} "
              f"{values or snippet}")
            if values:
                w(f"{'':<49}{snippet}")
        for finding in a.findings:
            w(self.style.WARNING(f"finding: {finding.kind} [{finding.section}] {finding.message}"))
        w("")
