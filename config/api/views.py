"""Base classes for API views: unknown query parameters are an error, not silently ignored."""

from __future__ import annotations

from rest_framework.exceptions import ValidationError

ALWAYS_ALLOWED = frozenset({"format"})


class StrictQueryParamsMixin:
    """Reject query parameters the view does not document with a 400.

    Allowed: the filterset's filters, the paginator's parameters, ``format`` and whatever the
    view lists in ``extra_query_params`` (or its ``query_serializer_class`` fields).
    """

    extra_query_params: tuple[str, ...] = ()
    query_serializer_class = None

    def allowed_query_params(self) -> set[str]:
        allowed = set(ALWAYS_ALLOWED) | set(self.extra_query_params)
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            allowed |= set(filterset_class.base_filters)
        paginator = getattr(self, "paginator", None)
        if paginator is not None and getattr(self, "action", "list") == "list":
            allowed |= set(getattr(paginator, "query_params", ()))
        if self.query_serializer_class is not None:
            allowed |= set(self.query_serializer_class().fields)
        return allowed

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        unknown = sorted(set(request.query_params) - self.allowed_query_params())
        if unknown:
            raise ValidationError(
                {
                    name: [
                        "Unknown query parameter. Allowed: "
                        + ", ".join(sorted(self.allowed_query_params()))
                        + "."
                    ]
                    for name in unknown
                },
                code="unknown_parameter",
            )

    def parsed_query(self):
        """The validated ``query_serializer_class`` data (400 on invalid input)."""
        serializer = self.query_serializer_class(data=query_dict_to_data(
            self.request.query_params, self.query_serializer_class()
        ))
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


def query_dict_to_data(query_params, serializer) -> dict:
    """QueryDict -> dict, keeping repeated values for ListField/MultipleChoiceField fields."""
    from rest_framework import serializers

    data = {}
    for name, field in serializer.fields.items():
        if name not in query_params:
            continue
        if isinstance(field, serializers.ListField | serializers.MultipleChoiceField):
            data[name] = query_params.getlist(name)
        else:
            data[name] = query_params.get(name)
    return data
