"""``manage.py train_default_weights``: rebuild the shipped learned section weights.

Trains on the team-written corpus in ``extraction/nlp/training_data/*.jsonl`` only (never on
the evaluation gold files) and writes ``extraction/nlp/default_weights.json``. Deterministic:
the same corpus and ``--seed`` give the same file.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from extraction.nlp import learned


class Command(BaseCommand):
    help = "Train the default section weights from the team-written corpus."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", default=str(learned.WEIGHTS_FILE))
        parser.add_argument("--c", type=float, default=1.0, help="inverse L2 strength")
        parser.add_argument("--seed", type=int, default=13)

    def handle(self, *args: object, **options: object) -> None:
        rows = learned.training_rows()
        weights = learned.train(rows, c=float(options["c"]), seed=int(options["seed"]))
        path = learned.write_weights(weights, Path(str(options["out"])))
        self.stdout.write(
            f"trained on {len(rows)} passages ({weights.version}); wrote {path}"
        )
