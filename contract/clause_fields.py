"""The registry of a clause's list attributes: one row per attribute, everything else derives.

A clause's multi-valued attributes (its sections, data types, purposes, recipients, rights,
countries) are stored twice (``policies.models``): as a JSON list on ``Clause`` and as one
``ClauseValue(field, value)`` row per value for indexed filtering. From this registry come the
``ClauseValue.Field`` choices, the results service's attribute -> value-field map
(``VALUE_FIELDS``), the facts shown in cells, diffs and exports (``LIST_FIELDS``), the clause
API's list fields and filters, the CSV columns and the comparison's loaded columns.

Adding an attribute: its vocabulary (``contract.vocabularies``), a row here, its extraction
(``extraction.nlp``), a ``Clause`` JSON field with a migration, and tests.
"""

from __future__ import annotations

from dataclasses import dataclass

from contract.vocabularies import DATA_TYPES, PURPOSES, RECIPIENT_CATEGORIES, RIGHTS, SECTION_KEYS


@dataclass(frozen=True)
class ClauseListField:
    name: str  # the clause attribute (JSON list, NLP ``Clause`` field, API field, CSV column)
    value_field: str  # ``ClauseValue.field``; also the name of a fact in cells and diffs
    label: str  # how pages and exports name one value's kind
    filter_name: str  # the clause list's query parameter (``?data_type=``)
    filter_help: str  # its description in the OpenAPI schema
    api_help: str  # the API field's description
    vocabulary: tuple[str, ...] | None = None  # None: free values (names, country codes)
    pattern: str | None = None  # what a free value must match, once normalised
    fact: bool = True  # shown as a fact of a clause (sections are where a clause is, not what)

    @property
    def csv_column(self) -> str:
        return self.name


# In display order: the facts of a clause are shown in this order in cells, diffs and exports.
CLAUSE_LIST_FIELDS: tuple[ClauseListField, ...] = (
    ClauseListField(
        "sections", "section", "Section", "section", "Section key; repeat for any of several.",
        "Section keys the clause belongs to.", SECTION_KEYS, fact=False,
    ),
    ClauseListField(
        "data_types", "data_type", "Data type", "data_type",
        "Data type; repeat for any of several.", "Data types named.", DATA_TYPES,
    ),
    ClauseListField(
        "recipient_names", "recipient", "Recipient", "recipient",
        'Canonical recipient name (e.g. "Google Analytics"); repeat or comma-separate.',
        'Canonical names of the recipient organisations (e.g. "Google Analytics").',
    ),
    ClauseListField(
        "recipient_categories", "recipient_category", "Recipient category",
        "recipient_category", "Recipient category; repeat for any of several.",
        "Kinds of recipients named.", RECIPIENT_CATEGORIES,
    ),
    ClauseListField(
        "purposes", "purpose", "Purpose", "purpose", "Purpose; repeat for any of several.",
        "Purposes of use named.", PURPOSES,
    ),
    ClauseListField(
        "rights", "right", "Right", "right",
        "Right or choice offered; repeat for any of several.",
        "Rights or choices offered to the user.", RIGHTS,
    ),
    ClauseListField(
        "countries", "country", "Country", "country",
        'ISO 3166-1 alpha-2 code, or "*" for "outside your country"; repeat or comma-separate.',
        'ISO 3166-1 alpha-2 codes of transfer or storage locations; "*" means outside the '
        "user's country / anywhere.",
        pattern=r"^([A-Z]{2}|\*)$",
    ),
)

BY_NAME: dict[str, ClauseListField] = {f.name: f for f in CLAUSE_LIST_FIELDS}
BY_VALUE_FIELD: dict[str, ClauseListField] = {f.value_field: f for f in CLAUSE_LIST_FIELDS}
LIST_ATTRIBUTES: tuple[str, ...] = tuple(f.name for f in CLAUSE_LIST_FIELDS)
FACT_FIELDS: tuple[ClauseListField, ...] = tuple(f for f in CLAUSE_LIST_FIELDS if f.fact)
