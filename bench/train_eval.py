"""Held-out estimate of the trainable section classifier, by document-level cross-validation.

    .venv/bin/python bench/train_eval.py ../shared/eval/opp115-dev.jsonl [--folds 4]

Splits the policies of a gold file (../shared/eval/README.md) into folds; for each fold trains
on the other folds with ``extraction.nlp.classifier.train`` (what ``manage.py train_classifier``
runs) and scores the held-out fold in passage mode with the project scorer's own ``score()``,
for three systems in the same split:

* rules-only: the shipped pipeline (``extraction.nlp.classify_passages``);
* rules+model: the rules combined with the trained classifier, as with POLICY_CLASSIFIER_MODEL;
* tfidf+lr: a classic TF-IDF + logistic-regression baseline trained on the same documents.

Prints per-fold macro-F1, the mean and the pooled score (all folds' predictions scored at once,
per section), then one JSON summary line. The gold data never leaves memory and temp dirs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evalfiles import load_scorer  # noqa: E402

from extraction.nlp import classifier as clf_mod  # noqa: E402
from extraction.nlp.types import PassageResult  # noqa: E402

Predicted = dict[str, tuple[set[str], set[str]]]


def passages(docs: list[dict[str, Any]]) -> tuple[list[str], list[str], list[list[str]]]:
    ids, texts, contexts = [], [], []
    for d in docs:
        for i, seg in enumerate(d["segments"]):
            ids.append(f"{d['id']}#{i}")
            texts.append(seg["text"])
            contexts.append(list(seg.get("context", [])))
    return ids, texts, contexts


def tfidf_lr(
    train_docs: list[dict[str, Any]], texts: list[str], contexts: list[list[str]]
) -> list[set[str]]:
    """One-vs-rest logistic regression (balanced class weights, C=1) on TF-IDF word 1-2 grams of
    headings + text: the classic baseline (its CV figures match the reference ones)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    def joined(text: str, context: list[str]) -> str:
        return " ".join([*context, text])

    x_text, y_sets, scored = [], [], []
    for d in train_docs:
        for seg in d["segments"]:
            x_text.append(joined(seg["text"], seg.get("context", [])))
            y_sets.append(set(seg["sections"]))
            scored.append(set(d["scored_sections"]))
    labels = sorted(set().union(*scored))
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    x = vec.fit_transform(x_text)
    xt = vec.transform([joined(t, c) for t, c in zip(texts, contexts, strict=True)])
    out: list[set[str]] = [set() for _ in texts]
    for label in labels:
        rows = [i for i, s in enumerate(scored) if label in s]
        y = [1 if label in y_sets[i] else 0 for i in rows]
        if len(set(y)) < 2:
            continue
        model = LogisticRegression(max_iter=2000, class_weight="balanced")
        model.fit(x[rows], y)
        keys = clf_mod.COMBINED_LABELS.get(label, (label,))
        for i, p in enumerate(model.predict_proba(xt)[:, 1]):
            if p >= 0.5:
                out[i].add(keys[0])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("gold")
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--only-folds", type=int, default=0, help="run only the first N folds")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--arch", default="bow", choices=["bow", "ensemble"])
    ap.add_argument("--ngram-size", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--no-rules", action="store_true", help="train a text-only model")
    ap.add_argument("--no-linear", action="store_true", help="textcat only, no linear companion")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument(
        "--scorer", default=str(ROOT.parent / "shared" / "eval" / "score.py"), help="score.py"
    )
    args = ap.parse_args()

    scorer = load_scorer(Path(args.scorer))
    docs = scorer.load_gold(args.gold)
    order = list(range(len(docs)))
    random.Random(args.seed).shuffle(order)
    folds = [[docs[j] for j in order[k :: args.folds]] for k in range(args.folds)]
    runner = None if args.no_rules else clf_mod.default_rule_runner()
    if runner is None:
        print(
            "rules pipeline not available: no rules-only figures, text-only model", file=sys.stderr
        )

    systems = (
        ["rules+model"]
        + (["rules-only"] if runner else [])
        + ([] if args.no_baseline else ["tfidf+lr"])
    )
    pooled: dict[str, Predicted] = {s: {} for s in systems}
    per_fold: dict[str, list[float]] = {s: [] for s in systems}
    train_seconds: list[float] = []
    n_folds = args.only_folds or args.folds
    tested: list[dict[str, Any]] = []
    for k in range(n_folds):
        test_docs = folds[k]
        train_docs = [d for j, f in enumerate(folds) if j != k for d in f]
        tested.extend(test_docs)
        ids, texts, contexts = passages(test_docs)
        empty = PassageResult(sections=(), data_types=())
        if runner is not None:
            rule_results, features = runner(texts, contexts)
        else:
            rule_results, features = [empty] * len(texts), [[] for _ in texts]
        preds: dict[str, list[set[str]]] = {}
        with tempfile.TemporaryDirectory(prefix="policy-clf-") as tmp:
            t0 = time.perf_counter()
            clf_mod.train(
                train_docs,
                tmp,
                seed=args.seed,
                epochs=args.epochs,
                arch=args.arch,
                ngram_size=args.ngram_size,
                use_rules=False if args.no_rules else None,
                linear=not args.no_linear,
            )
            train_seconds.append(time.perf_counter() - t0)
            model = clf_mod.SectionClassifier.load(tmp)
            preds["rules+model"] = [
                set(s) for s in model.predict(texts, contexts, list(rule_results), features)
            ]
        if runner is not None:
            preds["rules-only"] = [set(r.sections) for r in rule_results]
        if not args.no_baseline:
            preds["tfidf+lr"] = tfidf_lr(train_docs, texts, contexts)
        line = [f"fold {k + 1}/{args.folds}: {len(test_docs)} docs"]
        for system in systems:
            predicted: Predicted = {
                i: (p, set(r.data_types))
                for i, p, r in zip(ids, preds[system], rule_results, strict=True)
            }
            pooled[system].update(predicted)
            macro = scorer.score(test_docs, predicted)["macro_f1"]
            per_fold[system].append(macro)
            line.append(f"{system} {macro:.3f}")
        print("  ".join(line), flush=True)

    summary: dict[str, Any] = {
        "gold": os.path.basename(args.gold),
        "folds": args.folds,
        "arch": args.arch,
        "mean_train_seconds": round(sum(train_seconds) / len(train_seconds), 1),
    }
    print(f"\n{'section':<16}" + "".join(f"{s:>14}" for s in systems))
    results = {s: scorer.score(tested, pooled[s]) for s in systems}
    for section in results[systems[0]]["per_section"]:
        print(
            f"{section:<16}"
            + "".join(f"{results[s]['per_section'][section]['f1']:>14.3f}" for s in systems)
        )
    print(f"{'pooled macro':<16}" + "".join(f"{results[s]['macro_f1']:>14.3f}" for s in systems))
    means = {s: sum(v) / len(v) for s, v in per_fold.items()}
    print(f"{'mean of folds':<16}" + "".join(f"{means[s]:>14.3f}" for s in systems))
    summary["pooled_macro_f1"] = {s: results[s]["macro_f1"] for s in systems}
    summary["mean_fold_macro_f1"] = {s: round(means[s], 4) for s in systems}
    summary["per_section_f1"] = {
        s: {k: v["f1"] for k, v in results[s]["per_section"].items()} for s in systems
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
