"""List per-section precision/recall and false positives / negatives on one half (tune only!).

    .venv/bin/python bench/section_errors.py --corpus opp115 [--section rights] [--kind fp] [--n 20]

Runs classify_segments on var/eval/<corpus>-tune.jsonl (written by bench/eval_halves.py), caches
the predictions beside it (--rerun to refresh), and reuses ../shared/eval/score.py to count.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter

from evalfiles import OUT, ROOT, load_scorer


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="opp115", choices=("opp115", "gt200"))
    ap.add_argument("--section")
    ap.add_argument("--kind", choices=("fp", "fn"))
    ap.add_argument("--n", type=int, default=15)
    ap.add_argument("--width", type=int, default=300)
    ap.add_argument("--rerun", action="store_true")
    args = ap.parse_args()
    sc = load_scorer()
    gold_path = OUT / f"{args.corpus}-tune.jsonl"
    pred_path = OUT / f"{args.corpus}-tune.pred.jsonl"
    docs = sc.load_gold(gold_path)
    if args.rerun or not pred_path.exists():
        os.environ["PATH"] = f"{ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"
        os.chdir(ROOT)
        preds, _ = sc.run_project(sc.COMMANDS["passages"], list(sc.passage_input(docs)), 1800)
        pred_path.write_text("".join(json.dumps(p) + "\n" for p in preds), encoding="utf-8")
    lines = pred_path.read_text(encoding="utf-8").splitlines()
    preds = [json.loads(line) for line in lines if line]
    predicted = sc.predicted_by_passage(docs, preds)
    summary = sc.score(docs, predicted)
    print(f"macro_f1={summary['macro_f1']}")
    errors: dict[tuple[str, str], list[tuple[str, str, list, set, list]]] = {}
    counts: Counter = Counter()
    for d in docs:
        scored = set(d["scored_sections"])
        for i, seg in enumerate(d["segments"]):
            secs, _ = predicted[f"{d['id']}#{i}"]
            raw = set(secs)
            if "collection_use" in scored and secs & {"collection", "use"}:
                secs = secs | {"collection_use"}
            secs &= scored
            gold = set(seg["sections"])
            for s in scored:
                kind = "fp" if s in secs - gold else "fn" if s in gold - secs else None
                if kind:
                    counts[(s, kind)] += 1
                    errors.setdefault((s, kind), []).append(
                        (f"{d['id']}#{i}", seg["text"], seg.get("context", []), raw, sorted(gold))
                    )
    print(f"{'section':<16}{'P':>7}{'R':>7}{'F1':>7}{'sup':>6}{'FP':>6}{'FN':>6}")
    for s, v in summary["per_section"].items():
        print(f"{s:<16}{v['precision']:>7.3f}{v['recall']:>7.3f}{v['f1']:>7.3f}{v['support']:>6}"
              f"{counts[(s, 'fp')]:>6}{counts[(s, 'fn')]:>6}")
    if args.section:
        for kind in ([args.kind] if args.kind else ["fp", "fn"]):
            rows = errors.get((args.section, kind), [])
            print(f"\n=== {args.section} {kind.upper()} ({len(rows)}) ===")
            for sid, text, ctx, raw, gold in rows[: args.n]:
                print(f"- {sid} pred={sorted(raw)} gold={gold} ctx={' > '.join(ctx)[-80:]!r}")
                print(f"    {text[: args.width]!r}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
