"""Helpers shared by the evaluation commands: read JSON lines, write them to stdout."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError


def read_jsonl(path: str) -> Iterator[dict[str, Any]]:
    """Yield the objects of a JSON-lines file (or stdin for "-")."""
    handle = sys.stdin if path == "-" else None
    try:
        fh = handle or Path(path).open(encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
    with fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CommandError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
            if not isinstance(row, dict) or "id" not in row or "text" not in row:
                raise CommandError(f"{path}:{number}: each line needs \"id\" and \"text\"")
            yield row


def write_line(obj: dict[str, Any]) -> None:
    """Print one JSON object on its own stdout line."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
