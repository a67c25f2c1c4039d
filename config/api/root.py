"""The API's index and its JSON 404 for unknown paths."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from config.api.errors import error_body
from config.api.views import StrictQueryParamsMixin

COLLECTIONS = (
    "companies", "policies", "versions", "sections", "clauses", "runs", "compare", "sources",
    "changes", "subscriptions",
)


class ApiRootView(StrictQueryParamsMixin, APIView):
    """Links to every collection, the schema and the docs."""

    @extend_schema(exclude=True)
    def get(self, request):
        base = request.build_absolute_uri("/api/v1/")
        links = {name: f"{base}{name}/" for name in COLLECTIONS}
        links["schema"] = reverse("api-schema", request=request)
        links["docs"] = reverse("api-docs", request=request)
        return Response(links)


@csrf_exempt
def api_not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    return JsonResponse(
        error_body(404, "not_found", f"No API endpoint at {request.path}."), status=404
    )
