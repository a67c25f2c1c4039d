"""The seed manifests: which policies a fresh install starts with.

The real seeds (``fixtures/seeds.json``) are read from ``POLICY_SEEDS_DIR`` (default
``../shared/seeds``) and checked against their SHA-256; they are never copied into the
repository. A checkout without them (a clone from a public host) starts from the demo policies
of fictional companies the team wrote (``fixtures/demo/``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

MANIFEST = Path(settings.BASE_DIR) / "fixtures" / "seeds.json"
DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"


@dataclass(frozen=True)
class Seed:
    path: Path
    sha256: str | None  # None: a text of this repository (the demo), not checked
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
        if self.sha256 is not None and digest != self.sha256:
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


def seeds_present(seeds_dir: Path | None = None) -> bool:
    """Whether the folder of the real seed texts exists."""
    return Path(seeds_dir or settings.SEEDS_DIR).is_dir()


def load_demo_manifest() -> list[Seed]:
    """The demo policies of fictional companies (fixtures/demo/manifest.json)."""
    data = json.loads((DEMO_DIR / "manifest.json").read_text(encoding="utf-8"))
    return [
        Seed(
            path=DEMO_DIR / item["file"],
            sha256=None,
            company=item["company"],
            policy_title=item["policy_title"],
        )
        for item in data["seeds"]
    ]
