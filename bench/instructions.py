"""Instruction count of ``analyze_document`` over a fixed slice of the bench corpus.

Wall-clock ``make bench`` is too noisy on a shared machine to compare two pipeline versions;
the number of instructions executed is not. Run twice under callgrind, once with ``--startup``
(imports, ``get_nlp`` and the warm-up only) and once without, and subtract::

    OPENBLAS_NUM_THREADS=1 PYTHONHASHSEED=0 valgrind --tool=callgrind \\
        --callgrind-out-file=/tmp/cg.startup \\
        .venv/bin/python bench/instructions.py --startup
    OPENBLAS_NUM_THREADS=1 PYTHONHASHSEED=0 valgrind --tool=callgrind \\
        --callgrind-out-file=/tmp/cg.full \\
        .venv/bin/python bench/instructions.py

The totals are on the ``summary:`` line of each output file (``callgrind_annotate`` prints
them too). The slice is the first ``--min-words`` (default 30,000) words of the corpus
``bench/extraction.py`` builds, whole documents, so every commit that keeps that file's
``build_corpus`` measures the same text. Without valgrind the script prints the slice's size
and, with ``--profile FILE``, writes a cProfile of the slice's analysis. Without
``OPENBLAS_NUM_THREADS=1`` an idle OpenBLAS thread adds some 36 M instructions of noise.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build_corpus(min_words: int) -> list[str]:
    """``build_corpus`` of bench/extraction.py (loaded by path: ``extraction`` is the app)."""
    spec = importlib.util.spec_from_file_location("bench_extraction", ROOT / "bench/extraction.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build_corpus(min_words)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--min-words", type=int, default=30_000)
    parser.add_argument("--startup", action="store_true",
                        help="imports, get_nlp and the warm-up only (the count to subtract)")
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the slice")
    args = parser.parse_args()

    import extraction.nlp as nlp_api

    corpus = build_corpus(args.min_words)
    words = sum(len(t.split()) for t in corpus)
    nlp_api.get_nlp()
    nlp_api.analyze_document("We collect your e-mail address. You may ask us to delete it.")
    if args.startup:
        print(f"startup only; slice: {len(corpus)} documents, {words} words")
        return
    clauses = 0
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    for text in corpus:
        clauses += len(nlp_api.analyze_document(text).clauses)
    if args.profile:
        profiler.disable()
        profiler.dump_stats(args.profile)
    print(f"slice: {len(corpus)} documents, {words} words, {clauses} clauses")


if __name__ == "__main__":
    main()
