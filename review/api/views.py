"""Review API: reviews (list, retrieve, create, withdraw), one clause's review state, the
review queue, counts per company, and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as df
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from config.api.cache import stamp_invalidate
from config.api.errors import ErrorSerializer
from config.api.filters import company_filter, id_filter
from config.api.views import StrictQueryParamsMixin
from policies.models import Clause, ClauseValue
from review.api.serializers import (
    ClauseReviewStateSerializer,
    CountsSerializer,
    QueueItemSerializer,
    ReviewBulkResultSerializer,
    ReviewBulkSerializer,
    ReviewCreateSerializer,
    ReviewEventSerializer,
    ReviewSerializer,
)
from review.models import Review, ReviewEvent, ReviewField
from review.selectors import review_counts, review_queue, user_can_review
from review.services import review_create, review_withdraw
from review.state import clause_review_state


class CanReviewOrReadOnly(BasePermission):
    """Everyone who may browse reads reviews; reviewers (group "reviewers") and staff write."""

    message = "Only members of the reviewers group (or staff) may review."

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return bool(settings.POLICY_PUBLIC_BROWSING or request.user.is_authenticated)
        return user_can_review(request.user)


def _drf_error(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


class ReviewFilter(df.FilterSet):
    company = company_filter("version__policy__company")
    version = id_filter("version_id", "Version id.")
    clause = id_filter("clause_id", "Clause id.")
    field = df.MultipleChoiceFilter(choices=ReviewField.choices, help_text="Field reviewed.")
    action = df.MultipleChoiceFilter(choices=Review.Action.choices, help_text="Action.")
    status = df.MultipleChoiceFilter(choices=Review.Status.choices, help_text="Status.")
    reviewer = df.CharFilter(field_name="reviewer__username", help_text="Reviewer's username.")

    class Meta:
        model = Review
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(summary="List reviews, newest first", tags=["reviews"]),
    retrieve=extend_schema(summary="One review", tags=["reviews"]),
)
class ReviewViewSet(StrictQueryParamsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = ReviewSerializer
    filterset_class = ReviewFilter
    permission_classes = [CanReviewOrReadOnly]

    def get_queryset(self):
        return Review.objects.select_related("reviewer", "version__policy__company").defer(
            "version__text"
        ).order_by("-created_at", "-id")

    @extend_schema(
        summary="Review a value of a clause",
        description="Confirm, reject (reason `wrong_value` or `wrong_polarity`), correct "
        "(`new_value`: a value, a section key, an ISO-8601 retention period or a qualifier, a "
        "Do Not Track stance), add a missing value (`add_missing`, `new_value`, optionally on "
        "`span_start`..`span_end` inside the sentence) or mark the clause as no statement of "
        "practice (`not_practice`). Reviewers group or staff only (403 otherwise). The "
        "reviewer's own earlier review of the same value is superseded.",
        tags=["reviews"],
        request=ReviewCreateSerializer,
        responses={201: ReviewSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def create(self, request, *args, **kwargs):
        data = ReviewCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        params = dict(data.validated_data)
        clause = Clause.objects.filter(pk=params.pop("clause")).first()
        if clause is None:
            raise ValidationError({"clause": ["No such clause."]})
        try:
            review = review_create(clause=clause, reviewer=request.user, **params)
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        stamp_invalidate()  # cached reads show reviewed values: this process sees it at once
        body = ReviewSerializer(self.get_queryset().get(pk=review.pk),
                                context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Save many reviews at once (all or none)",
        description="The same fields as one review, as a list under `reviews` (at most 1000). "
        "Saved in one transaction: one bad item is a 400 naming its index, and nothing is "
        "saved. For importing curated labels and for scripted reviewing.",
        tags=["reviews"],
        request=ReviewBulkSerializer,
        responses={201: ReviewBulkResultSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        data = ReviewBulkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        items = [dict(item) for item in data.validated_data["reviews"]]
        clauses = Clause.objects.in_bulk({item["clause"] for item in items})
        ids = []
        try:
            with transaction.atomic():
                for index, item in enumerate(items):
                    clause = clauses.get(item.pop("clause"))
                    if clause is None:
                        raise ValidationError({"reviews": {index: {"clause": ["No such clause."]}}})
                    try:
                        review = review_create(clause=clause, reviewer=request.user, **item)
                    except DjangoValidationError as exc:
                        raise ValidationError({"reviews": {index: _drf_error(exc).detail}}) \
                            from exc
                    ids.append(review.pk)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        stamp_invalidate()
        return Response({"created": len(ids), "ids": ids}, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Withdraw a review (its author or staff)", tags=["reviews"],
                   request=None, responses={200: ReviewSerializer, 403: ErrorSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        review = self.get_object()
        try:
            review_withdraw(review=review, actor=request.user)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        stamp_invalidate()
        return Response(ReviewSerializer(self.get_queryset().get(pk=review.pk)).data)


class ClauseReviewsView(StrictQueryParamsMixin, generics.GenericAPIView):
    serializer_class = ClauseReviewStateSerializer
    queryset = Clause.objects.none()
    permission_classes = [CanReviewOrReadOnly]
    pagination_class = None

    @extend_schema(
        summary="A clause's values, machine and reviewed, with every review of it",
        tags=["reviews"],
        responses={200: ClauseReviewStateSerializer},
    )
    def get(self, request, pk: int):
        clause = get_object_or_404(Clause, pk=pk)
        return Response(ClauseReviewStateSerializer(clause_review_state(clause)).data)


QUEUE_PARAMS = [
    OpenApiParameter("company", OpenApiTypes.STR, description="Company slug."),
    OpenApiParameter("field", OpenApiTypes.STR, enum=[f for f in ClauseValue.Field.values
                                                      if f != "section"],
                     description="Only values of this field."),
    OpenApiParameter("reviewer", OpenApiTypes.STR,
                     description="Only values this reviewer (username) reviewed."),
    OpenApiParameter("include_reviewed", OpenApiTypes.BOOL,
                     description="Include settled values too (default: outstanding only)."),
]


def _queue_args(request) -> dict:
    params = request.query_params
    company = (params.get("company") or "").strip() or None
    field_name = (params.get("field") or "").strip() or None
    if field_name and (field_name not in ClauseValue.Field.values or field_name == "section"):
        raise ValidationError({"field": [f"Unknown field {field_name!r}."]})
    if company:
        from policies.models import Company

        if not Company.objects.filter(slug=company).exists():
            raise ValidationError({"company": [f"Unknown company {company!r}."]})
    include = (params.get("include_reviewed") or "").lower()
    if include not in {"", "true", "false", "1", "0"}:
        raise ValidationError({"include_reviewed": ["Must be true or false."]})
    return {"company": company, "field_name": field_name,
            "reviewer": (params.get("reviewer") or "").strip() or None,
            "include_reviewed": include in {"true", "1"}}


class ReviewQueueView(StrictQueryParamsMixin, generics.GenericAPIView):
    serializer_class = QueueItemSerializer
    queryset = ClauseValue.objects.none()
    permission_classes = [CanReviewOrReadOnly]
    extra_query_params = ("company", "field", "reviewer", "include_reviewed")

    @extend_schema(
        summary="Values to review, most urgent first",
        description="Outstanding values of the companies' latest versions: disputed ones "
        "first, then denials, values in the summary matrices, values of versions changed in "
        "the last 30 days, low confidence.",
        tags=["reviews"],
        parameters=QUEUE_PARAMS,
        responses={200: QueueItemSerializer(many=True)},
    )
    def get(self, request):
        queryset = review_queue(**_queue_args(request))
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(QueueItemSerializer(page, many=True).data)


class ReviewCountsView(StrictQueryParamsMixin, generics.GenericAPIView):
    serializer_class = CountsSerializer
    queryset = Review.objects.none()
    permission_classes = [CanReviewOrReadOnly]
    pagination_class = None
    extra_query_params = ("company",)

    @extend_schema(
        summary="Reviewed and outstanding values per company (latest versions)",
        tags=["reviews"],
        parameters=[OpenApiParameter("company", OpenApiTypes.STR, description="Company slug.")],
        responses={200: CountsSerializer(many=True)},
    )
    def get(self, request):
        company = (request.query_params.get("company") or "").strip() or None
        return Response(CountsSerializer(review_counts(company=company), many=True).data)


@extend_schema_view(
    list=extend_schema(summary="The review audit log, newest first", tags=["reviews"]),
    retrieve=extend_schema(summary="One audit-log entry", tags=["reviews"]),
)
class ReviewEventViewSet(StrictQueryParamsMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ReviewEventSerializer
    permission_classes = [CanReviewOrReadOnly]

    def get_queryset(self):
        return ReviewEvent.objects.select_related("actor").order_by("-at", "-id")
