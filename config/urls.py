from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

# The admin has no sign-in of its own: allauth's, with its second factor and its rate limits.
admin.site.login = secure_admin_login(admin.site.login)
# allauth answers every attempt over a rate limit with the root URLconf's handler429.
handler429 = "core.security.too_many_requests"
handler500 = "core.error_pages.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    # The health endpoint: /sante/ and /healthz.
    path("", include("core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", include("config.api_urls")),
    # Sign-up, sign-in, e-mail verification, password reset and second factors (django-allauth).
    path("comptes/", include("allauth.urls")),
    path("", include("workflow.site_urls")),
    path("", include("grants.urls")),
    # Privacy (Loi 25): /confidentialite/, /comptes/mes-donnees/, /comptes/fermer/.
    path("", include("grants.privacy_urls")),
    path("", include("accountability.urls")),
    path("analyse/", include("workflow.urls")),
    path("evaluation/", include("scoring.urls")),
    path("evaluation/", include("workflow.scoring_urls")),
    path("notifications/", include("notifications.urls")),
    # Public accountability: funded projects and open data, no sign-in.
    path("public/", include("portal.urls")),
    path("rapports-et-exportations/", include("reporting.urls")),
]

