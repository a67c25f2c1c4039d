"""Extracted values: ISO-8601 durations and human labels, shared by pages, exports and the API.

Pure functions, no queries. ``clause_values(clause)`` turns one ``Clause`` row into the
ordered list of ``(field, value, label)`` facts shown in cells, diffs and exports.
"""

from __future__ import annotations

import re

from contract.clause_fields import FACT_FIELDS
from policies.models import Clause, SectionKey

# Sections shown as comparison rows, in reading order ("other" is never a row).
SECTION_ORDER: tuple[str, ...] = tuple(k for k in SectionKey.values if k != SectionKey.OTHER)
SECTION_LABELS: dict[str, str] = dict(SectionKey.choices)

# Clause list attribute -> field name used in cells, exports and diffs (contract.clause_fields).
LIST_FIELDS: tuple[tuple[str, str], ...] = tuple((f.name, f.value_field) for f in FACT_FIELDS)
FIELD_LABELS: dict[str, str] = {
    **{f.value_field: f.label for f in FACT_FIELDS},
    "retention": "Retention",
    "children_age": "Children's age",
    "practice": "Practice",
}
QUALIFIER_LABELS: dict[str, str] = dict(Clause.RetentionQualifier.choices)

_ISO = re.compile(
    r"^P(?!$)(?:(?P<years>\d+(?:\.\d+)?)Y)?(?:(?P<months>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<weeks>\d+(?:\.\d+)?)W)?(?:(?P<days>\d+(?:\.\d+)?)D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)
_UNITS = (("years", "year"), ("months", "month"), ("weeks", "week"), ("days", "day"),
          ("hours", "hour"), ("minutes", "minute"), ("seconds", "second"))
_DAYS_PER_UNIT = {"years": 365, "months": 30, "weeks": 7, "days": 1, "hours": 1 / 24,
                  "minutes": 1 / 1440, "seconds": 1 / 86400}


def iso_duration_parts(duration: str | None) -> dict[str, float] | None:
    """``"P1Y6M"`` -> ``{"years": 1.0, "months": 6.0}``; None if it is no ISO-8601 duration."""
    match = _ISO.match(duration or "")
    if not match:
        return None
    return {unit: float(raw) for unit, raw in match.groupdict().items() if raw is not None}


def iso_duration_days(duration: str | None) -> int | None:
    """Approximate length in days of an ISO-8601 duration, for sorting and comparing."""
    parts = iso_duration_parts(duration)
    if parts is None:
        return None
    days = sum(_DAYS_PER_UNIT[unit] * number for unit, number in parts.items())
    return max(int(round(days)), 0)


def duration_label(duration: str) -> str:
    """``"P18M"`` -> ``"18 months"``, ``"P1Y6M"`` -> ``"1 year 6 months"``; unknown -> as is."""
    parts = iso_duration_parts(duration)
    if not parts:
        return duration or ""
    shown = []
    for unit, name in _UNITS:
        if unit in parts:
            number = parts[unit]
            text = str(int(number)) if number.is_integer() else str(number)
            shown.append(f"{text} {name}{'' if number == 1 else 's'}")
    return " ".join(shown) or duration


def value_label(field: str, value: str) -> str:
    """Readable label of one value: vocabulary keys lose their underscores, names stay."""
    if field in {"recipient", "country"}:
        return value
    if field == "retention":
        return duration_label(value) if value.startswith("P") else QUALIFIER_LABELS.get(
            value, value.replace("_", " ")
        )
    return value.replace("_", " ")


def retention_label(duration: str, qualifier: str) -> str:
    """One phrase for a clause's retention: "18 months", "as long as necessary", both."""
    parts = []
    if duration:
        parts.append(duration_label(duration))
    if qualifier and qualifier not in {"fixed", "unspecified"}:
        parts.append(QUALIFIER_LABELS.get(qualifier, qualifier.replace("_", " ")))
    return ", ".join(parts)


def clause_values(clause: Clause) -> list[tuple[str, str, str]]:
    """The facts of one clause as ``(field, value, label)``, in display order.

    Retention comes first (its value is the ISO duration, or the qualifier when there is no
    duration), then the list attributes, then the children's age.
    """
    facts: list[tuple[str, str, str]] = []
    if clause.retention_duration or clause.retention_qualifier not in {"", "unspecified", None}:
        value = clause.retention_duration or clause.retention_qualifier
        facts.append(
            ("retention", value, retention_label(clause.retention_duration,
                                                 clause.retention_qualifier or ""))
        )
    for attr, field in LIST_FIELDS:
        for value in dict.fromkeys(getattr(clause, attr) or ()):
            facts.append((field, value, value_label(field, value)))
    if clause.children_age is not None:
        facts.append(("children_age", str(clause.children_age), f"under {clause.children_age}"))
    return facts


def clause_section_keys(clause: Clause, fallback: str | None = None) -> list[str]:
    """Section keys a clause belongs to (its own list, else its headed section's key)."""
    keys = [k for k in (clause.sections or ()) if k]
    if not keys and fallback:
        keys = [fallback]
    return list(dict.fromkeys(keys))


# A value read with less confidence than this is marked "low confidence" wherever it is shown
# (comparison cells and matrices, clause details), and a review queue starts with these.
LOW_CONFIDENCE = 0.6


def is_low_confidence(confidence: float | None) -> bool:
    return confidence is not None and confidence < LOW_CONFIDENCE


def confidence_label(confidence: float | None) -> str:
    """``"0.45 — low confidence"`` / ``"0.90"``; ``"—"`` when unknown."""
    if confidence is None:
        return "—"
    text = f"{confidence:.2f}"
    return f"{text} — low confidence" if is_low_confidence(confidence) else text


def clause_search_document(clause: Clause) -> str:
    """What full-text search indexes for a clause: its text, then its section labels, practice
    and typed values in words ("Retention", "sell", "Mixpanel", "18 months"), so a search for
    what an analyst means finds clauses whose wording differs ("retention" finds "we retain")."""
    labels = [SECTION_LABELS.get(k, k) for k in clause_section_keys(clause)]
    if clause.practice:
        labels.append(("does not " if clause.negated else "") + clause.practice)
    labels.extend(label for _, _, label in clause_values(clause))
    return clause.text + "\n" + " | ".join(dict.fromkeys(labels))
