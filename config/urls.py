from django.contrib import admin
from django.urls import include, path

from config.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("config.api_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("comparison.urls")),
    path("", include("policies.urls")),
    path("", include("extraction.urls")),
    path("", include("review.urls")),
    path("", include("tracking.urls")),
]
