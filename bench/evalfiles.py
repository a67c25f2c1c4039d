"""Where the development files and their scorer are, for the bench scripts that read them.

``../shared/eval`` (or ``POLICY_EVAL_DIR``) holds the gold files and ``score.py``; the halves and
cached predictions go under ``var/eval`` (git-ignored). Nothing here is shipped.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path(os.environ.get("POLICY_EVAL_DIR", ROOT.parent / "shared" / "eval"))
OUT = ROOT / "var" / "eval"


def load_scorer(path: Path = EVAL / "score.py") -> ModuleType:
    """``score.py`` imported as a module, to reuse its passage input, runner and counting."""
    spec = importlib.util.spec_from_file_location("policy_eval_score", path)
    if spec is None or spec.loader is None:
        sys.exit(f"cannot load the scorer from {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
