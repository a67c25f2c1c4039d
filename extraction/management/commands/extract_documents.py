"""``manage.py extract_documents IN.jsonl``: clauses of whole policies (JSONL out)."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand

from extraction.management.commands._jsonl import read_jsonl, write_line
from extraction.nlp import PIPELINE_VERSION, analyze_document


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # pure NLP: no database, no URL configuration
    help = "Extract the clauses of policies {id, text, title}, one JSON line per policy."

    def add_arguments(self, parser):
        parser.add_argument("path", help="JSON-lines file, one {id, text, title} per line")

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = words = 0
        for row in read_jsonl(options["path"]):
            text = str(row["text"])
            analysis = analyze_document(text, title=str(row.get("title") or ""))
            write_line(
                {
                    "id": row["id"],
                    "pipeline_version": PIPELINE_VERSION,
                    "last_updated": (
                        analysis.last_updated.isoformat() if analysis.last_updated else None
                    ),
                    "clauses": [clause.to_json() for clause in analysis.clauses],
                }
            )
            count += 1
            words += len(text.split())
        sys.stdout.flush()
        elapsed = time.perf_counter() - started
        print(f"extracted {count} documents ({words} words) in {elapsed:.1f}s",
              file=sys.stderr)
