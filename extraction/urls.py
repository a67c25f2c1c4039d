from django.urls import path

from extraction import views

app_name = "extraction"

urlpatterns = [
    path("upload/", views.upload_view, name="upload"),
    path("uploads/<int:pk>/", views.upload_detail_view, name="upload-detail"),
    path("uploads/<int:pk>/status/", views.upload_status_view, name="upload-status"),
    path("uploads/<int:pk>/status.json", views.upload_status_json_view,
         name="upload-status-json"),
    path("uploads/<int:pk>/retry/", views.upload_retry_view, name="upload-retry"),
    path("runs/<int:pk>/status/", views.run_status_view, name="run-status"),
    path("runs/<int:pk>/status.json", views.run_status_json_view, name="run-status-json"),
]
