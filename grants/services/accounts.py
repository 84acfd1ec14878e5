"""A person's own account: profile (name, preferred language)."""

from allauth.account.models import EmailAddress
from django.db import transaction

from core.errors import Forbidden
from grants.models import User
from grants.models.user import follow_name_change

DAY_SECONDS = 24 * 60 * 60


def update_profile(user, actor, *, full_name, language):
    if user.pk != actor.pk:
        raise Forbidden()
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(full_name=full_name, language=language)
        user.full_name, user.language = full_name, language
        follow_name_change(user)  # an update() skips User.save, which does it otherwise
    return user


def mark_email_verified(user):
    """The person's address is proven another way than allauth's link (an accepted invitation, an account
    made by the platform operator or the demo): record it as verified and primary, so sign-in works."""
    EmailAddress.objects.update_or_create(user=user, email__iexact=user.email,
                                          defaults={"email": user.email, "verified": True, "primary": True})
