"""``manage.py train_classifier GOLD.jsonl --out DIR``: train the section classifier.

Reads a labelled corpus in the gold format of ../shared/eval/README.md (one policy per line with
its segments' text, context headings and sections), trains a spaCy ``textcat_multilabel`` model
and a TF-IDF + logistic-regression companion on headings + text + the rules' outputs, tunes
their settings, blend and per-label thresholds by document-level cross-validation inside the
corpus, and writes the model directory. Point ``POLICY_CLASSIFIER_MODEL`` at it to make the
pipeline combine it with the rules. Progress goes to stderr; a JSON summary to stdout.

Models trained on licensed gold data must not be committed or shipped: use a directory outside
the repository or the git-ignored ``var/``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


def read_gold(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """Gold documents from a JSONL file, checked enough to give clear errors."""
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    docs: list[dict[str, Any]] = []
    try:
        with path.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    doc = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise CommandError(f"{path}:{lineno}: not JSON ({exc.msg})") from exc
                if not isinstance(doc, dict) or not isinstance(doc.get("segments"), list):
                    raise CommandError(f"{path}:{lineno}: expected an object with 'segments'")
                if not doc.get("scored_sections"):
                    raise CommandError(f"{path}:{lineno}: 'scored_sections' is missing or empty")
                for i, seg in enumerate(doc["segments"]):
                    if not isinstance(seg, dict) or not isinstance(seg.get("text"), str):
                        raise CommandError(f"{path}:{lineno}: segment {i} has no 'text'")
                doc.setdefault("id", f"line{lineno}")
                docs.append(doc)
                if limit and len(docs) >= limit:
                    break
    except UnicodeDecodeError as exc:
        raise CommandError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    if not docs:
        raise CommandError(f"{path}: no documents")
    return docs


class Command(BaseCommand):
    help = "Train the trainable section classifier on a gold-format JSONL corpus."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("gold", help="gold-format JSONL file (one policy per line)")
        parser.add_argument("--out", required=True, help="model directory to write")
        parser.add_argument("--limit-docs", type=int, default=None, help="use the first N policies")
        parser.add_argument("--epochs", type=int, default=12, help="maximum epochs (default 12)")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--folds", type=int, default=5,
            help="cross-validation folds inside the corpus (default 5; 2-3 train faster)",
        )
        parser.add_argument(
            "--max-minutes", type=float, default=30.0,
            help="safety stop (default 30 minutes; 0: none): training that runs longer fails "
            "and saves nothing. It never cuts training short, so results do not depend on "
            "machine load; --folds and --epochs set the amount of work",
        )
        parser.add_argument(
            "--arch", choices=["bow", "ensemble"], default=None, help="textcat architecture"
        )
        parser.add_argument(
            "--no-rules", action="store_true", help="text only: no rule tokens in the input"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from extraction.nlp import classifier

        if options["limit_docs"] is not None and options["limit_docs"] < 1:
            raise CommandError("--limit-docs must be at least 1")
        if options["epochs"] < 1:
            raise CommandError("--epochs must be at least 1")
        if options["folds"] < 2:
            raise CommandError("--folds must be at least 2")
        docs = read_gold(Path(options["gold"]), options["limit_docs"])
        out = Path(options["out"]).resolve()
        if out.exists() and not out.is_dir():
            raise CommandError(f"{out} exists and is not a directory")
        base = Path(getattr(settings, "BASE_DIR", Path.cwd())).resolve()
        if out.is_relative_to(base) and not out.is_relative_to(base / "var"):
            self.stderr.write(
                f"warning: {out} is inside the repository; models learned from licensed gold "
                "data must not be committed (use var/ or a directory outside git)"
            )
        kwargs: dict[str, Any] = {
            "seed": options["seed"],
            "max_minutes": options["max_minutes"],
            "epochs": options["epochs"],
            "folds": options["folds"],
        }
        if options["arch"]:
            kwargs["arch"] = options["arch"]
        if options["no_rules"]:
            kwargs["use_rules"] = False
        self.stderr.write(f"training on {len(docs)} policies from {options['gold']} -> {out}")
        try:
            meta = classifier.train(docs, out, **kwargs)
        except (ValueError, RuntimeError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps({"out": str(out), **meta}))
        self.stderr.write(f"use it with: {classifier.MODEL_ENV}={os.fspath(out)}")
