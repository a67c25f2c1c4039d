"""Distinct, realistic policy texts for load tests and ``bench/pipeline_load.py``.

Each text is one of the seed policies (``../shared/seeds``) with a company-specific preamble
and a deterministic, seed-dependent selection of its lines, so every text has its own content
hash while keeping the structure (headings, lists, retention and sharing clauses) of a real
policy. No gold data is used.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from policies.seeds import load_manifest


@dataclass(frozen=True)
class GeneratedPolicy:
    company_name: str
    company_slug: str
    title: str
    text: str


def seed_texts() -> list[str]:
    return [seed.read_text() for seed in load_manifest()]


def distinct_policies(count: int, *, prefix: str = "Load Test", seed: int = 0):
    """``count`` policies, each for its own company, all with different texts."""
    bases = [text.splitlines() for text in seed_texts()]
    out: list[GeneratedPolicy] = []
    for i in range(count):
        rng = random.Random(seed * 1_000_003 + i)
        lines = bases[i % len(bases)]
        kept = [line for j, line in enumerate(lines) if j < 3 or rng.random() > 0.15]
        name = f"{prefix} Company {seed}-{i}"
        preamble = (
            f"{name} Privacy Policy\n\n"
            f"This policy explains how {name} (reference {rng.randrange(10**9):09d}) handles "
            "personal data.\n\n"
        )
        out.append(
            GeneratedPolicy(
                company_name=name,
                company_slug=f"{prefix.lower().replace(' ', '-')}-{seed}-{i}",
                title=f"{name} Privacy Policy",
                text=preamble + "\n".join(kept) + "\n",
            )
        )
    return out
