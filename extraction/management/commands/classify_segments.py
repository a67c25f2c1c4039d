"""``manage.py classify_segments IN.jsonl``: sections and data types of passages (JSONL out)."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand

from extraction.management.commands._jsonl import read_jsonl, write_line
from extraction.nlp import classify_passages


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # pure NLP: no database, no URL configuration
    help = "Classify passages {id, text, context} into sections and data types (JSON lines)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="JSON-lines file, one {id, text, context} per line")

    def handle(self, *args, **options):
        started = time.perf_counter()
        rows = list(read_jsonl(options["path"]))
        # ids "<document>#<n>" (the scorer's): the classifier reads each passage's neighbours
        # within its document
        results = classify_passages(
            ((str(r["text"]), [str(h) for h in r.get("context") or []]) for r in rows),
            groups=[str(r["id"]).split("#", 1)[0] for r in rows],
        )
        for row, result in zip(rows, results, strict=True):
            write_line(
                {
                    "id": row["id"],
                    "sections": list(result.sections),
                    "data_types": list(result.data_types),
                }
            )
        sys.stdout.flush()
        print(f"classified {len(rows)} passages in {time.perf_counter() - started:.1f}s",
              file=sys.stderr)
