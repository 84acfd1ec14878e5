"""Navigation helper for the scenarios and decisions screens (from the cached program roles, no query)."""

from django import template

from core import access

register = template.Library()


@register.filter
def reads_decisions(user):
    """Program staff somewhere (analysts, board, managers) read meetings and commitments; admins too."""
    return bool(access.is_admin(user) or access.program_ids_with_role(user, *access.STAFF))
