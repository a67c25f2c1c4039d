"""Result types of the NLP pipeline: frozen dataclasses, no Django.

These are the contract between ``extraction.nlp`` and the rest of the project (database,
commands, API). Field names and values follow ../shared/eval/README.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

# The vocabularies are the project's contract, spelt once in ``contract.vocabularies`` (plain
# Python, no imports) and re-exported here for the pipeline.
from contract.clause_fields import LIST_ATTRIBUTES
from contract.vocabularies import (
    DATA_TYPES,
    DNT_STANCES,
    FINDING_KINDS,
    MODALITIES,
    PRACTICES,
    PURPOSES,
    RECIPIENT_CATEGORIES,
    RETENTION_QUALIFIERS,
    RIGHTS,
    SECTION_KEYS,
)

__all__ = [
    "DATA_TYPES",
    "DNT_STANCES",
    "FINDING_KINDS",
    "MODALITIES",
    "PRACTICES",
    "PURPOSES",
    "RECIPIENT_CATEGORIES",
    "RETENTION_QUALIFIERS",
    "RIGHTS",
    "SECTION_KEYS",
]


@dataclass(frozen=True)
class Retention:
    duration: str | None  # ISO-8601, e.g. "P18M", or None
    qualifier: str  # one of RETENTION_QUALIFIERS


@dataclass(frozen=True)
class Evidence:
    """Where one extracted value was found: offsets into the stored text."""

    field: str  # e.g. "data_types", "recipient_names", "retention"
    value: str
    start: int
    end: int


@dataclass(frozen=True)
class SectionSpan:
    """A headed section of a document. ``key`` is its primary section key."""

    order: int
    key: str
    heading: str  # as written ("" for a preamble without heading)
    start: int  # start of the heading (or of the body when there is none)
    end: int
    body_start: int
    keys: tuple[str, ...] = ()  # all keys the section covers, primary first


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    text: str  # == stored_text[start:end]
    sections: tuple[str, ...]
    section_index: int  # index into DocumentAnalysis.sections
    practice: str | None = None
    negated: bool = False
    modality: str | None = None
    data_types: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()
    recipient_names: tuple[str, ...] = ()
    recipient_categories: tuple[str, ...] = ()
    retention: Retention | None = None
    rights: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    children_age: int | None = None
    evidence: tuple[Evidence, ...] = ()
    # How sure the pipeline is of this clause's values, from its evidence: 0.0-1.0.
    confidence: float = 1.0
    # What a statement (above all a denial) is limited to, as the policy words it
    # ("cookies", "complete card numbers", "third parties' own practices"), or None: the
    # whole policy's scope.
    scope: str | None = None
    dnt_stance: str | None = None  # one of DNT_STANCES when the clause speaks of Do Not Track

    def to_json(self) -> dict[str, Any]:
        """The JSON shape of ../shared/eval/README.md (plus ``evidence``)."""
        # A flat copy of the fields (in field order), not ``asdict``: its recursive deep copy
        # was a tenth of ``extract_documents``. The values are str, int, float, bool, None
        # or tuples of str; the two nested dataclasses are copied by hand below.
        out = dict(vars(self))
        del out["section_index"]
        for key in LIST_ATTRIBUTES:  # the list attributes (contract.clause_fields)
            out[key] = list(out[key])
        if self.retention is not None:
            out["retention"] = dict(vars(self.retention))
        out["evidence"] = [dict(vars(e)) for e in self.evidence]
        return out


@dataclass(frozen=True)
class Finding:
    kind: str  # one of FINDING_KINDS
    section: str  # section key concerned
    message: str
    start: int | None = None  # offsets of the heading/list concerned; None for missing sections
    end: int | None = None


@dataclass(frozen=True)
class DocumentAnalysis:
    text: str
    pipeline_version: str
    sections: tuple[SectionSpan, ...]
    clauses: tuple[Clause, ...]
    findings: tuple[Finding, ...] = ()
    last_updated: date | None = None
    timings: dict[str, float] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class PassageResult:
    sections: tuple[str, ...]
    data_types: tuple[str, ...]
