"""``manage.py train_from_reviews``: learn from the analysts' reviews.

Exports the reviewed passages (as ``export_reviews`` does, or reads ``--from FILE``), trains a
section classifier on all but a held-back share of the reviewed policies (``train_classifier``'s
trainer, with ``--folds``/``--epochs`` bounding the cost), scores it, the rules and the active
model on the held-back policies, records it in the model registry (admin: Trained models) and
activates it only if it beats both. ``--reextract`` then re-extracts the companies' latest
versions with it and prints which passages changed sections. A JSON summary goes to stdout.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from review.selectors import latest_version_ids, reviewed_passages
from review.services import trained_model_train, versions_reextract_compare


class Command(BaseCommand):
    help = "Train a section classifier from reviews; activate it if it beats the active one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="source", default="",
                            help="gold-format JSONL (default: the reviews in the database)")
        parser.add_argument("--out-dir", default="", help="models directory (default var/models)")
        parser.add_argument("--held-back", type=float, default=0.25,
                            help="share of reviewed policies held back for scoring (0.25)")
        parser.add_argument("--folds", type=int, default=3, help="CV folds inside training (3)")
        parser.add_argument("--epochs", type=int, default=12, help="max textcat epochs (12)")
        parser.add_argument("--max-minutes", type=float, default=30.0,
                            help="safety stop (30): training that runs longer fails, saving "
                            "nothing; it never cuts training short")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--reextract", action="store_true",
                            help="re-extract the latest versions with the new active model")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["source"]:
            from extraction.management.commands.train_classifier import read_gold

            docs = read_gold(Path(options["source"]))
        else:
            docs = reviewed_passages()
        if not 0 < options["held_back"] < 1:
            raise CommandError("--held-back must be between 0 and 1")
        if options["folds"] < 2:
            raise CommandError("--folds must be at least 2")
        out_dir = Path(options["out_dir"] or Path(settings.BASE_DIR) / "var" / "models")
        self.stderr.write(f"training on reviews of {len(docs)} policies -> {out_dir}")
        try:
            row = trained_model_train(
                docs=docs, out_root=out_dir, held_back=options["held_back"],
                folds=options["folds"], epochs=options["epochs"],
                max_minutes=options["max_minutes"], seed=options["seed"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except RuntimeError as exc:  # e.g. classifier.TrainingBudgetExceeded
            raise CommandError(str(exc)) from exc
        summary = {
            "name": row.name, "path": row.path, "active": row.active,
            "training_policies": row.training_policies,
            "training_passages": row.training_passages,
            "held_out_policies": row.held_out_policies,
            "macro_f1": row.score, "rules_macro_f1": row.rules_score,
            "previous_active_macro_f1": row.active_score,
        }
        verdict = "activated" if row.active else "kept inactive (does not beat the active one)"
        self.stderr.write(f"{row.name}: held-back macro-F1 {row.score} vs rules "
                          f"{row.rules_score}, previous {row.active_score}: {verdict}")
        if options["reextract"] and row.active:
            from policies.models import PolicyVersion

            versions = list(PolicyVersion.objects.filter(pk__in=latest_version_ids()))
            report = versions_reextract_compare(versions=versions)
            summary["reextracted"] = [
                {"version": r["version"], "pipeline_version": r["pipeline_version"],
                 "passages": r["passages"], "changed": len(r["changed"])} for r in report
            ]
            for r in report:
                for change in r["changed"][:5]:
                    self.stderr.write(f"  v{r['version']}: {change['before']} -> "
                                      f"{change['after']}: {change['text']}")
        self.stdout.write(json.dumps(summary))
