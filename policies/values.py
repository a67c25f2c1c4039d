"""Human labels for extracted values, shared by the HTML pages, the exports and the API.

Pure functions, no queries. ``clause_values(clause)`` turns one ``Clause`` row into the
ordered list of ``(field, value, label)`` facts shown in cells, diffs and exports.
"""

from __future__ import annotations

import re

from policies.models import Clause, SectionKey

# Sections shown as comparison rows, in reading order ("other" is never a row).
SECTION_ORDER: tuple[str, ...] = (
    "collection",
    "use",
    "sharing",
    "cookies",
    "retention",
    "rights",
    "transfers",
    "security",
    "children",
    "changes",
    "contact",
)
SECTION_LABELS: dict[str, str] = dict(SectionKey.choices)

# Clause list attribute -> field name used in cells, exports and diffs.
LIST_FIELDS: tuple[tuple[str, str], ...] = (
    ("data_types", "data_type"),
    ("recipient_names", "recipient"),
    ("recipient_categories", "recipient_category"),
    ("purposes", "purpose"),
    ("rights", "right"),
    ("countries", "country"),
)
FIELD_LABELS: dict[str, str] = {
    "data_type": "Data type",
    "recipient": "Recipient",
    "recipient_category": "Recipient category",
    "purpose": "Purpose",
    "right": "Right",
    "country": "Country",
    "retention": "Retention",
    "children_age": "Children's age",
    "practice": "Practice",
}
QUALIFIER_LABELS: dict[str, str] = dict(Clause.RetentionQualifier.choices)

_ISO = re.compile(
    r"^P(?:(?P<years>\d+(?:\.\d+)?)Y)?(?:(?P<months>\d+(?:\.\d+)?)M)?(?:(?P<weeks>\d+(?:\.\d+)?)W)?"
    r"(?:(?P<days>\d+(?:\.\d+)?)D)?(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?)?$"
)
_UNITS = (("years", "year"), ("months", "month"), ("weeks", "week"), ("days", "day"),
          ("hours", "hour"))


def duration_label(duration: str) -> str:
    """``"P18M"`` -> ``"18 months"``, ``"P1Y6M"`` -> ``"1 year 6 months"``; unknown -> as is."""
    match = _ISO.match(duration or "")
    if not match or not duration or duration in {"P", "PT"}:
        return duration or ""
    parts = []
    for group, unit in _UNITS:
        raw = match.group(group)
        if raw is None:
            continue
        number = float(raw)
        shown = str(int(number)) if number.is_integer() else raw
        parts.append(f"{shown} {unit}{'' if number == 1 else 's'}")
    return " ".join(parts) or duration


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
