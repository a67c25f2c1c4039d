"""drf-spectacular: an AutoSchema that documents the shared error responses on every
operation, and a generator that documents each method of a ``by_method`` URL from its own view.
"""

from __future__ import annotations

from django.urls import URLPattern
from drf_spectacular.generators import EndpointEnumerator as BaseEndpointEnumerator
from drf_spectacular.generators import SchemaGenerator as BaseSchemaGenerator
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema

from config.api.errors import ErrorSerializer

ERROR_DESCRIPTIONS = {
    "400": "Invalid input: unknown query parameter, bad filter value or bad request body.",
    "401": "Authentication needed (token or session) or the credentials are invalid.",
    "403": "Authenticated, but not allowed to do this.",
    "404": "No such object.",
    "429": "Too many requests: throttled; `Retry-After` says how many seconds to wait.",
}


class AutoSchema(BaseAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = ["400", "401", "403", "429"]
        if "{" in self.path:
            codes.append("404")
        for code in codes:
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = ERROR_DESCRIPTIONS[code]
                responses[code] = response
        return responses

    def _get_request_body(self, direction="request"):
        body = super()._get_request_body(direction)
        if body and len(body.get("content", {})) > 1:
            # Several media types (JSON text or a multipart file): the view tells them apart by
            # Content-Type and answers a missing body with a 400 like any other bad input.
            # Declared optional so generated clients (openapi-python-client) accept the union.
            body["required"] = False
        return body


class EndpointEnumerator(BaseEndpointEnumerator):
    """Endpoints as drf-spectacular finds them, plus one per method of a ``by_method`` view
    (config.api.dispatch), taken from the view that serves that method."""

    def _get_api_endpoints(self, patterns, prefix):
        if patterns is None:
            patterns = self.patterns
        endpoints = []
        for pattern in patterns:
            method_views = getattr(getattr(pattern, "callback", None), "method_views", None)
            if not (isinstance(pattern, URLPattern) and method_views):
                endpoints.extend(super()._get_api_endpoints([pattern], prefix))
                continue
            path_regex = prefix + str(pattern.pattern)
            path = self.get_path_from_regex(path_regex)
            for method, callback in method_views.items():
                if self.should_include_endpoint(path, callback) and method in (
                    self.get_allowed_methods(callback)
                ):
                    endpoints.append((path, path_regex, method, callback))
        return endpoints


class SchemaGenerator(BaseSchemaGenerator):
    endpoint_inspector_cls = EndpointEnumerator
