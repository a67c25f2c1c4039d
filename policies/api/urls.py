from rest_framework.routers import SimpleRouter

from policies.api import views

router = SimpleRouter()
router.register("companies", views.CompanyViewSet, basename="company")
router.register("policies", views.PolicyViewSet, basename="policy")
router.register("versions", views.PolicyVersionViewSet, basename="version")
router.register("sections", views.SectionViewSet, basename="section")
router.register("clauses", views.ClauseViewSet, basename="clause")

urlpatterns = router.urls
