"""Benchmark: full ``analyze_document`` words/s against the bare ``spacy.blank("en")`` tokenizer.

Builds a corpus of at least 200k words from the seed policies (and the development gold texts
when ../shared/eval exists), then measures, in the same run: tokenizer words/s, full
extraction words/s, their ratio and peak memory. Run with ``python bench/extraction.py``
(or ``make bench``) from the project root.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"
SEEDS = Path(os.environ.get("POLICY_SEEDS_DIR") or SHARED / "seeds")
EVAL = SHARED / "eval"
SEPARATOR = "\n\n"


def gold_texts() -> list[str]:
    """Whole-policy texts rebuilt from the development gold files, when present."""
    texts: list[str] = []
    for path in sorted(EVAL.glob("*-dev.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                doc = json.loads(line)
                parts: list[str] = []
                last: list[str] = []
                for seg in doc["segments"]:
                    context = seg.get("context", [])
                    if context and context != last and context[-1] != seg["text"]:
                        parts.append(context[-1])
                    last = context
                    parts.append(seg["text"])
                texts.append(SEPARATOR.join(parts))
    return texts


def build_corpus(min_words: int) -> list[str]:
    base = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    base += gold_texts()
    if not base:
        sys.exit(f"bench: no seed texts in {SEEDS}")
    corpus: list[str] = []
    words = 0
    while words < min_words:
        for text in base:
            corpus.append(text)
            words += len(text.split())
            if words >= min_words:
                break
    return corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--min-words", type=int, default=200_000)
    args = parser.parse_args()

    import spacy

    from extraction.nlp import analyze_document, get_nlp

    corpus = build_corpus(args.min_words)
    words = sum(len(t.split()) for t in corpus)
    docs = len(corpus)

    tokenizer = spacy.blank("en")
    for _ in tokenizer.pipe(corpus[:10]):  # warm up, as extraction is warmed below
        pass
    started = time.perf_counter()
    for doc in tokenizer.pipe(corpus, batch_size=64):
        len(doc)
    tok_s = time.perf_counter() - started
    # The same tokenizer the way extraction runs it: one memory zone per document.
    started = time.perf_counter()
    for text in corpus:
        with tokenizer.memory_zone():
            len(tokenizer.make_doc(text))
    tok_zone_s = time.perf_counter() - started

    get_nlp()  # build once (not timed, as in a worker)
    for text in corpus[:10]:
        analyze_document(text)
    started = time.perf_counter()
    clauses = 0
    for text in corpus:
        clauses += len(analyze_document(text).clauses)
    full_s = time.perf_counter() - started
    # Python-level peak for one large document, measured apart (tracemalloc slows code).
    tracemalloc.start()
    analyze_document(max(corpus, key=len))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    tok_wps = words / tok_s
    tok_zone_wps = words / tok_zone_s
    full_wps = words / full_s
    print(f"corpus: {docs} documents, {words} words, {clauses} clauses extracted")
    print(f"spacy.blank('en') tokenizer: {tok_wps:,.0f} words/s ({tok_s:.2f}s)")
    print(f"  same, one memory zone/doc: {tok_zone_wps:,.0f} words/s ({tok_zone_s:.2f}s)")
    print(f"full analyze_document:       {full_wps:,.0f} words/s ({full_s:.2f}s)")
    print(f"ratio full/tokenizer:        {full_wps / tok_wps:.2f} "
          f"(vs tokenizer with memory zones: {full_wps / tok_zone_wps:.2f})")
    print(f"peak traced memory, largest document: {peak / 1e6:.1f} MB; "
          f"max RSS: {rss_kb / 1024:.0f} MB")
    print(json.dumps({
        "words": words, "tokenizer_wps": round(tok_wps),
        "tokenizer_zone_wps": round(tok_zone_wps), "full_wps": round(full_wps),
        "ratio": round(full_wps / tok_wps, 3), "ratio_zone": round(full_wps / tok_zone_wps, 3),
        "peak_traced_mb": round(peak / 1e6, 1),
        "max_rss_mb": round(rss_kb / 1024),
    }))


if __name__ == "__main__":
    main()
