from rest_framework.routers import SimpleRouter

from tracking.api import views

router = SimpleRouter()
router.register("sources", views.SourceViewSet, basename="source")
router.register("changes", views.ChangeEventViewSet, basename="change")
router.register("subscriptions", views.SubscriptionViewSet, basename="subscription")

urlpatterns = router.urls
