"""Output (and input) serializers of the core tables, one module per resource."""

from config.api.versions import PolicyVersionSerializer, RunSummarySerializer
from policies.api.serializers.clauses import ClauseSerializer, clause_representation
from policies.api.serializers.companies import (
    CompanyCreateSerializer,
    CompanySerializer,
    PolicySerializer,
)
from policies.api.serializers.sections import SectionDetailSerializer, SectionSerializer
from policies.api.serializers.versions import FindingSerializer, PolicyVersionDetailSerializer

__all__ = [
    "ClauseSerializer",
    "CompanyCreateSerializer",
    "CompanySerializer",
    "FindingSerializer",
    "PolicySerializer",
    "PolicyVersionDetailSerializer",
    "PolicyVersionSerializer",
    "RunSummarySerializer",
    "SectionDetailSerializer",
    "SectionSerializer",
    "clause_representation",
]
