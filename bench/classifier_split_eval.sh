#!/usr/bin/env bash
# Held-out estimate of the trainable classifier through the real scorer, for both corpora and
# both modes: split each development file by document (75% train / 25% scored, seed 0), train
# with `manage.py train_classifier` on the 75%, score rules-only and rules+model on the 25%.
# Reads ../shared/eval at run time; the split files and models stay in var/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
out=var/split
mkdir -p "$out"
for corpus in opp115 gt200; do
  python - "$corpus" "$out" <<'PY'
import random, sys
corpus, out = sys.argv[1], sys.argv[2]
docs = [line for line in open(f"../shared/eval/{corpus}-dev.jsonl", encoding="utf-8") if line.strip()]
random.Random(0).shuffle(docs)
cut = int(len(docs) * 0.75)
open(f"{out}/{corpus}-train.jsonl", "w", encoding="utf-8").writelines(docs[:cut])
open(f"{out}/{corpus}-val.jsonl", "w", encoding="utf-8").writelines(docs[cut:])
PY
  python manage.py train_classifier "$out/$corpus-train.jsonl" --out "$out/model-$corpus" \
    > "$out/train-$corpus.json" 2> "$out/train-$corpus.log"
  for mode in passages documents; do
    echo "$corpus $mode rules: $(python ../shared/eval/score.py "$out/$corpus-val.jsonl" --mode "$mode" --json)"
    echo "$corpus $mode model: $(POLICY_CLASSIFIER_MODEL="$out/model-$corpus" \
      python ../shared/eval/score.py "$out/$corpus-val.jsonl" --mode "$mode" --json)"
  done
done
