"""``manage.py export_reviews OUT.jsonl``: the reviewed passages in the gold format.

One line per reviewed version (../shared/eval/README.md: ``id``, ``title``,
``scored_sections``, ``scored_data_types``, ``segments`` with ``text``, ``context``,
``sections``, ``data_types``) plus the typed values of each passage (practice, negated,
purposes, recipients, rights, countries, retention, children's age) and who reviewed it.
``manage.py train_classifier OUT.jsonl --out DIR`` trains on it; ``train_from_reviews`` does
both and keeps the model only if it beats the active one and the rules on held-back policies.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from review.selectors import reviewed_passages


class Command(BaseCommand):
    help = "Write the reviewed passages as gold-format JSONL (one reviewed version a line)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", help="JSONL file to write ('-' for stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        docs = reviewed_passages()
        lines = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)
        if options["out"] == "-":
            self.stdout.write(lines, ending="")
        else:
            out = Path(options["out"])
            if out.is_dir():
                raise CommandError(f"{out} is a directory")
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(lines, encoding="utf-8")
        passages = sum(len(d["segments"]) for d in docs)
        self.stderr.write(f"{len(docs)} reviewed versions, {passages} passages -> "
                          f"{options['out']}")
