"""The extraction contract's vocabularies (../shared/eval/README.md): plain tuples, no imports.

The NLP pipeline (``extraction.nlp.types`` re-exports them), the core tables' choices
(``policies.models``), the API's validation and schema and the comparison all use these, so
each value is spelt once. Labels are what pages and exports show.
"""

from __future__ import annotations

SECTION_KEYS: tuple[str, ...] = (
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
    "other",
)

DATA_TYPES: tuple[str, ...] = (
    "contact",
    "financial",
    "location",
    "device_identifiers",
    "cookies_tracking",
    "device_info",
    "demographic",
    "online_activity",
    "health",
    "social_media",
    "account",
    "survey",
    "government_id",
    "biometric",
)

PRACTICES: tuple[str, ...] = (
    "collect",
    "use",
    "share",
    "sell",
    "retain",
    "transfer",
    "track",
    "protect",
    "notify",
    "grant",
)

MODALITIES: tuple[str, ...] = ("may", "will", "must")

PURPOSES: tuple[str, ...] = (
    "service",
    "support",
    "marketing",
    "advertising",
    "analytics",
    "personalization",
    "security",
    "legal",
    "research",
    "business_transfer",
)

RECIPIENT_CATEGORIES: tuple[str, ...] = (
    "service_providers",
    "payment_processors",
    "logistics",
    "advertisers",
    "analytics_providers",
    "affiliates",
    "partners",
    "government",
    "acquirers",
    "other_users",
    "public",
)

RETENTION_QUALIFIERS: tuple[str, ...] = (
    "fixed",
    "while_account_active",
    "as_long_as_necessary",
    "legal_requirement",
    "after_account_closure",
    "after_completion",
    "indefinite",
    "unspecified",
)

RIGHTS: tuple[str, ...] = (
    "access",
    "rectification",
    "erasure",
    "restriction",
    "objection",
    "portability",
    "withdraw_consent",
    "marketing_opt_out",
    "complaint",
    "do_not_track",
)

# Do Not Track stance of a clause that speaks of the signal (None: the clause does not say).
DNT_STANCES: tuple[str, ...] = ("honoured", "ignored")

FINDING_KINDS: tuple[str, ...] = ("empty_section", "dangling_list", "missing_section")


SECTION_LABELS: dict[str, str] = {
    "collection": "Collection",
    "use": "Use",
    "sharing": "Sharing",
    "cookies": "Cookies & tracking",
    "retention": "Retention",
    "rights": "Rights & choices",
    "transfers": "International transfers",
    "security": "Security",
    "children": "Children",
    "changes": "Changes to the policy",
    "contact": "Contact",
    "other": "Other",
}

RETENTION_QUALIFIER_LABELS: dict[str, str] = {
    "fixed": "fixed period",
    "while_account_active": "while the account is active",
    "as_long_as_necessary": "as long as necessary",
    "legal_requirement": "as required by law",
    "after_account_closure": "after account closure",
    "after_completion": "after completion",
    "indefinite": "indefinitely",
    "unspecified": "unspecified",
}

DNT_STANCE_LABELS: dict[str, str] = {
    "honoured": "honours Do Not Track",
    "ignored": "ignores Do Not Track",
}


def choices(values: tuple[str, ...], labels: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """``[(value, label), ...]`` for a vocabulary (the value is its own label by default)."""
    labels = labels or {}
    return [(v, labels.get(v, v)) for v in values]
