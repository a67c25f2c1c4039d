from django.urls import path

import config.converters  # noqa: F401 - registers <uslug:>
from policies import actions, views

app_name = "policies"

urlpatterns = [
    path("", views.company_list_view, name="company-list"),
    path("search/", views.search_view, name="search"),
    path("companies/<uslug:slug>/", views.company_detail_view, name="company-detail"),
    path(
        "companies/<uslug:slug>/versions/<int:version_id>/",
        views.version_detail_view,
        name="version-detail",
    ),
    path(
        "companies/<uslug:slug>/versions/<int:version_id>/confirm/",
        actions.version_confirm_view,
        name="version-confirm",
    ),
]
