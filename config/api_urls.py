"""/api/v1/ (one router per app), /api/schema/ (OpenAPI 3) and /api/docs/ (Swagger UI).

The URL wiring sits at the top of the import layers (pyproject.toml, [tool.importlinter]): it
may import every app's API; ``config.api`` below it is the plumbing those APIs share.
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from config.api.dispatch import by_method
from config.api.root import ApiRootView, api_not_found
from extraction.api.views import PolicyVersionUploadView
from policies.api.views import PolicyVersionListView

v1 = [
    path("", ApiRootView.as_view(), name="root"),
    path(
        "policies/<int:pk>/versions/",
        by_method(GET=PolicyVersionListView.as_view(), POST=PolicyVersionUploadView.as_view()),
        name="policy-versions",
    ),
    path("", include("policies.api.urls")),
    path("", include("extraction.api.urls")),
    path("", include("comparison.api.urls")),
    path("", include("review.api.urls")),
    path("", include("tracking.api.urls")),
    re_path(r"^.*$", api_not_found),
]

urlpatterns = [
    path("v1/", include((v1, "api"), namespace="api")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
