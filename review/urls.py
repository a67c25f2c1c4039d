from django.urls import path

from review import views

app_name = "review"

urlpatterns = [
    path("review/", views.review_queue_view, name="queue"),
    path("review/act/", views.review_act_view, name="act"),
    path("review/clauses/<int:clause_id>/", views.clause_panel_view, name="clause-panel"),
]
