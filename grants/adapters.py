"""django-allauth, fitted to Concerto: its mail goes through the outbox, its links are built on SITE_URL.

Building links on SITE_URL, never on the request's Host header, means a forged header cannot make a
confirmation or reset mail point elsewhere. A mail allauth would send that has no kind here is a
programming error: nothing leaves Concerto outside the outbox.
"""

from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import ratelimit
from allauth.core.exceptions import ImmediateHttpResponse
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.urls import reverse

from core import security
from grants.models import User
from notifications import outbox

DAY_SECONDS = 24 * 3600
KINDS = {
    "account/email/email_confirmation_signup": "email_confirmation",
    "account/email/email_confirmation": "email_confirmation",
    "account/email/password_reset_key": "password_reset",
    "account/email/account_already_exists": "account_already_exists",
    "account/email/unknown_account": "unknown_account",
}


def site_url(path):
    return settings.SITE_URL + path


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        kind = KINDS.get(template_prefix)
        if kind is None:
            raise ImproperlyConfigured(f"allauth mail {template_prefix!r} has no outbox kind")
        recipient = self._recipient(email, context.get("user"))
        values = {
            "email": email,
            "activate_url": context.get("activate_url", ""),
            "reset_url": context.get("password_reset_url") or site_url(reverse("account_reset_password")),
            "validity_days": max(1, settings.PASSWORD_RESET_TIMEOUT // DAY_SECONDS),
            "login_url": site_url(reverse("account_login")),
            "signup_url": site_url(reverse("account_signup")),
        }
        with transaction.atomic():
            outbox.queue(kind=kind, recipients=[recipient], context=values)

    @staticmethod
    def _recipient(email, user):
        """The account behind the address when there is one: the mail is written in its language, and
        nothing is sent to a deactivated account (the outbox skips inactive people), not even "no account
        uses this address". A bare address otherwise (someone who has no account yet)."""
        if user is not None and getattr(user, "pk", None) and user.email.lower() == email.lower():
            return user
        return User.objects.filter(email__iexact=email).first() or email

    def get_email_confirmation_url(self, request, emailconfirmation):
        return site_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key):
        # allauth's own way: the opaque key replaces the "UID-KEY" of the pattern.
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return site_url(path.replace("UID-KEY", quote(key)))

    def pre_authenticate(self, request, **credentials):
        """allauth counts failed sign-ins (ACCOUNT_RATE_LIMITS["login_failed"]: per address and per IP) and
        refuses with a form error; Concerto answers 429 with its own page and logs the refusal."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            if error.code != "too_many_login_attempts":
                raise
            security.log_refusal(request, "login_failed", credentials.get("email") or credentials.get("username"))
            raise ImmediateHttpResponse(security.too_many_requests_page(request)) from error

    def should_send_confirmation_mail(self, request, email_address, signup):
        """allauth silently skips a confirmation mail asked again too soon (ACCOUNT_RATE_LIMITS
        ["confirm_email"]: the link already sent still works). Logged here, where it is decided."""
        if not ratelimit.consume(request, action="confirm_email", key=email_address.email.lower(), dry_run=True):
            security.log_refusal(request, "confirm_email", email_address.email)
        return super().should_send_confirmation_mail(request, email_address, signup)
