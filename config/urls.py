from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", include("config.api_urls")),
    path("", include("workflow.site_urls")),
    path("", include("grants.urls")),
    path("", include("accountability.urls")),
    path("analyse/", include("workflow.urls")),
    path("evaluation/", include("scoring.urls")),
    path("evaluation/", include("workflow.scoring_urls")),
    path("notifications/", include("notifications.urls")),
]

