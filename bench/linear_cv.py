"""Fast comparison of variants of the classifier's linear companion, by the training's own CV.

    .venv/bin/python bench/linear_cv.py var/split/gt200-train.jsonl base,nb25,char,char+nb25

Runs what ``train_classifier`` runs before the textcat (the rules once, the model input with
the neighbour tokens, five document folds with seed 0, the (class weight, C) grid per label,
per-label thresholds and rule modes on the out-of-fold probabilities) for the linear companion
only: on these corpora the cross-validation gives the textcat no weight, so "base" reproduces
the ``validation_macro_f1`` that ``train_classifier`` reports for the same file. One line per
variant: the out-of-fold macro-F1 before and after the rule modes, per-label F1 and seconds.

Variants, joined with ``+``: ``base`` (the shipped features), ``charN`` (a second TF-IDF of
character 2-5 grams of the passage text, ``char_wb``, stacked beside the word one), ``bin``
(binary term frequencies), ``nbNN`` (each label's features scaled by its naive-Bayes
log-count ratios, smoothing NN/100; NBSVM), ``rb`` (the rules' tokens again as a binary block
beside the TF-IDF, weight 0.5 or ``rsN`` N/10), ``rbx`` (the rule tokens only in that block),
``ctx`` (a TF-IDF of the headings and the previous passage's text), ``cw`` (positive-class
weights 2 and 4 in the grid), ``sel`` (every grid pair also on the first block alone, chosen
per label), ``topN`` (per label the mean of the N best grid settings), ``ap`` (grid settings
chosen by average precision instead of best-threshold F1), ``rbh`` / ``rbi`` (all headings' /
the innermost heading's tokens in the rule block too), ``c16`` (C=16 in the grid), ``stack`` /
``stackn`` (a second regression per label over all labels' out-of-fold logits, with ``stackn``
also the neighbours'; ``scN`` its C N/10), the rules' graded section scores (score /
threshold per section key, from ``analyze.score_parts`` as ``classify_passages`` computes
them) as numeric columns beside the rule block: ``gs`` (the total, clipped at 3, / 3), ``gl``
(log1p of it), ``gp`` (body cues, typed boosts and headings separately), ``gt`` (thermometer
columns at 0.25-3 thresholds), ``gn`` (the neighbours' totals), ``gx`` (the best
sentence's body + boosts), ``gwN`` (their weight N/10, default 0.5), ``ga`` (the columns
stay when ``sel`` drops the rule block), and ``nos``
(without the rules' ``S_<key>=N`` score-bucket tokens). The "nested" figures tune the
combination step on four folds' out-of-fold probabilities and apply it to the fifth:
thresholds + rule modes (shipped), thresholds + a mix weight of the rules' evidence, a
smoothed threshold, and the mix gated by a 0.02 gain.
A second table crosses the threshold (best, or smoothed over 1-3 grid steps) with nothing
(``t``), the rule modes (``m``) or the gated mix (``g``), all nested.
The rules' results and the model input are cached in var/cv-cache (git-ignored); the gold
data is never written elsewhere.
"""

from __future__ import annotations

import json
import math
import os
import pickle
import re
import sys
import time
from pathlib import Path
from typing import Any

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extraction.nlp.classifier import features as feats_mod  # noqa: E402
from extraction.nlp.classifier.corpus import segments  # noqa: E402
from extraction.nlp.classifier.linear import PARAM_GRID, label_rows  # noqa: E402
from extraction.nlp.classifier.model import COMBINED_LABELS, RULE_MODES, combine  # noqa: E402
from extraction.nlp.classifier.tuning import (  # noqa: E402
    THRESHOLD_GRID,
    best_threshold,
    document_folds,
    f1,
    tune_rule_modes,
    tune_thresholds,
)

RULE_TOKENS = r"\b(?:rsec|rdt|rf|prv_rsec|nxt_rsec)_\w+"


class _Scaled:
    """A vectorizer whose output is multiplied by ``scale``."""

    def __init__(self, vec: Any, scale: float) -> None:
        self.vec, self.scale = vec, scale

    def fit_transform(self, docs: list[str]) -> Any:
        return self.vec.fit_transform(docs).astype("float64") * self.scale

    def transform(self, docs: list[str]) -> Any:
        return self.vec.transform(docs).astype("float64") * self.scale


class _Dense:
    """Rows of a fixed numeric matrix (indexed by the passage numbers given as docs)."""

    def __init__(self, matrix: Any, scale: float) -> None:
        self.matrix, self.scale = matrix, scale

    def fit_transform(self, docs: list[int]) -> Any:
        return self.transform(docs)

    def transform(self, docs: list[int]) -> Any:
        from scipy import sparse

        return sparse.csr_matrix(self.matrix[docs] * self.scale)


