from rest_framework.routers import SimpleRouter

from .api.packet import MeetingPacketViewSet
from .api.reports import ReportReviewViewSet
from .api.scenarios import ScenarioRecommendViewSet
from .api.views import ProposalViewSet
from .api.webhooks import WebhookEndpointViewSet

router = SimpleRouter()
router.register("proposals", ProposalViewSet, basename="proposal")
router.register("reports", ReportReviewViewSet, basename="report-review")
router.register("webhooks", WebhookEndpointViewSet, basename="webhook")
router.register("scenarios", ScenarioRecommendViewSet, basename="scenario-recommend")
router.register("meetings", MeetingPacketViewSet, basename="meeting-packet")
urlpatterns = router.urls
