"""One URL, one view per HTTP method, each owned by the app that does the work.

``/api/v1/policies/{id}/versions/`` lists a policy's versions (``policies.api``) and takes
uploads (``extraction.api``); neither app's API imports the other, the URL conf joins them
with :func:`by_method`. The schema generator (``config.api.schema.SchemaGenerator``) documents
each method from its own view.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def by_method(**views: View) -> View:
    """A view that hands each request to ``views[request.method]`` (``GET=..., POST=...``).

    HEAD goes to the GET view; OPTIONS and any other method go to the first view given, whose
    answer (metadata, or DRF's 405 in the API's error shape) gets an ``Allow`` header naming
    every method of the URL.
    """
    if not views:
        raise ValueError("by_method needs at least one view")
    methods = {name.upper(): view for name, view in views.items()}
    first = next(iter(methods.values()))
    allow = [*methods, *(["HEAD"] if "GET" in methods else []), "OPTIONS"]

    def view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        method = request.method or "GET"
        target = methods.get("GET" if method == "HEAD" else method)
        if target is not None:
            return target(request, *args, **kwargs)
        response = first(request, *args, **kwargs)
        response["Allow"] = ", ".join(allow)
        return response

    # DRF views check CSRF themselves (SessionAuthentication), as the views dispatched to do.
    view.csrf_exempt = True  # type: ignore[attr-defined]
    view.method_views = methods  # type: ignore[attr-defined]
    return view
