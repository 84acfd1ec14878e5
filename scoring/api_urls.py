from rest_framework.routers import SimpleRouter

from .api.assignments import AssignmentViewSet
from .api.meetings import DecisionViewSet, MeetingViewSet
from .api.programs import CallViewSet, ProgramViewSet
from .api.scenarios import ScenarioViewSet
from .api.views import ReviewViewSet

router = SimpleRouter()
router.register("reviews", ReviewViewSet, basename="review")
router.register("programs", ProgramViewSet, basename="program")
router.register("calls", CallViewSet, basename="call")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("scenarios", ScenarioViewSet, basename="scenario")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("decisions", DecisionViewSet, basename="decision")
urlpatterns = router.urls
