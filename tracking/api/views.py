"""Sources (add, read, pause, check now), change events (read), webhook subscriptions and
their delivery log (the subscriber's own only)."""

from __future__ import annotations

from django.db import transaction
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from config.api.errors import ErrorSerializer
from config.api.permissions import IsUploaderOrStaff
from config.api.views import StrictQueryParamsMixin
from tracking.api import filters, serializers
from tracking.models import ChangeEvent, Source, Subscription
from tracking.selectors import deliveries_for, source_checks
from tracking.services import source_create, source_update, subscription_create
from tracking.services.sources import source_check_dispatch


class IsCreatorOrStaff(IsUploaderOrStaff):
    message = "Only the user who added this source (or staff) may change it."
    owner_attr = "created_by_id"


BAD_INPUT = OpenApiResponse(ErrorSerializer, description="Invalid input; `errors` says why.")


@extend_schema_view(
    list=extend_schema(summary="List tracked sources", tags=["tracking"]),
    retrieve=extend_schema(summary="One tracked source: status, last answer, next check",
                           tags=["tracking"]),
    destroy=extend_schema(summary="Stop tracking a source (its versions stay)",
                          tags=["tracking"]),
)
class SourceViewSet(StrictQueryParamsMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin,
                    viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.SourceSerializer
    filterset_class = filters.SourceFilter
    filter_backends = [DjangoFilterBackend]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_permissions(self):
        perms = super().get_permissions()
        if self.action in {"partial_update", "destroy"}:
            perms.append(IsCreatorOrStaff())
        return perms

    def get_queryset(self):
        return Source.objects.select_related("company").order_by("company__name", "kind",
                                                                 "url", "pk")

    @extend_schema(
        summary="Track a policy URL",
        description="Checks it at once (in the background) and then every `check_interval` "
        "seconds. The same URL for the same company and kind returns the existing source "
        "with 200. Private and loopback addresses are refused.",
        tags=["tracking"], request=serializers.SourceCreateSerializer,
        responses={201: serializers.SourceSerializer,
                   200: OpenApiResponse(serializers.SourceSerializer,
                                        description="Already tracked."),
                   400: BAD_INPUT},
    )
    def create(self, request, *args, **kwargs):
        data = serializers.SourceCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        source, created = source_create(**data.validated_data, created_by=request.user)
        if created and not source.paused:
            _queue_check(source.pk)
        out = self.get_serializer(self.get_queryset().get(pk=source.pk)).data
        return Response(out, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
                        headers={"Location": out["api_url"]})

    @extend_schema(summary="Pause, resume or change the interval of a source", tags=["tracking"],
                   request=serializers.SourceUpdateSerializer,
                   responses={200: serializers.SourceSerializer, 400: BAD_INPUT})
    def partial_update(self, request, *args, **kwargs):
        source = self.get_object()
        data = serializers.SourceUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        source = source_update(source=source, **data.validated_data)
        return Response(self.get_serializer(source).data)

    @extend_schema(summary="Check a source now (queued)", tags=["tracking"], request=None,
                   responses={202: serializers.CheckQueuedSerializer})
    @action(detail=True, methods=["post"])
    def check(self, request, pk=None):
        source = self.get_object()
        queued = not (source.claimed_until is not None and source.claim_token)
        if queued:
            _queue_check(source.pk, force=True)
        return Response({"source": source.pk, "queued": queued}, status=status.HTTP_202_ACCEPTED)

    @extend_schema(summary="The source's recent checks (newest first, at most 50)",
                   tags=["tracking"], responses={200: serializers.SourceCheckSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def checks(self, request, pk=None):
        source = self.get_object()
        return Response(serializers.SourceCheckSerializer(source_checks(source), many=True).data)


def _queue_check(source_id: int, *, force: bool = False) -> None:
    transaction.on_commit(lambda: source_check_dispatch(source_id=source_id, force=force))


@extend_schema_view(
    list=extend_schema(
        summary="List change events, newest first",
        description="One event per new version of a policy (fetched or uploaded) once both "
        "versions are extracted, with its clause-level changes ranked by materiality. "
        "`section`, `field` and `min_materiality` keep events with one change matching all.",
        tags=["tracking"],
    ),
    retrieve=extend_schema(summary="One change event", tags=["tracking"]),
)
class ChangeEventViewSet(StrictQueryParamsMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ChangeEventSerializer
    filterset_class = filters.ChangeEventFilter
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        return (ChangeEvent.objects.filter(status=ChangeEvent.Status.READY)
                .select_related("company", "policy").order_by("-occurred_at", "-id"))


@extend_schema_view(
    list=extend_schema(summary="Your webhook subscriptions", tags=["webhooks"]),
    retrieve=extend_schema(summary="One of your webhook subscriptions", tags=["webhooks"]),
    destroy=extend_schema(summary="Delete a webhook subscription", tags=["webhooks"]),
)
class SubscriptionViewSet(StrictQueryParamsMixin, mixins.CreateModelMixin,
                          mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.SubscriptionSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Subscription.objects.none()
        return (Subscription.objects.filter(owner=self.request.user)
                .select_related("company").order_by("-created_at", "-id"))

    @extend_schema(
        summary="Subscribe a webhook to change events",
        description="Each matching change event is POSTed as JSON to `target` with "
        "`X-Atlas-Signature: sha256=<hex HMAC-SHA256 of the raw body with the secret>` and "
        "`Idempotency-Key`; failures are retried with exponential backoff. See README "
        "\"Webhooks\".",
        tags=["webhooks"], request=serializers.SubscriptionCreateSerializer,
        responses={201: serializers.SubscriptionSerializer, 400: BAD_INPUT},
    )
    def create(self, request, *args, **kwargs):
        data = serializers.SubscriptionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        sub = subscription_create(owner=request.user, **data.validated_data)
        out = self.get_serializer(self.get_queryset().get(pk=sub.pk)).data
        return Response(out, status=status.HTTP_201_CREATED, headers={"Location": out["api_url"]})

    @extend_schema(summary="The subscription's delivery log, newest first", tags=["webhooks"],
                   responses={200: serializers.DeliverySerializer(many=True)})
    @action(detail=True, methods=["get"])
    def deliveries(self, request, pk=None):
        sub = self.get_object()
        page = self.paginate_queryset(deliveries_for(owner=request.user, subscription_id=sub.pk))
        return self.get_paginated_response(serializers.DeliverySerializer(page, many=True).data)


