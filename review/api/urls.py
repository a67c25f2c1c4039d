from django.urls import path
from rest_framework.routers import SimpleRouter

from review.api import views

router = SimpleRouter()
router.register("reviews", views.ReviewViewSet, basename="review")
router.register("review-events", views.ReviewEventViewSet, basename="review-event")

urlpatterns = [
    path("clauses/<int:pk>/reviews/", views.ClauseReviewsView.as_view(), name="clause-reviews"),
    path("review-queue/", views.ReviewQueueView.as_view(), name="review-queue"),
    path("review-counts/", views.ReviewCountsView.as_view(), name="review-counts"),
    *router.urls,
]
