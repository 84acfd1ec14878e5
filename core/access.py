"""Who may see and do what: the one access vocabulary of every app.

Roles:
- applicant: a member of an organisation (scope: the organisation);
- analyst, reviewer, board, manager: a role held in one program (scope: the program); a reviewer of
  one region is nobody in another;
- admin: a superuser, the platform operator (the logs name them).
A reviewer also needs an assignment (scope: the assignment), which scoring's rules add.

Each app's `rules.py` composes the predicates built here for its own objects, telling them how to
reach the organisation or the program from the object; no app keeps its own role list or superuser
check. Roles are read through the user's own relations (`program_roles`, `memberships`) once per
request and cached on the user object.
"""

import functools

import rules
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connections, router

from . import prepared

APPLICANT, ANALYST, REVIEWER, BOARD, MANAGER, ADMIN = (
    "applicant", "analyst", "reviewer", "board", "manager", "admin")
PROGRAM_ROLES = (ANALYST, REVIEWER, BOARD, MANAGER)
# Who works on a program's files. Reviewers are not staff: they see only what their assignments show.
STAFF = (ANALYST, BOARD, MANAGER)
# Who prepares the files and the decisions: analysis, scoring, scenarios.
ANALYSIS = (ANALYST, MANAGER)

_CACHE = ("_access_program_roles", "_access_organisation_ids", "_access_second_factor", "_access_model_permissions")
SECOND_FACTOR_TYPES = ("totp", "webauthn")


def _signed_in(user):
    return bool(user is not None and user.is_authenticated and user.is_active)


def _person(user):
    # request.user is a lazy proxy with its own __dict__: cache on the user it wraps (evaluated by
    # _signed_in), so the view's permission checks and the templates' filters share one query.
    return getattr(user, "_wrapped", user)


def program_roles(user):
    """The (program_id, role) pairs the person holds."""
    if not _signed_in(user):
        return frozenset()
    return _read(_person(user))[0]


def organisation_ids(user):
    if not _signed_in(user):
        return frozenset()
    return _read(_person(user))[1]


def has_second_factor(user):
    """An authenticator app or a passkey (allauth.mfa), as the second factor staff must have."""
    if not _signed_in(user):
        return False
    return _read(_person(user))[2]


def model_permissions(user):
    """The person's Django model permissions ("app_label.codename"), their own and their groups', as read with
    their roles (core.model_permissions hands them to Django; a superuser's are every permission, not read here)."""
    if not _signed_in(user):
        return frozenset()
    return _read(_person(user))[3]


@functools.cache
def statement():
    """The one statement of _read, on the user model's own relations (core does not import the apps that
    declare them). Every database session prepares it as it opens (core.apps): planning its four branches cost
    PostgreSQL more than running them, at every signed-in request."""
    user_model = get_user_model()
    connection = connections[router.db_for_read(user_model)]
    quote = connection.ops.quote_name
    role_table, member_table, factor_table, own_table, in_group_table, group_table, permission_table, \
        type_table = (quote(model._meta.db_table) for model in (
            user_model.program_roles.rel.related_model, user_model.memberships.rel.related_model, Authenticator,
            user_model.user_permissions.through, user_model.groups.through, Group.permissions.through, Permission,
            ContentType))
    return (
        f"SELECT 0, program_id, role FROM {role_table} WHERE user_id = %s UNION ALL "
        f"SELECT 1, organisation_id, NULL FROM {member_table} WHERE user_id = %s UNION ALL "
        f"SELECT 2, NULL, NULL FROM (SELECT 1 FROM {factor_table} WHERE user_id = %s AND type IN (%s, %s) "
        "LIMIT 1) factor UNION ALL "
        f"SELECT 3, NULL, t.app_label || '.' || p.codename FROM {permission_table} p "
        f"JOIN {type_table} t ON t.id = p.content_type_id WHERE p.id IN ("
        f"SELECT permission_id FROM {own_table} WHERE user_id = %s UNION "
        f"SELECT g.permission_id FROM {group_table} g JOIN {in_group_table} m ON m.group_id = g.group_id "
        "WHERE m.user_id = %s)")


STATEMENT_TYPES = ("bigint", "bigint", "bigint", "text", "text", "bigint", "bigint")


def _read(user):
    """Roles, memberships, whether the person has a second factor and their model permissions, in one
    statement, once per request: nearly every page needs them (the second factor's check the roles and the
    factor, the person's files their organisations, the navigation's checks the permissions the rules refuse),
    and a statement costs more to build and send than these few rows cost to read."""
    if _CACHE[0] not in user.__dict__:
        connection = connections[router.db_for_read(type(user))]
        with connection.cursor() as cursor:
            prepared.execute(cursor, statement(),
                             [user.pk, user.pk, user.pk, *SECOND_FACTOR_TYPES, user.pk, user.pk])
            found = cursor.fetchall()
        user.__dict__[_CACHE[0]] = frozenset((key, role) for kind, key, role in found if kind == 0)
        user.__dict__[_CACHE[1]] = frozenset(key for kind, key, _role in found if kind == 1)
        user.__dict__[_CACHE[2]] = any(kind == 2 for kind, _key, _role in found)
        user.__dict__[_CACHE[3]] = frozenset(label for kind, _key, label in found if kind == 3)
    return tuple(user.__dict__[name] for name in _CACHE)


def forget(user):
    """Drop the cached roles (second factor, model permissions) after they changed within one request or test."""
    user = _person(user)
    for name in _CACHE:
        user.__dict__.pop(name, None)


def has_program_role(user, program_id, *roles):
    held = program_roles(user)
    return any((program_id, role) in held for role in roles)


def program_ids_with_role(user, *roles):
    return {program_id for program_id, role in program_roles(user) if role in roles}


def is_member(user, organisation_id):
    return organisation_id in organisation_ids(user)


@rules.predicate
def is_admin(user):
    return _signed_in(user) and user.is_superuser


def program_role(*roles, program_of, name):
    """Predicate: the person holds one of `roles` in the program `program_of(obj)` returns."""

    @rules.predicate(name=name)
    def predicate(user, obj):
        return obj is not None and has_program_role(user, program_of(obj), *roles)

    return predicate


def member_of(organisation_of, name):
    """Predicate: the person is a member of the organisation `organisation_of(obj)` returns."""

    @rules.predicate(name=name)
    def predicate(user, obj):
        return obj is not None and is_member(user, organisation_of(obj))

    return predicate


def role_anywhere(*roles, name):
    """Predicate without an object: the person holds one of `roles` in some program."""

    @rules.predicate(name=name)
    def predicate(user):
        return bool(program_ids_with_role(user, *roles))

    return predicate


def visible_program_ids(user, *roles):
    """The programs where the person holds one of `roles`; None means every program (admin)."""
    return None if is_admin(user) else program_ids_with_role(user, *roles)


def works_on_files(user):
    """Staff in some program (analyst, board, manager), an admin, or anyone the Django admin lets in: the
    people who must sign in with a second factor and whose sessions are shorter (core.middleware)."""
    if not _signed_in(user):
        return False
    return bool(user.is_superuser or user.is_staff or program_ids_with_role(user, *STAFF))
