"""Load the seed policies (idempotently) and extract them."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from extraction.models import ExtractionRun
from extraction.services import extraction_run_create, policy_version_ingest
from policies.models import PolicyVersion
from policies.seeds import load_manifest
from policies.services import company_get_or_create


class Command(BaseCommand):
    help = "Load the seed companies and policies from fixtures/seeds.json and extract them."

    def add_arguments(self, parser):
        parser.add_argument("--seeds-dir", help="Folder holding the seed texts.")

    def handle(self, *args, **options):
        try:
            seeds = load_manifest(options.get("seeds_dir"))
            texts = [seed.read_text() for seed in seeds]
        except (FileNotFoundError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        for seed, text in zip(seeds, texts, strict=True):
            company, _ = company_get_or_create(**seed.company)
            result = policy_version_ingest(
                company=company,
                text=text,
                source_kind=PolicyVersion.SourceKind.FIXTURE,
                title=seed.policy_title,
                original_filename=seed.path.name,
            )
            run = result.run
            if not result.created and run.status == ExtractionRun.Status.FAILED:
                run = extraction_run_create(version=result.version)
            run.refresh_from_db()
            state = "new" if result.created else "already loaded"
            self.stdout.write(
                f"{company.name}: version {result.version.pk} ({state}), run {run.pk} {run.status}"
            )
