"""Reading and overriding one clause's values by review field (pure, no queries).

``apply_decision`` changes a loaded ``Clause`` instance *in memory only* so that every reader
built on clause instances (comparison cells, matrices, exports) shows the reviewed value; the
stored row keeps the machine's value, which stays visible beside a correction.
"""

from __future__ import annotations

from policies.models import Clause
from policies.values import iso_duration_days

# Review field -> Clause JSON-list attribute.
LIST_ATTRS: dict[str, str] = {
    "section": "sections",
    "data_type": "data_types",
    "purpose": "purposes",
    "recipient": "recipient_names",
    "recipient_category": "recipient_categories",
    "right": "rights",
    "country": "countries",
}


def _loaded(clause: Clause, attr: str) -> bool:
    # Never touch a deferred field: that would be one query per clause.
    return attr in clause.__dict__


def dnt_stance(clause: Clause) -> str:
    """The clause's Do Not Track stance: its stored one when the model has it, else derived
    from the do_not_track right (negated: ignored)."""
    if _loaded(clause, "dnt_stance"):
        return getattr(clause, "dnt_stance", "") or ""
    if "do_not_track" in (clause.rights or ()):
        return "ignored" if clause.negated else "honoured"
    return ""


def clause_field_values(clause: Clause, field: str) -> list[str]:
    """The clause's current values of a review field (a list; empty when it has none)."""
    attr = LIST_ATTRS.get(field)
    if attr is not None:
        return list(dict.fromkeys(getattr(clause, attr) or ()))
    if field == "retention":
        value = clause.retention_duration or (
            clause.retention_qualifier
            if clause.retention_qualifier not in ("", "unspecified", None) else ""
        )
        return [value] if value else []
    if field == "children_age":
        return [] if clause.children_age is None else [str(clause.children_age)]
    if field == "practice":
        return [clause.practice or ""]
    if field == "dnt":
        stance = dnt_stance(clause)
        return [stance] if stance else []
    return []


def clause_model_version(clause: Clause) -> str:
    """The trained model that produced the clause, when one did (empty for the rules alone)."""
    if _loaded(clause, "model_version"):
        return getattr(clause, "model_version", "") or ""
    pipeline = clause.pipeline_version if _loaded(clause, "pipeline_version") else ""
    return pipeline.split("+", 1)[1] if "+" in (pipeline or "") else ""


def apply_decision(clause: Clause, *, field: str, value: str, action: str, reason: str,
                   new_value: str) -> bool:
    """Apply one settled review to an in-memory clause. Returns False when the clause is not
    a statement of practice (the caller drops it)."""
    if action == "not_practice":
        return False
    if action == "confirm":
        return True
    if action == "reject" and reason == "wrong_polarity":
        if field == "dnt":
            _set_dnt(clause, "honoured" if dnt_stance(clause) == "ignored" else "ignored")
        else:
            clause.negated = not clause.negated
        return True
    attr = LIST_ATTRS.get(field)
    if attr is not None:
        values = list(getattr(clause, attr) or ())
        if action == "reject":
            values = [v for v in values if v != value]
        elif action == "correct":
            values = [new_value if v == value else v for v in values]
        elif action == "add_missing" and new_value not in values:
            values.append(new_value)
        setattr(clause, attr, list(dict.fromkeys(values)))
    elif field == "retention":
        if action == "reject":
            clause.retention_duration, clause.retention_days = "", None
            clause.retention_qualifier = ""
        elif action in {"correct", "add_missing"}:
            if new_value.startswith("P"):
                clause.retention_duration = new_value
                clause.retention_days = iso_duration_days(new_value)
                if clause.retention_qualifier in ("", "unspecified", None):
                    clause.retention_qualifier = "fixed"
            else:
                clause.retention_qualifier = new_value
                if action == "correct" and value == clause.retention_duration:
                    clause.retention_duration, clause.retention_days = "", None
    elif field == "children_age":
        clause.children_age = None if action == "reject" else int(new_value)
    elif field == "practice":
        if action == "reject":
            clause.practice = None
        elif action in {"correct", "add_missing"}:
            clause.practice = new_value
    elif field == "dnt":
        _set_dnt(clause, "" if action == "reject" else new_value)
    return True


def _set_dnt(clause: Clause, stance: str) -> None:
    if _loaded(clause, "dnt_stance"):
        clause.dnt_stance = stance or None
    rights = [r for r in (clause.rights or ()) if r != "do_not_track"]
    if stance:
        rights.append("do_not_track")
        clause.negated = stance == "ignored"
    clause.rights = rights