GRADED: list[dict[str, dict[str, float]]] = []
GROUPS: list[str] = []


def graded_matrix(parts: list[str]) -> Any:
    import numpy as np

    from extraction.nlp.patterns.sections import THRESHOLDS

    keys = sorted(THRESHOLDS)
    rows = []
    for g in GRADED:
        row: list[float] = []
        total = {k: sum(g[p].get(k, 0.0) for p in ("body", "boost", "head")) for k in keys}
        for k in keys:
            r = total[k] / THRESHOLDS[k]
            if "gs" in parts:
                row.append(min(max(r, 0.0), 3.0) / 3)
            if "gl" in parts:
                row.append(math.log1p(max(r, 0.0)))
            if "gp" in parts:
                row.extend(min(max(g[p].get(k, 0.0) / THRESHOLDS[k], 0.0), 3.0) / 3
                           for p in ("body", "boost", "head"))
            if "gx" in parts:  # the best sentence's score
                row.append(min(max(g["sent"].get(k, 0.0) / THRESHOLDS[k], 0.0), 3.0) / 3)
            if "gt" in parts:
                row.extend(float(r >= b) for b in (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0))
        rows.append(row)
    m = np.asarray(rows, dtype="float64")
    if "gn" in parts:
        base = np.asarray([[min(max(sum(g[p].get(k, 0.0) for p in ("body", "boost", "head"))
                                    / THRESHOLDS[k], 0.0), 3.0) / 3 for k in keys]
                           for g in GRADED])
        prv, nxt = np.zeros_like(base), np.zeros_like(base)
        for i in range(len(GRADED)):
            if i and GROUPS[i - 1] == GROUPS[i]:
                prv[i] = base[i - 1]
            if i + 1 < len(GRADED) and GROUPS[i + 1] == GROUPS[i]:
                nxt[i] = base[i + 1]
        m = np.hstack([m, prv, nxt])
    return m


def graded_scores(segs: list[Any], path: str) -> list[dict[str, dict[str, float]]]:
    """Per passage the rules' score parts (body cues, typed boosts, headings) as
    ``classify_passages`` computes them (empty for heading-like passages); cached."""
    src = Path(path)
    cache = Path("var/cv-cache") / (src.name + f".{int(src.stat().st_mtime)}.graded2.pkl")
    if cache.is_file():
        with cache.open("rb") as fh:
            return pickle.load(fh)  # type: ignore[no-any-return]
    from extraction.nlp import analyze

    nlp = analyze.get_nlp()
    out = []
    for s in segs:
        cues = analyze.read_cues(nlp(s.text))
        heads = analyze.cues_of_headings(s.context)
        ctx = [heads[h] for h in reversed(list(s.context))]
        if analyze.is_heading_like(s.text, cues) and not analyze.is_list_item(s.text, cues, ctx):
            out.append({"body": {}, "boost": {}, "head": {}, "sent": {}})
            continue
        body, boost, head = analyze.score_parts(
            s.text, 0, cues, ctx, analyze.sentence_bounds(s.text)
        )
        best: dict[str, float] = {}  # the best single sentence's body + boosts
        for start, end in analyze.split_sentences(s.text, 0, len(s.text)):
            inside = [c for c in cues if start <= c.start < end]
            b, t, _ = analyze.score_parts(s.text[start:end], start, inside, [], ())
            for key, value in analyze.combine(b, t).items():
                best[key] = max(best.get(key, 0.0), value)
        out.append({"body": body, "boost": boost, "head": head, "sent": best})
    cache.parent.mkdir(parents=True, exist_ok=True)
    with cache.open("wb") as fh:
        pickle.dump(out, fh)
    return out


