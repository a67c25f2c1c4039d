"""Score the development files on two halves of their policies: tune on one, confirm on the other.

The halves are by position in each development file: even positions (0, 2, 4, ...) are the
*tune* half, odd positions the *confirm* half. The split files are written under var/eval/
(git-ignored) and scored with ../shared/eval/score.py, which runs the project's own commands.

    .venv/bin/python bench/eval_halves.py                       # both corpora, passages + documents
    .venv/bin/python bench/eval_halves.py --corpus gt200 --mode checklist
    .venv/bin/python bench/eval_halves.py --half tune           # only the tuning half

Prints one line per (corpus, mode, half) with the headline figures, then a JSON line with all.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path(os.environ.get("POLICY_EVAL_DIR", ROOT.parent / "shared" / "eval"))
OUT = ROOT / "var" / "eval"
HALVES = {"tune": 0, "confirm": 1}


def split(corpus: str) -> dict[str, Path]:
    lines = [
        line
        for line in (EVAL / f"{corpus}-dev.jsonl").read_text(encoding="utf-8").splitlines(True)
        if line.strip()
    ]
    OUT.mkdir(parents=True, exist_ok=True)
    paths = {}
    for half, parity in HALVES.items():
        path = OUT / f"{corpus}-{half}.jsonl"
        path.write_text("".join(lines[parity::2]), encoding="utf-8")
        paths[half] = path
    return paths


def score(gold: Path, mode: str) -> dict:
    env = dict(os.environ)
    env["PATH"] = f"{ROOT / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    proc = subprocess.run(
        [sys.executable, str(EVAL / "score.py"), str(gold), "--mode", mode, "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"score.py failed on {gold.name} ({mode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def headline(summary: dict) -> str:
    keys = ("macro_f1", "micro_f1", "data_types_micro_f1", "evidence_precision", "words_per_second")
    return " ".join(f"{k}={summary[k]:.3f}" for k in keys if isinstance(summary.get(k), float))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpus", choices=("opp115", "gt200"), action="append")
    ap.add_argument("--mode", choices=("passages", "documents", "checklist"), action="append")
    ap.add_argument("--half", choices=tuple(HALVES), action="append")
    args = ap.parse_args()
    corpora = args.corpus or ["opp115", "gt200"]
    modes = args.mode or ["passages", "documents"]
    halves = args.half or list(HALVES)
    results: dict[str, dict] = {}
    for corpus in corpora:
        paths = split(corpus)
        for mode in modes:
            if mode == "checklist" and corpus != "gt200":
                continue
            for half in halves:
                summary = score(paths[half], mode)
                results[f"{corpus}/{mode}/{half}"] = summary
                print(f"{corpus:7} {mode:10} {half:8} {headline(summary)}", flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
