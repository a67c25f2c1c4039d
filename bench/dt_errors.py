"""Per-data-type precision / recall on one half of a development file, with the errors listed.

Reuses ../shared/eval/score.py (passage input, running the project, predictions by passage).
Only ever look at the errors of the *tune* half (the confirm half checks that a change carries).

    .venv/bin/python bench/dt_errors.py                       # per-type table, OPP-115 tune half
    .venv/bin/python bench/dt_errors.py --show online_activity --kind fp --limit 20
    .venv/bin/python bench/dt_errors.py --cached              # reuse the last predictions
"""

from __future__ import annotations

import argparse
import json
import os
from collections import Counter
from pathlib import Path

from evalfiles import OUT, ROOT, load_scorer


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--gold", default=str(OUT / "opp115-tune.jsonl"))
    ap.add_argument("--cached", action="store_true", help="reuse var/eval/dt-predictions.jsonl")
    ap.add_argument("--show", help="a data type whose errors to print")
    ap.add_argument("--kind", choices=("fp", "fn", "tp"), default="fp")
    ap.add_argument("--limit", type=int, default=30)
    args = ap.parse_args()
    if "tune" not in Path(args.gold).name:
        raise SystemExit("dt_errors: list errors of the tune half only")
    sc = load_scorer()
    docs = [d for d in sc.load_gold(args.gold) if d.get("scored_data_types")]
    cache = OUT / "dt-predictions.jsonl"
    if args.cached and cache.exists():
        preds = [json.loads(line) for line in cache.read_text(encoding="utf-8").splitlines()]
    else:
        os.environ["PATH"] = f"{ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"
        os.chdir(ROOT)
        preds, _ = sc.run_project(sc.COMMANDS["passages"], list(sc.passage_input(docs)), 1800)
        cache.write_text("".join(json.dumps(p) + "\n" for p in preds), encoding="utf-8")
    predicted = sc.predicted_by_passage(docs, preds)
    counts: Counter = Counter()
    examples: list[tuple[str, str, set, set]] = []
    for d in docs:
        for i, seg in enumerate(d["segments"]):
            key = f"{d['id']}#{i}"
            got = predicted[key][1]
            gold = set(seg.get("data_types", []))
            for t in got | gold:
                kind = "tp" if t in got and t in gold else "fp" if t in got else "fn"
                counts[(t, kind)] += 1
                if t == args.show and kind == args.kind:
                    examples.append((key, seg["text"], got, gold))
    types = sorted({t for t, _ in counts}, key=lambda t: -(counts[(t, "fp")] + counts[(t, "fn")]))
    print(f"{'type':<20}{'tp':>6}{'fp':>6}{'fn':>6}{'prec':>8}{'rec':>8}{'f1':>8}")
    for t in types:
        p, r, f = sc.f1(counts[(t, "tp")], counts[(t, "fp")], counts[(t, "fn")])
        print(f"{t:<20}{counts[(t, 'tp')]:>6}{counts[(t, 'fp')]:>6}{counts[(t, 'fn')]:>6}"
              f"{p:>8.3f}{r:>8.3f}{f:>8.3f}")
    tp, fp, fn = (sum(v for (_, k), v in counts.items() if k == x) for x in ("tp", "fp", "fn"))
    print(f"{'all':<20}{tp:>6}{fp:>6}{fn:>6}  micro-F1 {sc.f1(tp, fp, fn)[2]:.3f}")
    for key, text, got, gold in examples[:args.limit]:
        print(f"\n--- {key} pred={sorted(got)} gold={sorted(gold)}\n{text[:700]}")


if __name__ == "__main__":
    main()
