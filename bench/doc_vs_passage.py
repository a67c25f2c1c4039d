"""Where documents mode loses against passages mode, per gold segment (tune half only!).

    .venv/bin/python bench/doc_vs_passage.py --corpus gt200 [--section collection] [--n 10]

Runs both modes in-process (rules only, as the scorer's commands do without a configured
classifier) on var/eval/<corpus>-tune.jsonl (written by bench/eval_halves.py). For every gold
segment and scored section where the two modes disagree in correctness, it re-classifies the
segment as a passage under the headings our own segmenter attached, and groups the difference by
cause:

- ``no_clause``: no clause of ours has its midpoint in the segment (read as a heading, dropped);
- ``split``: the segment became several blocks of ours;
- ``ctx_no_intro`` / ``ctx_wrong`` / ``ctx_short`` / ``ctx_other``: passage mode under the
  headings we attached already differs as documents mode does, and the gold context ends with a
  list intro we did not attach / holds a heading of ours it lacks / is deeper than ours / other;
- ``list_intro``: the paragraph is framed by a list intro (documents mode only);
- ``implied``: a clause-level value (recipient name, country, duration, denial) added the section;
- ``other``: none of the above.

``--save FILE`` writes the documents-mode sections per segment; ``--against FILE`` lists the
segments whose sections changed since, marked + (now right) or - (now wrong).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter, defaultdict

from evalfiles import OUT, ROOT, load_scorer

sys.path.insert(0, str(ROOT))
os.environ.setdefault("POLICY_CLASSIFIER_MODEL", "")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="gt200", choices=("opp115", "gt200"))
    ap.add_argument("--section")
    ap.add_argument("--cause")
    ap.add_argument("--kind", choices=("loss", "gain"))
    ap.add_argument("--n", type=int, default=0)
    ap.add_argument("--width", type=int, default=220)
    ap.add_argument("--save", help="write the documents-mode predictions per segment here")
    ap.add_argument("--against", help="list segments whose documents-mode sections changed "
                    "from this --save file")
    args = ap.parse_args()

    from extraction.nlp import analyze, document

    sc = load_scorer()
    docs = sc.load_gold(OUT / f"{args.corpus}-tune.jsonl")

    made: list = []
    blocks_of: list = []
    orig_para, orig_blocks = document._Para, document.segment_blocks

    class Para(orig_para):  # type: ignore[misc, valid-type]
        def __init__(self, *a, **k) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*a, **k)
            made.append(self)

    def blocks(text: str):  # type: ignore[no-untyped-def]
        out = orig_blocks(text)
        blocks_of.append(out)
        return out

    allowed: dict[int, tuple[str, ...]] = {}  # block start -> the paragraph's sections
    orig_result = document.passage_result

    def result(text, base, *a, **k):  # type: ignore[no-untyped-def]
        out = orig_result(text, base, *a, **k)
        allowed[base] = out.sections
        return out

    document.passage_result = result  # type: ignore[assignment]
    document._Para = Para  # type: ignore[misc]
    document.segment_blocks = blocks  # type: ignore[assignment]

    rows = list(sc.passage_input(docs))
    p_res = analyze.classify_passages(((r["text"], r["context"]) for r in rows), None)
    p_pred = {
        r["id"]: (set(x.sections), set(x.data_types)) for r, x in zip(rows, p_res, strict=True)
    }

    d_preds = []
    info: dict[str, dict] = {}  # segment id -> our blocks / contexts
    for d in docs:
        text, spans = sc.document_text(d)
        made.clear()
        blocks_of.clear()
        allowed.clear()
        analysis = document.analyze_document(text, classifier=None)
        d_preds.append({"id": d["id"], "clauses": [c.to_json() for c in analysis.clauses]})
        blks = blocks_of[-1]
        for i, (s, e) in enumerate(spans):
            paras = [p for p in made if s <= p.block.start < e]
            info[f"{d['id']}#{i}"] = {
                "paras": paras,
                "blocks": [b for b in blks if s <= b.start < e],
                "ctx": [
                    [text[blks[j].start:blks[j].end] for j in reversed(p.context)] for p in paras
                ],
                "intro": [p.intro is not None for p in paras],
                "allowed": set().union(*[allowed.get(p.block.start, ()) for p in paras]),
                "clauses": [
                    c for c in analysis.clauses if s <= (c.start + c.end) / 2 < e
                ],
                "text": text,
            }
    d_pred = sc.predicted_by_document(docs, d_preds)
    if args.save:
        with open(args.save, "w", encoding="utf-8") as fh:
            json.dump({k: sorted(v[0]) for k, v in d_pred.items()}, fh)
    if args.against:
        with open(args.against, encoding="utf-8") as fh:
            before = json.load(fh)
        delta: Counter = Counter()
        for d in docs:
            scored = set(d["scored_sections"]) | {"collection", "use"}
            for i, seg in enumerate(d["segments"]):
                sid = f"{d['id']}#{i}"
                old, new = set(before[sid]) & scored, d_pred[sid][0] & scored
                if old == new:
                    continue
                gold = set(seg["sections"])
                for s in old ^ new:
                    good = (s in new) == (s in gold)
                    delta[(s, "+" if good else "-")] += 1
                    print(f"{'+' if good else '-'} {s:10} {'add' if s in new else 'drop'} {sid}"
                          f" gold={sorted(gold)} ctx={info[sid]['ctx'][:1]}"
                          f" {seg['text'][: args.width]!r}")
        print(sorted(delta.items()))
    ps_, ds_ = sc.score(docs, p_pred), sc.score(docs, d_pred)
    print("passages", ps_["macro_f1"], "documents", ds_["macro_f1"])
    for k, v in ps_["per_section"].items():
        w = ds_["per_section"][k]
        print(f"  {k:11} P p/r/f {v['precision']:.3f} {v['recall']:.3f} {v['f1']:.3f}"
              f"   D p/r/f {w['precision']:.3f} {w['recall']:.3f} {w['f1']:.3f}")

    # re-classify segments whose inferred context differs, to see whether context explains it
    todo = []
    for d in docs:
        for i, seg in enumerate(d["segments"]):
            sid = f"{d['id']}#{i}"
            ctxs = info[sid]["ctx"]
            if ctxs:
                todo.append((sid, seg["text"], ctxs[0]))
    c_res = analyze.classify_passages(((t, c) for _, t, c in todo), None)
    ctx_pred = {sid: set(r.sections) for (sid, _, _), r in zip(todo, c_res, strict=True)}

    ours_pred = {
        sid: (ctx_pred.get(sid, set()) if info[sid]["ctx"] else set(), set()) for sid in p_pred
    }
    print("passages under our headings", sc.score(docs, ours_pred)["macro_f1"])
    causes: Counter = Counter()
    examples: dict = defaultdict(list)
    for d in docs:
        scored = set(d["scored_sections"])
        for i, seg in enumerate(d["segments"]):
            sid = f"{d['id']}#{i}"
            gold = set(seg["sections"])
            ps = p_pred[sid][0]
            ds = d_pred[sid][0]
            for s in scored:
                pc = (s in ps) == (s in gold)
                dc = (s in ds) == (s in gold)
                if pc == dc:
                    continue
                kind = "loss" if pc else "gain"
                err = ("fn" if s in gold else "fp")
                inf = info[sid]
                if not inf["clauses"]:
                    cause = "no_clause"
                elif len(inf["blocks"]) > 1:
                    cause = "split"
                elif sid in ctx_pred and ((s in ctx_pred[sid]) == (s in ds)):
                    gctx = seg.get("context", [])
                    ours = inf["ctx"][0]
                    if gctx and gctx[-1].rstrip().endswith(":") and not inf["intro"][0]:
                        cause = "ctx_no_intro"
                    elif set(ours) - set(gctx):
                        cause = "ctx_wrong"
                    elif len(ours) < len(gctx):
                        cause = "ctx_short"
                    else:
                        cause = "ctx_other"
                elif any(inf["intro"]):
                    cause = "list_intro"
                elif (s in ds) != (s in inf["allowed"]):
                    cause = "implied"
                else:
                    cause = "other"
                causes[(kind, err, s, cause)] += 1
                examples[(kind, s, cause)].append((sid, seg, inf, ps, ds))

    total: Counter = Counter()
    for (kind, _err, _s, cause), n in causes.items():
        total[(kind, cause)] += n
    print("\nby kind/cause:")
    for (kind, cause), n in sorted(total.items(), key=lambda x: -x[1]):
        print(f"  {kind:5} {cause:11} {n}")
    print("\nby kind/err/section/cause:")
    for (kind, err, s, cause), n in sorted(causes.items(), key=lambda x: -x[1]):
        print(f"  {kind:5} {err} {s:11} {cause:11} {n}")

    if args.n:
        for (kind, s, cause), exs in examples.items():
            if (args.section and s != args.section) or (args.cause and cause != args.cause) or (
                args.kind and kind != args.kind
            ):
                continue
            print(f"\n=== {kind} {s} {cause} ({len(exs)})")
            for sid, seg, inf, ps, ds in exs[: args.n]:
                text = inf["text"]
                print(f"- {sid} gold={sorted(seg['sections'])} P={sorted(ps)} D={sorted(ds)}")
                print(f"  gold ctx={seg.get('context')}")
                print(f"  ours ctx={inf['ctx'][:1]} intro={inf['intro']}")
                print(f"  blocks={[(b.kind, text[b.start:b.end][:50]) for b in inf['blocks']]}")
                print(f"  text={seg['text'][: args.width]!r}")


if __name__ == "__main__":
    main()
