from rest_framework.routers import SimpleRouter

from .api.views import AgreementViewSet, ReportViewSet

router = SimpleRouter()
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("reports", ReportViewSet, basename="report")
urlpatterns = router.urls
