"""Page-number pagination: ``?page=N&page_size=M`` (default 50, at most 1000)."""

from __future__ import annotations

from typing import Any, Protocol

from django.core.paginator import Paginator
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


class ListPlan(Protocol):
    """What ``PlanPaginator`` pages: a list that counts itself and reads a slice of its rows
    (``policies.clause_list.ClauseListPlan``)."""

    def count(self) -> int: ...

    def page(self, start: int, stop: int) -> list[Any]: ...


class PlanPaginator(Paginator):
    """Django's paginator over a ``ListPlan`` instead of a queryset: the count is the plan's
    and a page is ``plan.page(start, stop)``."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.object_list.page(bottom, top), number, self)


class PlanPagination(PagePagination):
    """``PagePagination`` of a ``ListPlan`` (pass the plan to ``paginate_queryset``)."""

    django_paginator_class = PlanPaginator
