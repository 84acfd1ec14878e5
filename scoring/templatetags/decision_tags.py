"""Navigation helper for the scenarios and decisions screens (from the cached program roles, no query)."""

from django import template

from grants import roles
from scoring.permissions import DECISION_READERS

register = template.Library()


@register.filter
def reads_decisions(user):
    return user.is_superuser or bool(roles.program_ids_with_role(user, *DECISION_READERS))
