"""Page-number pagination: ``?page=N&page_size=M`` (default 50, at most 1000)."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class PagePagination(PageNumberPagination):
    """Results come as ``{"count", "next", "previous", "results"}``; ``next``/``previous`` are
    absolute URLs keeping every filter, or null."""

    page_size = 50
    page_size_query_param = "page_size"
    page_size_query_description = "Results per page (1–1000, default 50)."
    page_query_description = "Page number, from 1."
    max_page_size = 1000
    query_params = ("page", "page_size")

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None:
            from rest_framework.exceptions import ValidationError

            try:
                size = int(raw)
            except ValueError:
                size = 0
            if not 1 <= size <= self.max_page_size:
                raise ValidationError(
                    {"page_size": [f"Must be an integer from 1 to {self.max_page_size}."]}
                )
            return size
        return self.page_size

    def get_paginated_response_schema(self, schema):
        out = super().get_paginated_response_schema(schema)
        props = out["properties"]
        props["count"]["description"] = "Results matching the filters, over all pages."
        props["next"]["description"] = "URL of the next page, or null on the last."
        props["previous"]["description"] = "URL of the previous page, or null on the first."
        props["results"]["description"] = "This page's results."
        return out

    def get_schema_operation_parameters(self, view):
        params = super().get_schema_operation_parameters(view)
        for param in params:
            if param["name"] == self.page_size_query_param:
                param["schema"].update({"minimum": 1, "maximum": self.max_page_size})
            if param["name"] == self.page_query_param:
                param["schema"].update({"minimum": 1})
        return params
