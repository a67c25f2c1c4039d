"""manage.py import_policies PATH: a folder or ZIP of policy files (Open Terms Archive layout
``<service>/<terms type>/<date>.md`` included), or a CSV of ``company,url`` sources.

Idempotent: run it again and everything is skipped. Prints what was created, skipped and
refused (with the reasons).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tracking.services.imports import import_path


class Command(BaseCommand):
    help = "Import policy files (folder, ZIP, Open Terms Archive layout) or a CSV of sources."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A folder, a .zip, a .csv (company,url) or one file.")
        parser.add_argument("--quiet-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, path: str, quiet_progress: bool, verbosity: int, **options):
        target = Path(path)
        if not target.exists():
            raise CommandError(f"{path} does not exist.")

        def progress(items):
            return tqdm(items, desc="importing", unit="file", file=self.stderr,
                        disable=quiet_progress or verbosity == 0)

        report = import_path(target, progress=progress)
        self.stdout.write(f"Import of {target}: {report.summary()}.")
        for name, reason in report.refused:
            self.stdout.write(f"  refused {name}: {reason}")
        if verbosity > 1:
            for name, reason in report.skipped_names:
                self.stdout.write(f"  skipped {name}: {reason}")
