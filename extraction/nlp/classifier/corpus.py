"""Training corpus: gold-format documents (../shared/eval/README.md) as labelled passages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Segment:
    doc_id: str
    text: str
    context: tuple[str, ...]
    cats: dict[str, float]  # only the labels the document scores


def segments(gold_docs: Sequence[dict[str, Any]]) -> list[Segment]:
    out: list[Segment] = []
    for doc in gold_docs:
        scored = [s for s in doc.get("scored_sections", []) if s != "other"]
        for seg in doc.get("segments", []):
            gold = set(seg.get("sections", []))
            cats = {s: 1.0 if s in gold else 0.0 for s in scored}
            out.append(
                Segment(str(doc.get("id")), seg["text"], tuple(seg.get("context", [])), cats)
            )
    return out
