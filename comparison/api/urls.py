from django.urls import path

import config.converters  # noqa: F401 - registers <uslug:>
from comparison.api import views

urlpatterns = [
    path("compare/", views.CompareView.as_view(), name="compare"),
    path("compare/export/", views.CompareExportView.as_view(), name="compare-export"),
    path("diff/", views.VersionDiffView.as_view(), name="version-diff"),
    path("companies/<uslug:slug>/summary/", views.CompanySummaryView.as_view(),
         name="company-summary"),
]