def blocks(
    variant: str, inputs: list[str], texts: list[str], context_docs: list[str]
) -> list[tuple[Any, list[str]]]:
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    parts = variant.split("+")
    words = inputs
    if "nos" in parts:  # without the rules' score-bucket tokens (``S_<key>=N``)
        words = inputs = [re.sub(r"\brf_s_\w+", " ", d) for d in inputs]
    if "rbx" in parts:  # the rule tokens only in their own block
        words = [re.sub(RULE_TOKENS, " ", d) for d in inputs]
    out = [
        (
            TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, binary="bin" in parts),
            words,
        )
    ]
    if "rb" in parts or "rbx" in parts or "rbh" in parts or "rbi" in parts:
        # the rules' tokens as their own binary block, not normalised with the passage's words
        scale = next((float(q[2:]) / 10 for q in parts if q.startswith("rs")), 0.5)
        pattern = RULE_TOKENS
        if "rbh" in parts:  # the headings' tokens in the block too
            pattern = r"\b(?:rsec|rdt|rf|prv_rsec|nxt_rsec|hdr|hdi)_\w+"
        if "rbi" in parts:  # the innermost heading's tokens in the block too
            pattern = r"\b(?:rsec|rdt|rf|prv_rsec|nxt_rsec|hdi)_\w+"
        rule_vec = CountVectorizer(token_pattern=pattern, binary=True, lowercase=False)
        out.append((_Scaled(rule_vec, scale), inputs))
    if "cue" in parts or "cuh" in parts:
        # the rules' cue matches (kind and section key) of the passage and, with ``cuh``, of
        # its innermost heading, as their own binary block
        scale = next((float(q[2:]) / 10 for q in parts if q.startswith("cs")), 0.5)
        cue_vec = CountVectorizer(token_pattern=r"\S+", binary=True, lowercase=False)
        docs = [" ".join(c if "cuh" in parts else [t for t in c if t.startswith("cu_")])
                for c in CUE_DOCS]
        out.append((_Scaled(cue_vec, scale), docs))
    if "len" in parts:
        # the passage's length: one-hot log2 bucket of its word count (the TF-IDF rows are
        # L2-normalised, so they do not carry it)
        scale = next((float(q[2:]) / 10 for q in parts if q.startswith("ls")), 0.5)
        len_vec = CountVectorizer(token_pattern=r"\S+", binary=True, lowercase=False)
        docs = [
            f"len_{min(int(math.log2(len(t.split()) + 1)), 9)}" for t in texts
        ]
        out.append((_Scaled(len_vec, scale), docs))
    if any(q in parts for q in ("gs", "gp", "gt", "gn", "gl", "gx")):
        # the rules' graded section scores (score / threshold per section key) as numeric
        # columns: ``gs`` the total clipped at 3 and divided by 3, ``gl`` log1p of it, ``gp``
        # body, boosts and headings separately, ``gt`` thermometer tokens, ``gn`` the
        # neighbours' totals too; ``gwN`` scale N/10 (default 0.5)
        scale = next((float(q[2:]) / 10 for q in parts if q.startswith("gw")), 0.5)
        graded = (_Dense(graded_matrix(parts), scale), list(range(len(inputs))))
        if "ga" in parts:  # always read (``sel`` leaves it in): right after the first block
            out.insert(1, graded)
        else:
            out.append(graded)
    if "ctx" in parts:
        # the headings' and the previous passage's words as their own TF-IDF block
        out.append(
            (TfidfVectorizer(ngram_range=(1, 1), min_df=2, sublinear_tf=True), context_docs)
        )
    if "char" in parts:
        char = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 5),
            min_df=2,
            sublinear_tf=True,
            max_features=200000,
        )
        out.append((char, [t.lower() for t in texts]))
    return out


def grid_of(variant: str) -> tuple[Any, ...]:
    """The (class weight, C, first block alone) grid: ``cw`` adds positive-class weights 2 and
    4, ``sel`` every pair again on the first block alone."""
    parts = variant.split("+")
    grid: tuple[Any, ...] = PARAM_GRID
    if "c16" in parts:  # a larger C beside the grid's largest, 8
        grid += ((None, 16.0),)
    if "cw" in parts:
        grid += tuple(({0: 1.0, 1: w}, c) for w in (2.0, 4.0) for c in (1.0, 2.0, 4.0))
    out = tuple((w, c, False) for w, c in grid)
    if "sel" in parts:
        out += tuple((w, c, True) for w, c in grid)
    return out


def nb_alpha(variant: str) -> float | None:
    for part in variant.split("+"):
        if part.startswith("nb"):
            return float(part[2:] or 100) / 100
    return None


