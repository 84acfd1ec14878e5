from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core.api import not_found

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file (?script): no inline script under the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("accountability.api_urls")),
    path("", include("workflow.api_urls")),
    path("", include("scoring.api_urls")),
    path("", include("grants.api_urls")),
    path("", include("notifications.api_urls")),
    # Last: an address naming no endpoint (an id that is not a number…) answers in JSON too.
    re_path(r"^", not_found),
]
