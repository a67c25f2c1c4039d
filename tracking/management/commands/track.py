"""manage.py track [--now] [--source ID ...]: check tracked sources in this process.

Without ``--now``: the due ones (what beat's tick would queue), then the due webhook retries.
With ``--now``: every unpaused source once, now, due or not, and exit (``make track``).
Sources another worker is checking are skipped (each check claims its source first).
"""

from __future__ import annotations

from collections import Counter

from django.core.management.base import BaseCommand
from tqdm import tqdm

from tracking.models import Source
from tracking.services import deliveries_retry_due, source_check
from tracking.services.sources import sources_due_ids


class Command(BaseCommand):
    help = "Check tracked policy sources now (--now: all of them; default: the due ones)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true",
                            help="Check every unpaused source once, due or not, then exit.")
        parser.add_argument("--source", type=int, action="append", default=[],
                            help="Only this source id (repeatable).")

    def handle(self, *args, now: bool, source: list[int], **options):
        if source:
            ids = list(Source.objects.filter(pk__in=source).values_list("pk", flat=True))
        elif now:
            ids = list(Source.objects.filter(paused=False).order_by("pk")
                       .values_list("pk", flat=True))
        else:
            ids = sources_due_ids()
        outcomes: Counter[str] = Counter()
        failures = []
        bar = tqdm(ids, desc="checking sources", unit="source", disable=not ids,
                   file=self.stderr)
        for source_id in bar:
            result = source_check(source_id=source_id, force=bool(now or source))
            if result is None:
                outcomes["skipped (held by another check, paused or not due)"] += 1
                continue
            outcomes[result.outcome] += 1
            if result.error:
                failures.append((source_id, result.error))
        retried = deliveries_retry_due()
        self.stdout.write(f"Checked {sum(outcomes.values())} source(s):")
        for outcome, count in sorted(outcomes.items()):
            self.stdout.write(f"  {outcome}: {count}")
        for source_id, error in failures:
            self.stdout.write(f"  source {source_id} failing: {error}")
        if retried:
            self.stdout.write(f"Sent {retried} webhook delivery retries.")
