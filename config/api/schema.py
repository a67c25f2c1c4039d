"""drf-spectacular AutoSchema that documents the shared error responses on every operation."""

from __future__ import annotations

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
