from django.urls import path

import config.converters  # noqa: F401 - registers <uslug:>
from comparison import views

app_name = "comparison"

urlpatterns = [
    path("compare/", views.compare_view, name="compare"),
    path("compare/export.csv", views.compare_view, {"export_format": "csv"}, name="export-csv"),
    path("compare/export.json", views.compare_view, {"export_format": "json"},
         name="export-json"),
    path("companies/<uslug:slug>/diff/", views.version_diff_view, name="version-diff"),
]
