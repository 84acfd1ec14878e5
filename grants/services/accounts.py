"""A person's own profile: name and preferred language."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from grants.models import User


def update_profile(user, actor, *, full_name, language):
    if user.pk != actor.pk:
        raise PermissionDenied
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(full_name=full_name, language=language)
    user.full_name, user.language = full_name, language
    return user
