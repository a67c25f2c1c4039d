"""One error format for every API response that is not a success.

Every error body is ``{"status", "code", "detail", "errors": [{"field", "code", "message"}]}``:
``detail`` is a sentence for humans, ``errors`` lists each problem (``field`` is null for
problems that are not about one input field, and for nested fields it is a dotted path).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response
from rest_framework.views import set_rollback

logger = logging.getLogger(__name__)


class ErrorItemSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True,
        help_text="The input field (query parameter or body field) concerned, dotted for "
        "nested fields; null when the problem is not about one field.",
    )
    code = serializers.CharField(help_text="Machine-readable code, e.g. `invalid_choice`.")
    message = serializers.CharField(help_text="What is wrong, for humans.")


class ErrorSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status code, repeated.")
    code = serializers.CharField(
        help_text="Machine-readable error kind: `invalid`, `not_authenticated`, "
        "`authentication_failed`, `permission_denied`, `not_found`, `method_not_allowed`, "
        "`unsupported_media_type`, `not_acceptable`, `throttled`, `server_error`."
    )
    detail = serializers.CharField(help_text="A one-sentence summary, for humans.")
    errors = ErrorItemSerializer(many=True, help_text="Every problem found (may be empty).")


def _flatten(data: Any, field: str | None, out: list[dict[str, Any]]) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("non_field_errors", "__all__"):
                _flatten(value, field, out)
            else:
                _flatten(value, f"{field}.{key}" if field else str(key), out)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            if isinstance(item, dict | list) and field is not None:
                _flatten(item, f"{field}.{index}", out)
            else:
                _flatten(item, field, out)
    else:
        code = getattr(data, "code", None) or "invalid"
        out.append({"field": field, "code": str(code), "message": str(data)})


def _coded(exc: DjangoValidationError) -> Any:
    """A Django ValidationError as DRF details, keeping each message's code."""

    def details(errors: list[DjangoValidationError]) -> list[ErrorDetail]:
        return [ErrorDetail(m, code=e.code or "invalid") for e in errors for m in e.messages]

    if hasattr(exc, "error_dict"):
        return {field: details(errors) for field, errors in exc.error_dict.items()}
    return details(exc.error_list)


def error_body(
    status_code: int, code: str, detail: str, errors: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {"status": status_code, "code": code, "detail": detail, "errors": errors or []}


def _errors_as_json(context: dict[str, Any]) -> None:
    """Errors are JSON even when the client asked for CSV (or anything else)."""
    from rest_framework.renderers import JSONRenderer

    request = context.get("request")
    if request is not None and getattr(request, "accepted_renderer", None) is not None:
        if request.accepted_renderer.format not in ("json", "api"):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """DRF exception handler producing :class:`ErrorSerializer` bodies, 500s included."""
    _errors_as_json(context)
    if isinstance(exc, RequestDataTooBig):
        exc = exceptions.ValidationError(
            {"non_field_errors": [f"The request body is too large ({exc})."]}, code="too_large"
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_coded(exc))

    if not isinstance(exc, exceptions.APIException):
        view = context.get("view")
        logger.exception("Unhandled error in API view %s", type(view).__name__ if view else "?")
        set_rollback()
        return Response(
            error_body(500, "server_error", "Internal server error; it has been logged."),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )

    headers: dict[str, str] = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))  # type: ignore[attr-defined]

    errors: list[dict[str, Any]] = []
    if isinstance(exc, exceptions.ValidationError):
        _flatten(exc.detail, None, errors)
        fields = sorted({e["field"] for e in errors if e["field"]})
        detail = (
            f"Invalid input: {', '.join(fields)}." if fields else (
                errors[0]["message"] if errors else "Invalid input."
            )
        )
        code = "invalid"
    else:
        detail = str(exc.detail) if not isinstance(exc.detail, dict | list) else str(exc)
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
        errors.append({"field": None, "code": code, "message": detail})
    set_rollback()
    return Response(error_body(exc.status_code, code, detail, errors), status=exc.status_code,
                    headers=headers)
