"""CSV rendering for exports (``?format=csv`` or ``Accept: text/csv``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from rest_framework.renderers import BaseRenderer

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """Neutralise spreadsheet formulas in text cells (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if value is None:
        return ""
    return value


def csv_lines(rows: Iterable[dict], fields: list[str]) -> Iterable[str]:
    """The CSV text, header first, one chunk per row (for streaming)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    yield buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow({k: csv_safe(v) for k, v in row.items()})
        yield buffer.getvalue()


class CSVRenderer(BaseRenderer):
    """Renders a list of flat dicts; the view names the columns in ``csv_fields``."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        view = (renderer_context or {}).get("view")
        rows = data if isinstance(data, list) else [data]
        fields = list(getattr(view, "csv_fields", None) or (rows[0].keys() if rows else []))
        return "".join(csv_lines(rows, fields)).encode(self.charset)
