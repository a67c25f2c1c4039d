"""Extraction runs (read), uploads of new versions and re-extraction (write)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as df
from drf_spectacular.utils import (
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from config.api.cache import stamp_invalidate
from config.api.errors import ErrorSerializer
from config.api.filters import company_filter, id_filter
from config.api.links import link
from config.api.permissions import IsUploaderOrStaff, ReadPublicWriteAuthenticated
from config.api.throttling import AnonRateThrottle, UploadRateThrottle, UserRateThrottle
from config.api.versions import run_summary
from config.api.views import StrictQueryParamsMixin
from extraction.api.serializers import (
    FileUploadSerializer,
    RunSerializer,
    TextUploadSerializer,
    UploadConversionSerializer,
    UploadMetaSerializer,
    UploadResultSerializer,
)
from extraction.intake import (
    ERROR_CODES,
    UploadError,
    check_file,
    check_file_name,
    check_last_updated,
    check_text,
    one_source,
)
from extraction.models import ExtractionRun, UploadConversion
from extraction.services import (
    extraction_run_create,
    policy_version_ingest,
    upload_conversion_create,
    upload_is_deferred,
)
from policies.models import Policy, PolicyVersion
from policies.selectors import version_list

# Slack for JSON escaping (\uXXXX) and the other fields when checking a JSON body's size
# (DATA_UPLOAD_MAX_MEMORY_SIZE in settings allows the same).
JSON_OVERHEAD_FACTOR = 3
JSON_OVERHEAD_BYTES = 64 * 1024
JSON_FIELDS = frozenset({"text", "last_updated", "source_url"})
MULTIPART_FIELDS = frozenset({"file", "text", "last_updated", "source_url"})


class RunFilter(df.FilterSet):
    status = df.MultipleChoiceFilter(
        choices=ExtractionRun.Status.choices, help_text="Status; repeat for several."
    )
    version = id_filter("version_id", "Version id.")
    company = company_filter("version__policy__company")
    ordering = df.OrderingFilter(
        fields=(("created_at", "created_at"), ("id", "id")),
        help_text="Sort by these (prefix - for descending); default: newest first.",
    )

    class Meta:
        model = ExtractionRun
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(summary="List extraction runs", tags=["runs"]),
    retrieve=extend_schema(
        summary="One extraction run (poll it for status, stage and progress)", tags=["runs"]
    ),
)
class RunViewSet(StrictQueryParamsMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RunSerializer
    filterset_class = RunFilter

    def get_queryset(self):
        return ExtractionRun.objects.select_related("version__policy__company").defer(
            "version__text"
        ).order_by("-created_at", "-id")


class PolicyVersionUploadView(StrictQueryParamsMixin, generics.GenericAPIView):
    """``POST /policies/{id}/versions/``: upload a new version. The ``GET`` (the list) is
    ``policies.api.views.PolicyVersionListView``; config/api_urls.py routes the two methods of
    the one URL."""

    parser_classes = [JSONParser, MultiPartParser]
    permission_classes = [ReadPublicWriteAuthenticated]
    throttle_classes = [AnonRateThrottle, UserRateThrottle, UploadRateThrottle]
    serializer_class = UploadResultSerializer

    @extend_schema(
        summary="Upload a new version of a policy",
        description="Send the text as JSON (`text`) or a file as multipart/form-data (`file`: "
        "plain text in any common encoding, HTML, PDF or DOCX). The version is stored at once "
        "and extracted in the background: 202 with the run's URL (also in `Location`); poll "
        "it. A PDF or DOCX file is converted to text after the response: 202 with the "
        "upload's URL (`/uploads/{id}/`, also in `Location`); poll it until `state` is `done`, "
        "then follow `run_url`. Text this policy already has (up to whitespace and Unicode "
        "forms) returns the existing version with 200. The rules are the upload form's "
        "(extraction.intake): unknown fields, a non-string `text`, a `last_updated` in the "
        "future, text and file together, and empty, oversized (POLICY_MAX_UPLOAD_BYTES), "
        "binary, undecodable or unsupported input are a 400 whose `errors[].code` says which: "
        + ", ".join(f"`{code}`" for code in ERROR_CODES) + ", `unknown_field`. A version the "
        "suspicious-version check flags is stored with `held_back: true` and its "
        "`suspicious_reasons`; it is not the latest until confirmed.",
        tags=["versions"],
        request={
            "application/json": TextUploadSerializer,
            "multipart/form-data": FileUploadSerializer,
        },
        responses={
            202: OpenApiResponse(
                PolymorphicProxySerializer(
                    component_name="UploadAccepted",
                    serializers=[UploadResultSerializer, UploadConversionSerializer],
                    resource_type_field_name=None,
                ),
                description="Text: stored, extraction queued (an UploadResult). A PDF or DOCX "
                "file: stored and queued for conversion to text (an UploadConversion; poll its "
                "`url`, also in `Location`, until `state` is `done`).",
            ),
            200: OpenApiResponse(
                UploadResultSerializer, description="Duplicate: this policy already has this text."
            ),
            400: OpenApiResponse(ErrorSerializer, description="Unusable input; `errors` says why."),
        },
    )
    def post(self, request, pk: int):
        policy = get_object_or_404(Policy.objects.select_related("company"), pk=pk)
        limit = settings.POLICY_MAX_UPLOAD_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit * JSON_OVERHEAD_FACTOR + JSON_OVERHEAD_BYTES:
            raise ValidationError(
                {"non_field_errors": [f"The request is too large (limit {limit} bytes)."]}
            )
        is_multipart = (request.content_type or "").startswith("multipart/")
        try:
            intake, meta = self._validated(request.data, multipart=is_multipart)
            if intake is None:  # a PDF or DOCX: stored now, converted after the response
                upload = upload_conversion_create(
                    company=policy.company,
                    kind=policy.kind,
                    filename=meta["file"].name or "",
                    content_type=meta["file"].content_type or "",
                    data=meta["file"].read(),
                    source_kind=PolicyVersion.SourceKind.API,
                    source_url=meta["source_url"],
                    last_updated=meta["last_updated"],
                    uploaded_by=request.user,
                )
        except UploadError as exc:
            raise ValidationError({exc.field or "non_field_errors": [exc.message]},
                                  code=exc.code) from exc
        if intake is None:
            upload = UploadConversion.objects.select_related("company").get(pk=upload.pk)
            body = UploadConversionSerializer(upload, context=self.get_serializer_context()).data
            return Response(body, status=status.HTTP_202_ACCEPTED,
                            headers={"Location": body["url"]})
        result = policy_version_ingest(
            company=policy.company,
            kind=policy.kind,
            text=intake.text,
            source_kind=PolicyVersion.SourceKind.API,
            source_url=meta["source_url"],
            original_filename=intake.original_filename,
            media_type=intake.media_type,
            last_updated=meta["last_updated"],
            uploaded_by=request.user,
        )
        stamp_invalidate()
        run = ExtractionRun.objects.get(pk=result.run.pk)
        version = version_list().get(pk=result.version.pk)
        context = self.get_serializer_context()
        body = UploadResultSerializer(
            {
                "created": result.created,
                "version": version,
                "run": run_summary(context, run),
                "run_url": link(context, "runs", run.pk),
            },
            context=context,
        ).data
        code = status.HTTP_202_ACCEPTED if result.created else status.HTTP_200_OK
        return Response(body, status=code, headers={"Location": body["run_url"]})

    @staticmethod
    def _validated(data, *, multipart: bool):
        """The upload's text (extraction.intake: the form's rules) and its metadata; strict:
        unknown fields, wrong JSON types, two sources, future dates are refused."""
        if not multipart and not isinstance(data, dict):
            raise UploadError(
                "wrong_type", "The JSON body must be an object with a `text` field.", None
            )
        allowed = MULTIPART_FIELDS if multipart else JSON_FIELDS
        unknown = sorted(set(data.keys()) - allowed)
        if unknown:
            hint = " (files are sent as multipart/form-data)" if "file" in unknown else ""
            raise ValidationError(
                {name: [f"Unknown field; expected one of {', '.join(sorted(allowed))}{hint}."]
                 for name in unknown},
                code="unknown_field",
            )
        meta = UploadMetaSerializer(data={"source_url": data.get("source_url") or ""})
        if not isinstance(data.get("source_url", ""), str):
            raise UploadError("wrong_type", "`source_url` must be a string.", "source_url")
        meta.is_valid(raise_exception=True)
        last_updated = check_last_updated(data.get("last_updated"))
        upload = data.get("file") if multipart else None
        text = data.get("text")
        if multipart:
            text = text or None  # a form's empty text field is "not given"
        source = "text" if not multipart and "text" in data else one_source(
            {"text": text, "file": upload}
        )
        if source == "text":
            intake = check_text(text, source_kind=PolicyVersion.SourceKind.API)
        else:
            if not hasattr(upload, "read"):
                raise UploadError("wrong_type", "`file` must be a file part.", "file")
            if upload_is_deferred(upload.name or ""):
                check_file_name(name=upload.name or "", size=upload.size)
                return None, {"source_url": meta.validated_data.get("source_url") or "",
                              "last_updated": last_updated, "file": upload}
            intake = check_file(name=upload.name or "", size=upload.size,
                                content_type=upload.content_type or "", read=upload.read,
                                source_kind=PolicyVersion.SourceKind.API)
        return intake, {"source_url": meta.validated_data.get("source_url") or "",
                        "last_updated": last_updated}


class VersionRunsView(StrictQueryParamsMixin, generics.GenericAPIView):
    """Queue a new extraction of a version (after a pipeline upgrade, or after a failure)."""

    permission_classes = [ReadPublicWriteAuthenticated, IsUploaderOrStaff]
    serializer_class = RunSerializer

    def get_queryset(self):
        return PolicyVersion.objects.defer("text").prefetch_related(
            Prefetch("extraction_runs", to_attr="runs_desc")
        )

    @extend_schema(
        summary="Re-extract a version",
        description="Queues a new extraction run, unless one is already queued or running "
        "(then that run is returned with 200). Only the uploader or staff may do this.",
        tags=["runs"],
        request=None,
        responses={
            202: OpenApiResponse(RunSerializer, description="Queued."),
            200: OpenApiResponse(RunSerializer, description="A run is already active."),
        },
    )
    def post(self, request, pk: int):
        version = self.get_object()
        active = [r for r in version.runs_desc if r.is_active]
        if active:
            run, code = active[0], status.HTTP_200_OK
        else:
            run, code = extraction_run_create(version=version), status.HTTP_202_ACCEPTED
            stamp_invalidate()
        run = ExtractionRun.objects.select_related("version__policy__company").get(pk=run.pk)
        data = RunSerializer(run, context=self.get_serializer_context()).data
        return Response(data, status=code, headers={"Location": data["url"]})


@extend_schema_view(
    retrieve=extend_schema(
        summary="One PDF/DOCX upload being converted to text (poll it)", tags=["versions"]
    ),
)
class UploadConversionViewSet(StrictQueryParamsMixin, viewsets.ReadOnlyModelViewSet):
    """The uploader's (or, for staff, every) PDF/DOCX conversion: newest first."""

    serializer_class = UploadConversionSerializer
    permission_classes = [ReadPublicWriteAuthenticated]
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        qs = UploadConversion.objects.select_related("company").defer("data")
        user = self.request.user
        if not (user and user.is_authenticated):
            return qs.none()
        if not user.is_staff:
            qs = qs.filter(uploaded_by=user)
        return qs.order_by("-created_at", "-id")
