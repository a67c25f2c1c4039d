"""Fixtures of the NLP tests: the seed policies, found like the app finds them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extraction.nlp import analyze_document
from extraction.nlp.types import DocumentAnalysis

REPO = Path(__file__).resolve().parents[3]
SEEDS_DIR = Path(os.environ.get("POLICY_SEEDS_DIR") or REPO.parent / "shared" / "seeds")


def seed_text(prefix: str) -> str:
    matches = sorted(SEEDS_DIR.glob(f"{prefix}_*.txt"))
    assert matches, f"seed {prefix} not found in {SEEDS_DIR}"
    return matches[0].read_text(encoding="utf-8")


_CACHE: dict[str, DocumentAnalysis] = {}


@pytest.fixture
def seed():
    """Analyse a seed policy by its number ("000".."004"), once per session."""

    def get(prefix: str) -> DocumentAnalysis:
        if prefix not in _CACHE:
            _CACHE[prefix] = analyze_document(seed_text(prefix))
        return _CACHE[prefix]

    return get
