"""Load the seed policies (idempotently) and extract them; the demo policies when the real
seeds are absent."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from extraction.models import ExtractionRun
from extraction.services import extraction_run_create, policy_version_ingest
from policies.models import PolicyVersion
from policies.seeds import load_demo_manifest, load_manifest, seeds_present
from policies.services import company_get_or_create


class Command(BaseCommand):
    help = (
        "Load the seed companies and policies from fixtures/seeds.json and extract them; when "
        "the seed folder is absent, the demo policies of fictional companies (fixtures/demo/)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seeds-dir", help="Folder holding the seed texts.")
        parser.add_argument(
            "--demo", action="store_true",
            help="Load the demo policies (fixtures/demo/) even when the seeds are present.",
        )

    def handle(self, *args, **options):
        seeds_dir = options.get("seeds_dir")
        try:
            if options.get("demo") or not seeds_present(seeds_dir):
                seeds = load_demo_manifest()
                if not options.get("demo"):
                    self.stdout.write(
                        f"No seed policies at {seeds_dir or settings.SEEDS_DIR} "
                        f"(POLICY_SEEDS_DIR): loading {len(seeds)} demo policies of fictional "
                        "companies from fixtures/demo/ instead."
                    )
            else:
                seeds = load_manifest(seeds_dir)
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