def oof(
    variant: str,
    inputs: list[str],
    texts: list[str],
    context_docs: list[str],
    cats: list[dict[str, float]],
    labels: tuple[str, ...],
    parts: list[tuple[list[int], list[int]]],
) -> Any:
    import numpy as np
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    alpha = nb_alpha(variant)
    pgrid = grid_of(variant)
    grid = np.zeros((len(pgrid), len(inputs), len(labels)))
    for tr, te in parts:
        x_tr_blocks, x_te_blocks = [], []
        for vec, docs in blocks(variant, inputs, texts, context_docs):
            x_tr_blocks.append(vec.fit_transform([docs[i] for i in tr]))
            x_te_blocks.append(vec.transform([docs[i] for i in te]))
        x_tr = sparse.hstack(x_tr_blocks).tocsr()
        x_te = sparse.hstack(x_te_blocks).tocsr()
        # ``sel``: per label, the grid runs with and without the other blocks (the first
        # block's columns alone)
        n_first = x_tr_blocks[0].shape[1]
        if "ga" in variant.split("+"):
            n_first += x_tr_blocks[1].shape[1]
        tr_cats = [cats[i] for i in tr]
        for j, label in enumerate(labels):
            rows, y = label_rows(tr_cats, label)
            local = [n for n, i in enumerate(te) if label in cats[i]]
            target = [te[n] for n in local]
            if not local:
                continue
            if len(set(y)) < 2:
                grid[:, target, j] = 1.0 if y and y[0] else 0.0
                continue
            xr, xt = x_tr[rows], x_te[local]
            xr0, xt0 = xr[:, :n_first], xt[:, :n_first]
            if alpha is not None:
                yes = np.asarray(y) == 1
                pos = np.asarray(xr[yes].sum(axis=0)).ravel() + alpha
                neg = np.asarray(xr[~yes].sum(axis=0)).ravel() + alpha
                r = np.log((pos / pos.sum()) / (neg / neg.sum()))
                xr, xt = xr.multiply(r).tocsr(), xt.multiply(r).tocsr()
            for g, (class_weight, c, alone) in enumerate(grid_of(variant)):
                lr = LogisticRegression(C=c, class_weight=class_weight, max_iter=3000)
                a, b = (xr0, xt0) if alone else (xr, xt)
                grid[g, target, j] = lr.fit(a, y).predict_proba(b)[:, 1]
    chosen = np.zeros((len(inputs), len(labels)))
    for j, label in enumerate(labels):
        rows, y = label_rows(cats, label)
        if "ap" in variant.split("+"):
            from sklearn.metrics import average_precision_score

            scores = [average_precision_score(y, grid[g, rows, j]) for g in range(len(pgrid))]
        else:
            scores = [
                best_threshold(list(zip(grid[g, rows, j].tolist(), y, strict=True)))[1]
                for g in range(len(pgrid))
            ]
        chosen[:, j] = grid[max(range(len(pgrid)), key=lambda g: scores[g]), :, j]
        top = next((int(q[3:]) for q in variant.split("+") if q.startswith("top")), 0)
        if top > 1:
            # the mean of the ``top`` best settings (less selection noise than the single best)
            order = sorted(range(len(pgrid)), key=lambda g: -scores[g])[:top]
            chosen[:, j] = grid[order, :, j].mean(axis=0)
        if "avg" in variant.split("+"):
            # the mean of the best setting with the other blocks and the best without
            with_b = max((g for g in range(len(pgrid)) if not pgrid[g][2]), key=lambda g: scores[g])
            alone = max((g for g in range(len(pgrid)) if pgrid[g][2]), key=lambda g: scores[g])
            chosen[:, j] = 0.5 * (grid[with_b, :, j] + grid[alone, :, j])
    return chosen


def prepared(path: str) -> dict[str, Any]:
    """The passages, the rules' results and the model input, cached in var/ (git-ignored) by
    the file's path and modification time."""
    src = Path(path)
    cache = Path("var/cv-cache") / (src.name + f".{int(src.stat().st_mtime)}.pkl")
    if cache.is_file():
        with cache.open("rb") as fh:
            return pickle.load(fh)  # type: ignore[no-any-return]
    docs = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    segs = segments(docs)
    texts = [s.text for s in segs]
    contexts = [list(s.context) for s in segs]
    groups = [s.doc_id for s in segs]
    runner = feats_mod.default_rule_runner()
    if runner is None:
        sys.exit("the rules pipeline is not importable")
    rule_results, rule_feats = runner(texts, contexts)
    inputs = [
        feats_mod.model_input(t, c, r, f)
        for t, c, r, f in zip(texts, contexts, rule_results, rule_feats, strict=True)
    ]
    inputs = feats_mod.with_neighbours(inputs, rule_results, groups)
    data = {
        "segs": segs,
        "rule_results": rule_results,
        "rule_feats": rule_feats,
        "inputs": inputs,
    }
    cache.parent.mkdir(parents=True, exist_ok=True)
    with cache.open("wb") as fh:
        pickle.dump(data, fh)
    return data


CUE_DOCS: list[list[str]] = []
OOF_CACHE: dict[str, Any] = {}


def cue_tokens(segs: list[Any], path: str) -> list[list[str]]:
    """Per passage, ``cu_<kind>_<key>`` for the rules' cue matches in its text and
    ``ch_<kind>_<key>`` for those of its innermost heading (cached beside the rules' run)."""
    src = Path(path)
    cache = Path("var/cv-cache") / (src.name + f".{int(src.stat().st_mtime)}.cues.pkl")
    if cache.is_file():
        with cache.open("rb") as fh:
            return pickle.load(fh)  # type: ignore[no-any-return]
    from extraction.nlp.analyze import get_nlp
    from extraction.nlp.rule_scoring import read_cues

    nlp = get_nlp()

    def toks(prefix: str, text: str) -> list[str]:
        return sorted({
            prefix + re.sub(r"[^a-z0-9_]+", "_", f"{c.kind}_{c.key}".lower())
            for c in read_cues(nlp(text))
            if c.kind not in ("rn", "country")
        })

    heads: dict[str, list[str]] = {}
    out = []
    for s in segs:
        h = s.context[-1] if s.context else ""
        if h not in heads:
            heads[h] = toks("ch_", h) if h else []
        out.append(toks("cu_", s.text) + heads[h])
    with cache.open("wb") as fh:
        pickle.dump(out, fh)
    return out


