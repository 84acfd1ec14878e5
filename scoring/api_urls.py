from rest_framework.routers import SimpleRouter

from .review_api import ReviewViewSet

router = SimpleRouter()
router.register("reviews", ReviewViewSet, basename="review")
urlpatterns = router.urls
