from django.urls import path

import config.converters  # noqa: F401 - registers <uslug:>
from tracking import feeds, views

app_name = "tracking"

urlpatterns = [
    path("sources/", views.source_list_view, name="sources"),
    path("sources/<int:pk>/", views.source_detail_view, name="source-detail"),
    path("sources/<int:pk>/<str:action>/", views.source_action_view, name="source-action"),
    path("changes/", views.changes_view, name="changes"),
    path("changes/<int:pk>/", views.change_detail_view, name="change-detail"),
    path("companies/<uslug:slug>/timeline/", views.timeline_view, name="timeline"),
    path("feeds/changes.atom", feeds.changes_feed, name="feed-changes"),
    path("feeds/companies/<uslug:slug>.atom", feeds.company_feed, name="feed-company"),
]