def context_docs_of(segs: list[Any]) -> list[str]:
    """Per passage, its headings' words and the previous passage's text of the same document."""
    out = []
    for i, s in enumerate(segs):
        prev = segs[i - 1].text if i and segs[i - 1].doc_id == s.doc_id else ""
        out.append(" ".join([*s.context, prev]).lower())
    return out


def rule_score(label: str, result: Any, feats: list[str]) -> float:
    """The rules' evidence for ``label``: 1 where they decide it, else their score bucket / 4."""
    keys = COMBINED_LABELS.get(label, (label,))
    if any(k in result.sections for k in keys):
        return 1.0
    best = 0
    for f in feats:
        for k in keys:
            if f.startswith(f"S_{k}="):
                best = max(best, int(f.split("=")[1]))
    return best / 4


def counts(rows: list[tuple[bool, bool]]) -> tuple[int, int, int]:
    tp = sum(1 for y, g in rows if y and g)
    fp = sum(1 for y, g in rows if y and not g)
    return tp, fp, sum(1 for y, g in rows if g and not y)


MIX = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)


def tune_mix(rows: list[tuple[float, float, bool]]) -> tuple[float, float]:
    """(a, threshold) maximising F1 of (1 - a) * p + a * rule >= threshold; ties: smaller a."""
    best = (-1.0, 0.0, 0.5)
    for a in MIX:
        pairs = [((1 - a) * p + a * r, int(g)) for p, r, g in rows]
        t, f = best_threshold(pairs)
        if f > best[0] + 1e-9:
            best = (f, a, t)
    return best[1], best[2]


def smooth_threshold(pairs: list[tuple[float, int]], width: int = 2) -> float:
    """The grid threshold whose F1 averaged with its ``width`` neighbours each side is best."""
    grid = THRESHOLD_GRID
    support = sum(y for _, y in pairs)
    scores = []
    for t in grid:
        tp = sum(1 for p, y in pairs if p >= t and y)
        fp = sum(1 for p, y in pairs if p >= t and not y)
        scores.append(f1(tp, fp, support - tp))
    avg = [
        sum(scores[max(0, k - width) : k + width + 1])
        / len(scores[max(0, k - width) : k + width + 1])
        for k in range(len(grid))
    ]
    return grid[max(range(len(grid)), key=lambda k: (avg[k], -abs(grid[k] - 0.5)))]


def tune_mode(rows: list[tuple[float, bool, bool]], min_gain: float = 0.02) -> tuple[str, float]:
    """The shipped procedure for one label: threshold on p, then the rule mode."""
    t, _ = best_threshold([(p, int(g)) for p, _, g in rows])
    scores = {
        mode: f1(*counts([(combine(mode, p >= t, r), g) for p, r, g in rows]))
        for mode in RULE_MODES
    }
    best = max(RULE_MODES, key=lambda m: scores[m])
    return (best if scores[best] >= scores["model"] + min_gain else "model"), t


def tune_mode_smooth(
    rows: list[tuple[float, bool, bool]], width: int, min_gain: float = 0.02
) -> tuple[str, float]:
    """:func:`tune_mode` with the smoothed threshold (:func:`smooth_threshold`)."""
    t = smooth_threshold([(p, int(g)) for p, _, g in rows], width)
    scores = {
        mode: f1(*counts([(combine(mode, p >= t, r), g) for p, r, g in rows]))
        for mode in RULE_MODES
    }
    best = max(RULE_MODES, key=lambda m: scores[m])
    return (best if scores[best] >= scores["model"] + min_gain else "model"), t


