"""The seed manifest: which real policies a fresh install starts with."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

MANIFEST = Path(settings.BASE_DIR) / "fixtures" / "seeds.json"


@dataclass(frozen=True)
class Seed:
    path: Path
    sha256: str
    company: dict[str, str]
    policy_title: str

    def read_text(self) -> str:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise FileNotFoundError(
                f"Seed policy {self.path} is missing: set POLICY_SEEDS_DIR to the folder holding "
                "the seed texts (default ../shared/seeds)."
            ) from exc
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest != self.sha256:
            raise ValueError(f"Seed {self.path.name} changed: sha256 {digest} != {self.sha256}")
        return text


def load_manifest(seeds_dir: Path | None = None) -> list[Seed]:
    directory = Path(seeds_dir or settings.SEEDS_DIR)
    data = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return [
        Seed(
            path=directory / item["file"],
            sha256=item["sha256"],
            company=item["company"],
            policy_title=item["policy_title"],
        )
        for item in data["seeds"]
    ]
