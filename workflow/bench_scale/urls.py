"""The site's URLs plus the bare views, for the in-process measurements only (ROOT_URLCONF overridden):
the site itself never serves them."""

from django.urls import include, path

from .bare import bare

urlpatterns = [
    path("banc-essai/<slug:name>/", bare, name="bench_bare"),
    path("", include("config.urls")),
]
handler429 = "core.security.too_many_requests"