def nested_smooth(
    probs: Any, data: dict[str, Any], labels: tuple[str, ...], folds: list[set[str]]
) -> dict[str, float]:
    """Nested macro-F1 of thresholds smoothed over ``w`` grid steps each side (w0: the shipped
    best threshold) combined with: nothing (``t``), the shipped rule-mode rule (``m``), the
    rules' evidence mix gated by a 0.02 gain over the mode (``g``)."""
    segs, results, feats = data["segs"], data["rule_results"], data["rule_feats"]
    widths = (0, 1, 2, 3)
    names = [f"{k}{w}" for k in ("t", "m", "g") for w in widths]
    got: dict[str, dict[str, list[tuple[bool, bool]]]] = {
        n: {label: [] for label in labels} for n in names
    }
    for ids in folds:
        for j, label in enumerate(labels):
            keys = COMBINED_LABELS.get(label, (label,))
            tr, te = [], []
            for i, s in enumerate(segs):
                if label not in s.cats:
                    continue
                row = (
                    float(probs[i, j]),
                    rule_score(label, results[i], feats[i]),
                    any(k in results[i].sections for k in keys),
                    s.cats[label] >= 0.5,
                )
                (te if s.doc_id in ids else tr).append(row)
            for w in widths:
                pairs = [(p, int(g)) for p, _, _, g in tr]
                t = smooth_threshold(pairs, w) if w else best_threshold(pairs)[0]
                got[f"t{w}"][label] += [(p >= t, g) for p, _, _, g in te]
                mode, t = (tune_mode_smooth([(p, rb, g) for p, _, rb, g in tr], w) if w
                           else tune_mode([(p, rb, g) for p, _, rb, g in tr]))
                got[f"m{w}"][label] += [(combine(mode, p >= t, rb), g) for p, _, rb, g in te]
                f_mode = f1(*counts([(combine(mode, p >= t, rb), g) for p, _, rb, g in tr]))
                a, t2 = tune_mix([(p, r, g) for p, r, _, g in tr])
                f_mix = f1(*counts([((1 - a) * p + a * r >= t2, g) for p, r, _, g in tr]))
                if f_mix >= f_mode + 0.02:
                    got[f"g{w}"][label] += [((1 - a) * p + a * r >= t2, g) for p, r, _, g in te]
                else:
                    got[f"g{w}"][label] += [
                        (combine(mode, p >= t, rb), g) for p, _, rb, g in te
                    ]
    return {
        n: sum(f1(*counts(got[n][label])) for label in labels) / len(labels) for n in names
    }


def nested(
    probs: Any, data: dict[str, Any], labels: tuple[str, ...], folds: list[set[str]]
) -> tuple[float, float, float, float]:
    """Honest macro-F1 of the combination step: thresholds + rule modes (shipped) and
    thresholds + mix weight, each tuned on four folds' out-of-fold probabilities and applied to
    the fifth, pooled; a smoothed threshold alone (:func:`smooth_threshold`); and the mix only
    where it beats the rule mode by 0.02 on the four folds ("gated")."""
    segs, results, feats = data["segs"], data["rule_results"], data["rule_feats"]
    shipped: dict[str, list[tuple[bool, bool]]] = {label: [] for label in labels}
    smooth: dict[str, list[tuple[bool, bool]]] = {label: [] for label in labels}
    gated: dict[str, list[tuple[bool, bool]]] = {label: [] for label in labels}
    mixed: dict[str, list[tuple[bool, bool]]] = {label: [] for label in labels}
    for ids in folds:
        for j, label in enumerate(labels):
            keys = COMBINED_LABELS.get(label, (label,))
            tr, te = [], []
            for i, s in enumerate(segs):
                if label not in s.cats:
                    continue
                row = (
                    float(probs[i, j]),
                    rule_score(label, results[i], feats[i]),
                    any(k in results[i].sections for k in keys),
                    s.cats[label] >= 0.5,
                )
                (te if s.doc_id in ids else tr).append(row)
            mode, t = tune_mode([(p, rb, g) for p, _, rb, g in tr])
            shipped[label] += [(combine(mode, p >= t, rb), g) for p, _, rb, g in te]
            t3 = smooth_threshold([(p, int(g)) for p, _, _, g in tr])
            smooth[label] += [(p >= t3, g) for p, _, _, g in te]
            a, t2 = tune_mix([(p, r, g) for p, r, _, g in tr])
            mixed[label] += [((1 - a) * p + a * r >= t2, g) for p, r, _, g in te]
            f_mode = f1(*counts([(combine(mode, p >= t, rb), g) for p, _, rb, g in tr]))
            f_mix = f1(*counts([((1 - a) * p + a * r >= t2, g) for p, r, _, g in tr]))
            if f_mix >= f_mode + 0.02:
                gated[label] += [((1 - a) * p + a * r >= t2, g) for p, r, _, g in te]
            else:
                gated[label] += [(combine(mode, p >= t, rb), g) for p, _, rb, g in te]
    macro = [
        sum(f1(*counts(d[label])) for label in labels) / len(labels)
        for d in (shipped, mixed, smooth, gated)
    ]
    return macro[0], macro[1], macro[2], macro[3]


