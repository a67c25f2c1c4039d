from django.urls import path

from extraction import views

app_name = "extraction"

urlpatterns = [
    path("upload/", views.upload_view, name="upload"),
    path("runs/<int:pk>/status/", views.run_status_view, name="run-status"),
    path("runs/<int:pk>/status.json", views.run_status_json_view, name="run-status-json"),
]
