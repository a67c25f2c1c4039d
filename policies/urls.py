from django.urls import path

from policies import actions, views

app_name = "policies"

urlpatterns = [
    path("", views.company_list_view, name="company-list"),
    path("search/", views.search_view, name="search"),
    path("companies/<slug:slug>/", views.company_detail_view, name="company-detail"),
    path(
        "companies/<slug:slug>/versions/<int:version_id>/",
        views.version_detail_view,
        name="version-detail",
    ),
    path(
        "companies/<slug:slug>/versions/<int:version_id>/confirm/",
        actions.version_confirm_view,
        name="version-confirm",
    ),
]
