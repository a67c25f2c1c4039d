"""More variants of the classifier's linear companion, by the training's own CV (none kept).

    .venv/bin/python bench/linear_cv_more.py var/split/gt200-train.jsonl rb+rs3+sel,stem
    .venv/bin/python bench/linear_cv_more.py var/split/gt200-train.jsonl req

Reuses bench/linear_cv.py (its cache, its ``oof`` and its nested thresholds + rule modes);
``FOLD_SEED`` (default 0) deals the five document folds differently. Variants added to
linear_cv's, joined with ``+``: ``stem`` (a crude suffix stripper on the plain words of the
model input), ``tok1`` (one-character tokens too), ``lsaK`` (a K-dimensional LSA of the word
TF-IDF as a dense block, weight ``lwN`` N/10, default 0.5); ``A|B`` averages two variants' out-of-
fold probabilities. ``req`` (GT200 only) trains the same model on the finer GDPR requirement
labels (segment field ``requirements``), maps each requirement to the section holding >= 90% of
its passages, and combines them with the section's own probability (max, noisy-or, means, a
stacked regression over the logits). Gold data stays in var/cv-cache (git-ignored).
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import linear_cv as L  # noqa: E402

from extraction.nlp.classifier.tuning import document_folds, tune_thresholds  # noqa: E402

BASE = "rb+rs3+sel"
_PREFIXED = re.compile(r"^(?:hdr|hdi|rsec|rdt|rf|prv_rsec|nxt_rsec)_")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "ly", "s")
_OWN = ("stem", "tok1")


def stem(word: str) -> str:
    if _PREFIXED.match(word) or len(word) <= 4:
        return word
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            return word[: -len(suf)]
    return word


class LSA:
    """A TruncatedSVD of the word TF-IDF, rows L2-normalised and scaled."""

    def __init__(self, k: int, scale: float) -> None:
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vec = TfidfVectorizer(min_df=2, sublinear_tf=True)
        self.svd = TruncatedSVD(k, random_state=0)
        self.scale = scale

    def _norm(self, z: Any) -> Any:
        import numpy as np
        from scipy import sparse

        n = np.linalg.norm(z, axis=1, keepdims=True)
        n[n == 0] = 1
        return sparse.csr_matrix(z / n * self.scale)

    def fit_transform(self, docs: list[str]) -> Any:
        return self._norm(self.svd.fit_transform(self.vec.fit_transform(docs)))

    def transform(self, docs: list[str]) -> Any:
        return self._norm(self.svd.transform(self.vec.transform(docs)))


_orig_blocks = L.blocks


def blocks(
    variant: str, inputs: list[str], texts: list[str], context_docs: list[str]
) -> list[tuple[Any, list[str]]]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    parts = variant.split("+")
    if "stem" in parts:
        inputs = [" ".join(stem(w) for w in d.split()) for d in inputs]
    rest = "+".join(p for p in parts if p not in _OWN and not p.startswith(("lsa", "lw")))
    out = _orig_blocks(rest or "base", inputs, texts, context_docs)
    if "tok1" in parts:
        vec = TfidfVectorizer(
            ngram_range=(1, 2), min_df=2, sublinear_tf=True, token_pattern=r"(?u)\b\w+\b"
        )
        out[0] = (vec, out[0][1])
    for p in parts:
        if p.startswith("lsa"):
            scale = next((float(q[2:]) / 10 for q in parts if q.startswith("lw")), 0.5)
            out.insert(1, (LSA(int(p[3:]), scale), inputs))
    return out


L.blocks = blocks


def report(name: str, probs: Any, data: dict[str, Any], labels: Any, folds: Any) -> None:
    segs = data["segs"]
    pd = [{lab: float(probs[i, j]) for j, lab in enumerate(labels)} for i in range(len(segs))]
    _, f1s = tune_thresholds(pd, segs, labels)
    modes, _, smooth, _ = L.nested(probs, data, labels, folds)
    print(
        f"{name:24s} oof {sum(f1s.values()) / len(f1s):.4f} nested modes {modes:.4f} "
        f"smooth {smooth:.4f} " + " ".join(f"{k}:{v:.3f}" for k, v in f1s.items()),
        flush=True,
    )


def requirement_cats(path: str, n: int) -> list[dict[str, float]]:
    out = []
    for line in open(path, encoding="utf-8"):
        if not line.strip():
            continue
        doc = json.loads(line)
        scored = doc.get("scored_requirements", [])
        for seg in doc["segments"]:
            gold = set(seg.get("requirements", []))
            out.append({r: float(r in gold) for r in scored})
    assert len(out) == n
    return out


def run_req(path: str, data: dict[str, Any], labels: Any, folds: Any, parts: Any) -> None:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    segs, inputs = data["segs"], data["inputs"]
    texts, cats = [s.text for s in segs], [s.cats for s in segs]
    ctx = L.context_docs_of(segs)
    rcats = requirement_cats(path, len(segs))
    reqs = tuple(sorted({r for c in rcats for r in c}))
    mapping: dict[str, list[int]] = {}
    for lab in labels:
        for k, r in enumerate(reqs):
            n = sum(1 for c in rcats if c.get(r))
            both = sum(
                1
                for c, s in zip(rcats, segs, strict=True)
                if c.get(r) and s.cats.get(lab, 0) >= 0.5
            )
            if n and both / n >= 0.9:
                mapping.setdefault(lab, []).append(k)
    ps = L.oof(BASE, inputs, texts, ctx, cats, labels, parts)
    pr = L.oof(BASE, inputs, texts, ctx, rcats, reqs, parts)
    report("base", ps, data, labels, folds)

    def comb(fn: Any) -> Any:
        out = ps.copy()
        for j, lab in enumerate(labels):
            if lab in mapping:
                out[:, j] = fn(ps[:, j], pr[:, mapping[lab]])
        return out

    report("max", comb(lambda p, s: np.maximum(p, s.max(1))), data, labels, folds)
    report("noisyor", comb(lambda p, s: 1 - (1 - p) * np.prod(1 - s, 1)), data, labels, folds)
    report("meanmax", comb(lambda p, s: 0.5 * p + 0.5 * s.max(1)), data, labels, folds)
    report("maxonly", comb(lambda p, s: s.max(1)), data, labels, folds)

    def logit(p: Any) -> Any:
        p = np.clip(p, 1e-4, 1 - 1e-4)
        return np.log(p / (1 - p))

    for c in (0.3, 1.0):
        out = ps.copy()
        for j, lab in enumerate(labels):
            if lab not in mapping:
                continue
            x = logit(np.hstack([ps[:, [j]], pr[:, mapping[lab]]]))
            for tr, te in parts:
                rows = [i for i in tr if lab in cats[i]]
                y = [int(cats[i][lab] >= 0.5) for i in rows]
                lr = LogisticRegression(C=c, max_iter=2000).fit(x[rows], y)
                out[te, j] = lr.predict_proba(x[te])[:, 1]
        report(f"stack C={c}", out, data, labels, folds)


def main() -> None:
    path, variants = sys.argv[1], sys.argv[2].split(",") if len(sys.argv) > 2 else [BASE]
    data = L.prepared(path)
    segs, inputs = data["segs"], data["inputs"]
    labels = tuple(sorted({label for s in segs for label in s.cats}))
    groups = [s.doc_id for s in segs]
    folds = document_folds(groups, 5, int(os.environ.get("FOLD_SEED", "0")))
    parts = [
        (
            [i for i, g in enumerate(groups) if g not in ids],
            [i for i, g in enumerate(groups) if g in ids],
        )
        for ids in folds
    ]
    texts, cats, ctx = [s.text for s in segs], [s.cats for s in segs], L.context_docs_of(segs)
    res: dict[str, Any] = {}
    for v in variants:
        if v == "req":
            run_req(path, data, labels, folds, parts)
            continue
        t0 = time.perf_counter()
        if "|" in v:
            a, b = v.split("|")
            res[v] = 0.5 * (res[a] + res[b])
        else:
            res[v] = L.oof(v, inputs, texts, ctx, cats, labels, parts)
        report(v, res[v], data, labels, folds)
        print(f"  ({time.perf_counter() - t0:.0f}s)", flush=True)


if __name__ == "__main__":
    main()
