"""``manage.py gdpr_checklist IN.jsonl``: the GDPR Art. 13/14 checklist of whole policies.

Each input line is ``{"id", "text", "title"}``; each output line
``{"id", "requirements": [{"key", "evidence": [{"start", "end"}, ...], "detail"}, ...]}`` lists
the requirements the policy addresses, with the character offsets (into ``text``) of the
sentences that address them. Same pipeline as the app: ``analyze_document`` then
``policy_checklist``. JSON lines only on stdout; no database.
"""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand

from extraction.management.commands._jsonl import read_jsonl, write_line
from extraction.nlp import PIPELINE_VERSION, analyze_document
from extraction.nlp.checklist import CHECKLIST_VERSION, policy_checklist


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # pure NLP: no database, no URL configuration
    help = "GDPR Art. 13/14 checklist of policies {id, text, title}, one JSON line per policy."

    def add_arguments(self, parser):
        parser.add_argument("path", help="JSON-lines file, one {id, text, title} per line")
        parser.add_argument(
            "--gaps", action="store_true",
            help="also list the requirements not found (addressed: false, no evidence)",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = 0
        for row in read_jsonl(options["path"]):
            text = str(row["text"])
            analysis = analyze_document(text, title=str(row.get("title") or ""))
            checklist = policy_checklist(analysis)
            items = [
                item.to_json() for item in checklist.items
                if item.addressed or options["gaps"]
            ]
            write_line(
                {
                    "id": row["id"],
                    "pipeline_version": PIPELINE_VERSION,
                    "checklist_version": CHECKLIST_VERSION,
                    "requirements": items,
                }
            )
            count += 1
        sys.stdout.flush()
        elapsed = time.perf_counter() - started
        print(f"checked {count} documents in {elapsed:.1f}s", file=sys.stderr)
