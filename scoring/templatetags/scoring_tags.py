"""Navigation helpers: which scoring links a person sees (from the cached program roles, no query)."""

from django import template

from grants import roles
from scoring.permissions import REVIEWING_ROLES, STAFF_ROLES

register = template.Library()


@register.filter
def reviews_proposals(user):
    return bool(roles.program_ids_with_role(user, *REVIEWING_ROLES))


@register.filter
def ranks_calls(user):
    return user.is_superuser or bool(roles.program_ids_with_role(user, *STAFF_ROLES))
