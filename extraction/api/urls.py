from django.urls import path
from rest_framework.routers import SimpleRouter

from extraction.api import views

router = SimpleRouter()
router.register("runs", views.RunViewSet, basename="run")
router.register("uploads", views.UploadConversionViewSet, basename="upload")

urlpatterns = [
    path("versions/<int:pk>/runs/", views.VersionRunsView.as_view(), name="version-runs"),
    *router.urls,
]
