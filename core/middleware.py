"""Page-wide rules: a refusal that reaches the top of a page view becomes the answer its status says;
staff sign in with a second factor and get shorter sessions; every answer carries the Permissions-Policy."""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from . import access
from .errors import Refusal


class RefusalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Refusal):
            return None
        if exception.http_status == 404:
            raise Http404(str(exception.message))
        if exception.http_status == 403:
            raise PermissionDenied(str(exception.message))
        return render(request, "refusal.html", {"message": exception.message}, status=exception.http_status)


# Pages a person without a second factor may still open: allauth's own (URL names account_* and mfa_*:
# sign-in, sign-out, e-mail, password, second factors), the language switch and the public pages (the API
# description, the privacy notice): a new public page adds its URL name here. Static files never reach a
# view (WhiteNoise answers them first); the path check covers `runserver`'s own static handler.
SECOND_FACTOR_EXEMPT = frozenset({"set_language", "javascript-catalog", "api-schema", "api-docs", "privacy",
                                  # The public portal (portal/urls.py) and its open data.
                                  "public_index", "public_program", "public_open_data", "public_projects_csv",
                                  "public_projects_json", "public_program_csv", "public_program_json"})


class SecondFactorMiddleware:
    """settings.CONCERTO_STAFF_MFA_REQUIRED: staff and admins (core.access.works_on_files) who have no
    authenticator app nor passkey are sent to set one up before any other page; the API answers them
    403 {"code": "mfa_required"}. Once they have one, allauth asks for it at every sign-in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.CONCERTO_STAFF_MFA_REQUIRED or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        name = match.url_name if match is not None else None
        if (name or "").startswith(("account_", "mfa_")) or name in SECOND_FACTOR_EXEMPT \
                or request.path.startswith(settings.STATIC_URL):
            return None
        if not access.works_on_files(request.user) or access.has_second_factor(request.user):
            return None
        setup_url = reverse("mfa_activate_totp")
        if match.route.startswith("api/"):
            return JsonResponse({"code": "mfa_required",
                                 "message": _("Votre rôle exige la double authentification : activez-la "
                                              "dans Concerto avant d'utiliser l'API."),
                                 "details": {"url": setup_url}}, status=403)
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(setup_url)
        return redirect(setup_url)


def apply_session_lifetime(sender=None, request=None, user=None, **kwargs):
    """Staff and admins stay signed in CONCERTO_STAFF_SESSION_SECONDS, everybody else SESSION_COOKIE_AGE
    (CONCERTO_SESSION_SECONDS). A person who asked not to be remembered keeps a browser-session cookie
    unless their lifetime is the shorter staff one. Also the receiver of user_logged_in (core.apps)."""
    session = getattr(request, "session", None)
    if session is None or user is None or not user.is_authenticated:
        return
    staff = access.works_on_files(user)
    seconds = settings.CONCERTO_STAFF_SESSION_SECONDS if staff else settings.SESSION_COOKIE_AGE
    current = session.get("_session_expiry")
    if current != seconds and not (current == 0 and not staff):
        session.set_expiry(seconds)


class SessionLifetimeMiddleware:
    """The session lifetime of the person's roles, set at sign-in (apply_session_lifetime, on
    user_logged_in) and checked again after each request, so a role granted or taken back during a
    session changes it (the session is written only then)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Only sessions that hold a sign-in: an API call with a token (DRF sets request.user) opens none.
        session = getattr(request, "session", None)
        if session is not None and SESSION_KEY in session:
            apply_session_lifetime(request=request, user=getattr(request, "user", None))
        return response


class PermissionsPolicyMiddleware:
    """The Permissions-Policy header from settings.PERMISSIONS_POLICY: {feature: [origins]}, an empty
    list turning the feature off (camera, microphone, geolocation…)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=({' '.join(origins)})"
                                for feature, origins in settings.PERMISSIONS_POLICY.items())

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
