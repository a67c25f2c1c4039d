"""Summary matrices of a comparison: what each company says, value by value.

Built by ``comparison.builders.grid.comparison_from_inputs`` from the clauses it already
loaded (no extra query); the shapes are in ``comparison.types``::

    data_types  rows = data types; marks kind collected | shared | not_collected | not_shared
                (negated statements stay distinct)
    recipients  rows = named recipients ("Mixpanel"); marks kind named | not_shared
    rights      rows = rights offered; marks kind offered | not_offered
    transfers   rows = destination countries; marks kind transfer | not_transfer
    retention   one row per column, sortable by min/max days
"""

from __future__ import annotations

from comparison.builders.links import clause_url
from comparison.types import (
    Mark,
    Matrices,
    Matrix,
    MatrixRow,
    RetentionEntry,
    RetentionRow,
)
from extraction.nlp.types import DATA_TYPES, RIGHTS
from policies.values import retention_label, value_label

SHARE_PRACTICES = {"share", "sell", "transfer"}
MARK_LABELS = {
    "collected": "collected",
    "shared": "shared",
    "not_collected": "not collected",
    "not_shared": "not shared",
    "named": "shares with",
    "offered": "offered",
    "not_offered": "not offered",
    "transfer": "transfers to",
    "not_transfer": "no transfer to",
}


class _Collector:
    """row key -> column -> kind -> [first clause, count]."""

    def __init__(self, n_columns: int):
        self.n = n_columns
        self.data: dict[str, list[dict[str, list]]] = {}

    def add(self, row: str, column: int, kind: str, clause, url: str) -> None:
        cells = self.data.setdefault(row, [{} for _ in range(self.n)])
        slot = cells[column].setdefault(kind, [clause, url, 0])
        slot[2] += 1

    def matrix(self, key: str, title: str, field: str, order: list[str] | None = None) -> Matrix:
        keys = list(self.data)
        if order is not None:
            rank = {k: i for i, k in enumerate(order)}
            keys.sort(key=lambda k: (rank.get(k, len(rank)), k.lower()))
        else:
            keys.sort(key=lambda k: (-sum(1 for c in self.data[k] if c), k.lower()))
        rows = []
        for row_key in keys:
            cells = tuple(
                tuple(
                    Mark(kind, MARK_LABELS.get(kind, kind), clause.pk, url, clause.text, count,
                         clause.start, clause.end)
                    for kind, (clause, url, count) in sorted(cell.items())
                )
                for cell in self.data[row_key]
            )
            rows.append(MatrixRow(row_key, value_label(field, row_key), cells))
        return Matrix(key, title, tuple(rows))


def matrices_build(*, columns, clauses_by_version, base_urls) -> Matrices:
    n = len(columns)
    data_types, recipients, rights, transfers = (_Collector(n) for _ in range(4))
    retention: list[RetentionRow] = []
    for column in columns:
        clauses = clauses_by_version.get(column.version_id, []) if column.version_id else []
        base = base_urls[column.index]
        entries: list[RetentionEntry] = []
        for clause in clauses:
            url = clause_url(base, clause.pk)
            shared = (clause.practice or "") in SHARE_PRACTICES
            for data_type in clause.data_types or ():
                kind = "shared" if shared else "collected"
                data_types.add(data_type, column.index,
                               f"not_{kind}" if clause.negated else kind, clause, url)
            for name in clause.recipient_names or ():
                recipients.add(name, column.index,
                               "not_shared" if clause.negated else "named", clause, url)
            for right in clause.rights or ():
                rights.add(right, column.index,
                           "not_offered" if clause.negated else "offered", clause, url)
            for country in clause.countries or ():
                transfers.add(country, column.index,
                              "not_transfer" if clause.negated else "transfer", clause, url)
            if clause.retention_duration or clause.retention_qualifier not in ("", "unspecified",
                                                                                None):
                entries.append(
                    RetentionEntry(
                        duration=clause.retention_duration,
                        days=clause.retention_days,
                        qualifier=clause.retention_qualifier or "",
                        label=retention_label(clause.retention_duration,
                                              clause.retention_qualifier or ""),
                        data_types=tuple(clause.data_types or ()),
                        clause_id=clause.pk,
                        url=url,
                        text=clause.text,
                        start=clause.start,
                        end=clause.end,
                    )
                )
        entries.sort(key=lambda e: (e.days is None, e.days or 0, e.label))
        days = [e.days for e in entries if e.days is not None]
        retention.append(
            RetentionRow(column.index, tuple(entries), min(days) if days else None,
                         max(days) if days else None)
        )
    return Matrices(
        data_types=data_types.matrix("data_types", "Data types", "data_type", list(DATA_TYPES)),
        recipients=recipients.matrix("recipients", "Named recipients", "recipient"),
        rights=rights.matrix("rights", "Rights offered", "right", list(RIGHTS)),
        transfers=transfers.matrix("transfers", "Transfer destinations", "country"),
        retention=tuple(retention),
    )


def retention_sorted(rows: tuple[RetentionRow, ...], order: str) -> list[RetentionRow]:
    """Retention rows sorted by longest period (``"desc"``/``"asc"``); unknown last."""
    if order not in {"asc", "desc"}:
        return list(rows)
    known = [r for r in rows if r.max_days is not None]
    unknown = [r for r in rows if r.max_days is None]
    known.sort(key=lambda r: r.max_days or 0, reverse=order == "desc")
    return known + unknown
