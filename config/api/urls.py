"""/api/v1/ (one router per app), /api/schema/ (OpenAPI 3) and /api/docs/ (Swagger UI)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from config.api.root import ApiRootView, api_not_found

v1 = [
    path("", ApiRootView.as_view(), name="root"),
    path("", include("policies.api.urls")),
    path("", include("extraction.api.urls")),
    path("", include("comparison.api.urls")),
    re_path(r"^.*$", api_not_found),
]

urlpatterns = [
    path("v1/", include((v1, "api"), namespace="api")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