# Candidate strategies for one label's final verdict from (p, rule evidence, rule verdict):
# each is tuned on some rows (returns a predicate) and applied to others.
def _fit_strategy(name: str, rows: list[tuple[float, float, bool, bool]]) -> Any:
    if name.startswith("j") and name[1:] in RULE_MODES:  # threshold tuned under the mode
        mode = name[1:]
        best_t, best_f = 0.5, -1.0
        for t in THRESHOLD_GRID:
            f = f1(*counts([(combine(mode, p >= t, rb), g) for p, _, rb, g in rows]))
            if f > best_f + 1e-9 or (abs(f - best_f) <= 1e-9 and abs(t - .5) < abs(best_t - .5)):
                best_t, best_f = t, f
        return lambda p, r, rb, t=best_t: combine(mode, p >= t, rb)
    if name in RULE_MODES:
        t, _ = best_threshold([(p, int(g)) for p, _, _, g in rows])
        return lambda p, r, rb, t=t: combine(name, p >= t, rb)
    if name == "mix":
        a, t = tune_mix([(p, r, g) for p, r, _, g in rows])
        return lambda p, r, rb, a=a, t=t: (1 - a) * p + a * r >= t
    if name == "shipped":
        mode, t = tune_mode([(p, rb, g) for p, _, rb, g in rows])
        return lambda p, r, rb, mode=mode, t=t: combine(mode, p >= t, rb)
    raise ValueError(name)


STRATEGIES = ("model", "or", "and", "rules", "mix")


def cv_choice(
    probs: Any, data: dict[str, Any], labels: tuple[str, ...], folds: list[set[str]],
    strategies: tuple[str, ...] = STRATEGIES, margin: float = 0.0,
) -> tuple[float, dict[str, list[str]]]:
    """Honest macro-F1 of choosing, per label, the strategy with the best inner-CV F1 (each
    strategy tuned on three of the four training folds and scored on the fourth, pooled;
    ``margin``: the model alone unless another beats it by that much), then tuning it on the
    four folds and applying it to the fifth. Returns the macro-F1 and the choices per label."""
    segs, results, feats = data["segs"], data["rule_results"], data["rule_feats"]
    pooled: dict[str, list[tuple[bool, bool]]] = {label: [] for label in labels}
    picks: dict[str, list[str]] = {label: [] for label in labels}
    for j, label in enumerate(labels):
        keys = COMBINED_LABELS.get(label, (label,))
        rows_by_fold: list[list[tuple[float, float, bool, bool]]] = [[] for _ in folds]
        for i, s in enumerate(segs):
            if label not in s.cats:
                continue
            k = next(n for n, ids in enumerate(folds) if s.doc_id in ids)
            rows_by_fold[k].append((
                float(probs[i, j]),
                rule_score(label, results[i], feats[i]),
                any(k2 in results[i].sections for k2 in keys),
                s.cats[label] >= 0.5,
            ))
        for outer in range(len(folds)):
            inner = [k for k in range(len(folds)) if k != outer]
            scores = {}
            for name in strategies:
                got: list[tuple[bool, bool]] = []
                for held in inner:
                    fit_rows = [r for k in inner if k != held for r in rows_by_fold[k]]
                    pred = _fit_strategy(name, fit_rows)
                    got += [(pred(p, r, rb), g) for p, r, rb, g in rows_by_fold[held]]
                scores[name] = f1(*counts(got))
            best = max(strategies, key=lambda n: scores[n])
            if best != "model" and "model" in scores and scores[best] < scores["model"] + margin:
                best = "model"
            picks[label].append(best)
            pred = _fit_strategy(best, [r for k in inner for r in rows_by_fold[k]])
            pooled[label] += [(pred(p, r, rb), g) for p, r, rb, g in rows_by_fold[outer]]
    macro = sum(f1(*counts(pooled[label])) for label in labels) / len(labels)
    return macro, picks


