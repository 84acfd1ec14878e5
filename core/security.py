"""Sign-in security shared by every app: the log of refused attempts and the "too many requests" page.

django-allauth counts attempts (settings.ACCOUNT_RATE_LIMITS). When it refuses one, it answers through
`handler429` of the root URLconf (config/urls.py points it at `too_many_requests`); the refusals it
turns into a form error or a silent skip are reported by grants.adapters.AccountAdapter through
`log_refusal`. Each refusal is one warning on the "concerto.security" logger, naming the limited action
and a keyed hash of what was limited (the address or the account), never the address or a password.
"""

import logging

from django.shortcuts import render
from django.utils.crypto import salted_hmac

logger = logging.getLogger("concerto.security")

# allauth's rate-limited actions, by the name of the page that answered 429.
ACTIONS = {
    "account_login": "login",
    "account_signup": "signup",
    "account_reset_password": "reset_password",
    "account_reset_password_from_key": "reset_password_from_key",
    "account_change_password": "change_password",
    "account_set_password": "change_password",
    "account_email": "manage_email",
    "account_reauthenticate": "reauthenticate",
}


def key_hash(key):
    """A stable, non-reversible tag of the limited address or account: the same key gives the same tag,
    so the log shows a run of attempts on one account without naming it."""
    if not key:
        return "-"
    return salted_hmac("concerto.security.ratelimit", str(key).strip().lower()).hexdigest()[:16]


def log_refusal(request, action, key=None):
    logger.warning("rate limit reached: action=%s key=%s path=%s", action, key_hash(key),
                   getattr(request, "path", "-"))


def requested_key(request):
    """What the refused request was about: the address it names, else the signed-in account."""
    for field in ("email", "login"):
        value = request.POST.get(field) if request.method == "POST" else None
        if value:
            return value
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return None


def too_many_requests_page(request):
    return render(request, "429.html", status=429)


def too_many_requests(request, exception=None):
    """config.urls.handler429: allauth's answer to every attempt over a limit, logged."""
    match = getattr(request, "resolver_match", None)
    url_name = match.url_name if match is not None else None
    log_refusal(request, ACTIONS.get(url_name, url_name or "unknown"), requested_key(request))
    return too_many_requests_page(request)
