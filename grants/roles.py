"""Who holds which role where. The one place that reads memberships and program roles."""

from .models import Membership, ProgramRole

Role = ProgramRole.Role


def _program_roles(user):
    # Cached on the user object for the request: permission checks ask many times per page.
    if not user or not user.is_authenticated:
        return frozenset()
    cache = getattr(user, "_concerto_program_roles", None)
    if cache is None:
        cache = frozenset(ProgramRole.objects.filter(user=user).values_list("program_id", "role"))
        user._concerto_program_roles = cache
    return cache


def _organisation_ids(user):
    if not user or not user.is_authenticated:
        return frozenset()
    cache = getattr(user, "_concerto_organisation_ids", None)
    if cache is None:
        cache = frozenset(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
        user._concerto_organisation_ids = cache
    return cache


def has_program_role(user, program_id, *roles):
    held = _program_roles(user)
    return any((program_id, role) in held for role in roles)


def program_ids_with_role(user, *roles):
    return {program_id for program_id, role in _program_roles(user) if role in roles}


def is_member(user, organisation_id):
    return organisation_id in _organisation_ids(user)


def organisation_ids(user):
    return _organisation_ids(user)


def forget(user):
    """Drop the cached roles after they change within one request or test."""
    for name in ("_concerto_program_roles", "_concerto_organisation_ids"):
        user.__dict__.pop(name, None)