def stacked(
    variant: str,
    chosen: Any,
    cats: list[dict[str, float]],
    labels: tuple[str, ...],
    parts: list[tuple[list[int], list[int]]],
    groups: list[str],
) -> Any:
    """``stack``: a second logistic regression per label over the logits of all labels'
    out-of-fold probabilities of the passage (label co-occurrence), with ``stackn`` also those
    of the previous and next passage of the document; ``stackr`` adds the first stage's own
    logit as a pass-through only. Fitted on four folds' out-of-fold rows, applied to the fifth."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    partsv = variant.split("+")
    c = next((float(q[2:]) / 10 for q in partsv if q.startswith("sc")), 1.0)
    z = np.log(np.clip(chosen, 1e-4, 1 - 1e-4) / (1 - np.clip(chosen, 1e-4, 1 - 1e-4)))
    feats = [z]
    if "stackn" in partsv:
        n = len(groups)
        prev = np.zeros_like(z)
        nxt = np.zeros_like(z)
        edge_p = np.zeros((n, 1))
        edge_n = np.zeros((n, 1))
        for i in range(n):
            if i > 0 and groups[i - 1] == groups[i]:
                prev[i] = z[i - 1]
            else:
                edge_p[i] = 1.0
            if i + 1 < n and groups[i + 1] == groups[i]:
                nxt[i] = z[i + 1]
            else:
                edge_n[i] = 1.0
        feats += [prev, nxt, edge_p, edge_n]
    x = np.hstack(feats)
    out = np.zeros_like(chosen)
    for tr, te in parts:
        for j, label in enumerate(labels):
            y = [int(cats[i][label] >= 0.5) for i in tr]
            if len(set(y)) < 2:
                out[te, j] = chosen[te, j]
                continue
            lr = LogisticRegression(C=c, max_iter=3000).fit(x[tr], y)
            out[te, j] = lr.predict_proba(x[te])[:, 1]
    return out


def main() -> None:
    path, variants = sys.argv[1], sys.argv[2].split(",") if len(sys.argv) > 2 else ["base"]
    data = prepared(path)
    segs, rule_results, inputs = data["segs"], data["rule_results"], data["inputs"]
    labels = tuple(sorted({label for s in segs for label in s.cats}))
    texts = [s.text for s in segs]
    cats = [s.cats for s in segs]
    groups = [s.doc_id for s in segs]
    ctx_docs = context_docs_of(segs)
    if any(q.startswith("g") for v in variants for q in v.split("+")):
        GRADED[:] = graded_scores(segs, path)
        GROUPS[:] = groups
    if any("cue" in v.split("+") or "cuh" in v.split("+") for v in variants):
        CUE_DOCS[:] = cue_tokens(segs, path)
    folds = document_folds(groups, 5, 0)
    parts = [
        (
            [i for i, g in enumerate(groups) if g not in ids],
            [i for i, g in enumerate(groups) if g in ids],
        )
        for ids in folds
    ]
    for variant in variants:
        t0 = time.perf_counter()
        base_variant = "+".join(
            q for q in variant.split("+") if not q.startswith(("stack", "sc"))
        ) or "base"
        if base_variant not in OOF_CACHE:
            OOF_CACHE[base_variant] = oof(
                base_variant, inputs, texts, ctx_docs, cats, labels, parts
            )
        chosen = OOF_CACHE[base_variant]
        if any(q.startswith("stack") for q in variant.split("+")):
            chosen = stacked(variant, chosen, cats, labels, parts, groups)
        probs = [
            {lab: float(chosen[i, j]) for j, lab in enumerate(labels)} for i in range(len(segs))
        ]
        thresholds, f1s = tune_thresholds(probs, segs, labels)
        modes = tune_rule_modes(probs, rule_results, segs, labels, thresholds)
        final: dict[str, float] = {}
        for label in labels:
            keys = COMBINED_LABELS.get(label, (label,))
            tp = fp = fn = 0
            for p, r, s in zip(probs, rule_results, segs, strict=True):
                if label not in s.cats:
                    continue
                rule_yes = any(k in r.sections for k in keys)
                yes = combine(modes[label], p[label] >= thresholds[label], rule_yes)
                gold = s.cats[label] >= 0.5
                tp, fp, fn = tp + (yes and gold), fp + (yes and not gold), fn + (gold and not yes)
            final[label] = f1(tp, fp, fn)
        honest_modes, honest_mix, honest_smooth, honest_gated = nested(
            chosen, data, labels, folds
        )
        table = nested_smooth(chosen, data, labels, folds)
        print("  smoothed thresholds + modes (nested):",
              " ".join(f"{k} {v:.4f}" for k, v in table.items()), flush=True)
        if os.environ.get("CV_CHOICE"):
            for strategies, margin in (
                (("model", "or", "and", "rules"), 0.0),
                (("model", "jor", "jand", "rules"), 0.0),
                (("model", "jor", "jand", "rules"), 0.01),
            ):
                macro, picks = cv_choice(chosen, data, labels, folds, strategies, margin)
                print(f"  cv-choice {'/'.join(strategies)} margin {margin}: {macro:.4f}  "
                      + " ".join(f"{k}:{','.join(v)}" for k, v in picks.items()), flush=True)
        print(
            f"{variant:16s} oof {sum(f1s.values()) / len(f1s):.4f} "
            f"with rule modes {sum(final.values()) / len(final):.4f}  "
            f"nested: modes {honest_modes:.4f} mix {honest_mix:.4f} smooth {honest_smooth:.4f} "
            f"gated {honest_gated:.4f}  "
            + " ".join(f"{k}:{v:.3f}" for k, v in final.items())
            + f"  ({time.perf_counter() - t0:.0f}s)",
            flush=True,
        )


if __name__ == "__main__":
    main()
