"""A person's own account: profile (name, preferred language) and the password reset mail."""

from django.conf import settings
from django.db import transaction

from core.errors import Forbidden
from grants.models import User
from notifications import outbox

DAY_SECONDS = 24 * 60 * 60


def update_profile(user, actor, *, full_name, language):
    if user.pk != actor.pk:
        raise Forbidden()
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(full_name=full_name, language=language)
    user.full_name, user.language = full_name, language
    return user


def queue_password_reset(user, reset_url):
    """Queue the reset link for the account owner, in their language, like every other mail.

    Nobody is logged in to ask for a reset, so there is no actor: the link goes only to the address on the
    account, which is what proves the request. The row belongs to no program, so only admins see it in the
    outbox (it holds a live link).
    """
    validity_days = max(1, settings.PASSWORD_RESET_TIMEOUT // DAY_SECONDS)
    with transaction.atomic():
        return outbox.queue(kind="password_reset", recipients=[user],
                            context={"reset_url": reset_url, "validity_days": validity_days})
