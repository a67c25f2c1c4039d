"""Serializers of the comparison API, by resource: query parameters, comparisons and company
summaries, export rows, version diffs."""

from comparison.api.serializers.comparison import (
    CompanySummarySerializer,
    ComparisonSerializer,
    VerdictSerializer,
)
from comparison.api.serializers.diff import VersionDiffSerializer
from comparison.api.serializers.export import ExportRowSerializer
from comparison.api.serializers.queries import (
    CompareExportQuerySerializer,
    CompareQuerySerializer,
    DiffQuerySerializer,
    SummaryQuerySerializer,
)

__all__ = [
    "CompanySummarySerializer",
    "CompareExportQuerySerializer",
    "CompareQuerySerializer",
    "ComparisonSerializer",
    "DiffQuerySerializer",
    "ExportRowSerializer",
    "SummaryQuerySerializer",
    "VerdictSerializer",
    "VersionDiffSerializer",
]
