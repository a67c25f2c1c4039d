"""Queue new extraction runs for existing versions, e.g. after the pipeline improved."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from extraction.services import (
    ReextractSelection,
    extraction_runs_enqueue,
    reextract_versions,
)
from policies.models import Company


class Command(BaseCommand):
    help = (
        "Re-extract policy versions: queue a new run for each (in batches, with a progress "
        "bar). Old runs keep their records; each new run replaces its version's clauses "
        "atomically when it finishes. Versions with a queued or running run are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--company",
            action="append",
            default=[],
            metavar="SLUG",
            help="A company to re-extract (repeatable).",
        )
        parser.add_argument("--all", action="store_true", help="Every company.")
        parser.add_argument(
            "--pipeline-version-older-than",
            default="",
            metavar="VERSION",
            help=(
                "Only versions last extracted by an older pipeline (compared by its numbers, "
                "e.g. 1.1 or rules-1.1), or never extracted successfully."
            ),
        )
        parser.add_argument(
            "--latest-only", action="store_true", help="Only each policy's latest version."
        )
        parser.add_argument("--batch-size", type=int, default=50, help="Runs per transaction.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the versions; queue nothing."
        )

    def handle(self, *args, **options):
        slugs = tuple(dict.fromkeys(options["company"]))
        if options["all"] and slugs:
            raise CommandError("Use either --company or --all, not both.")
        if not options["all"] and not slugs:
            raise CommandError("Choose what to re-extract: --company SLUG (repeatable) or --all.")
        if slugs:
            known = set(Company.objects.filter(slug__in=slugs).values_list("slug", flat=True))
            unknown = [s for s in slugs if s not in known]
            if unknown:
                raise CommandError(f"Unknown company slug(s): {', '.join(unknown)}")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        selection = ReextractSelection(
            company_slugs=slugs,
            all_companies=options["all"],
            pipeline_version_older_than=options["pipeline_version_older_than"],
            latest_only=options["latest_only"],
        )
        try:
            version_ids = reextract_versions(selection)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["dry_run"]:
            self.stdout.write(f"{len(version_ids)} version(s) would be re-extracted.")
            return
        if not version_ids:
            self.stdout.write("Nothing to re-extract.")
            return
        with tqdm(
            total=len(version_ids),
            desc="Queueing runs",
            unit="version",
            file=self.stderr._out,
            disable=options["verbosity"] == 0,
        ) as bar:
            report = extraction_runs_enqueue(
                version_ids=version_ids, batch_size=options["batch_size"], on_batch=bar.update
            )
        self.stdout.write(f"Queued {len(report.run_ids)} run(s).")
        if report.undispatched:
            self.stderr.write(
                f"The broker is unreachable: {len(report.undispatched)} run(s) stay queued "
                "until the sweep (beat or `manage.py sweep_runs`) sends them."
            )
