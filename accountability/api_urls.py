from rest_framework.routers import SimpleRouter

from .api.views import AgreementViewSet, ReportViewSet, TrancheViewSet

router = SimpleRouter()
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("tranches", TrancheViewSet, basename="tranche")
router.register("reports", ReportViewSet, basename="report")
urlpatterns = router.urls
