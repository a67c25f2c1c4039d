from django.urls import path

from policies import views

app_name = "policies"

urlpatterns = [
    path("", views.company_list_view, name="company-list"),
    path("companies/<slug:slug>/", views.company_detail_view, name="company-detail"),
]
