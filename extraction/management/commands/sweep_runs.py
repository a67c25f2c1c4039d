"""Recover extraction runs: re-queue runs whose worker died, send runs never sent.

Celery beat runs the same sweep every POLICY_EXTRACTION_SWEEP_INTERVAL seconds; operators
without beat can cron this command (e.g. every minute). Safe to run concurrently.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from extraction.services import extraction_runs_sweep, upload_conversions_sweep


class Command(BaseCommand):
    help = (
        "Re-dispatch extraction runs stuck in queued (e.g. the broker was down at upload) and "
        "re-queue runs left running past the hard time limit (their worker died)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be done; change nothing."
        )
        parser.add_argument(
            "--limit", type=int, default=1000, help="Most runs handled per kind (default 1000)."
        )

    def handle(self, *args, **options):
        report = extraction_runs_sweep(limit=options["limit"], dry_run=options["dry_run"])
        summary = report.summary()
        if not options["dry_run"]:
            conversions = upload_conversions_sweep(limit=options["limit"])
            summary += f", dispatch {len(conversions)} PDF/DOCX upload conversions"
        self.stdout.write(summary)
        if report.failed and options["verbosity"] > 1:
            self.stdout.write(f"failed: {report.failed}")
        if report.undispatched:
            self.stderr.write(
                f"The broker is unreachable: {len(report.undispatched)} run(s) stay queued; "
                "the next sweep retries."
            )
