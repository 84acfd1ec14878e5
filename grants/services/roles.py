"""Program roles, and the Django admin access that the manager role brings with it.

Program managers edit message templates and read the outbox in the Django admin (issue 5). The admin
only lets in users with is_staff, and its model pages ask for model permissions, so holding a manager
role also means: is_staff, and membership of the "Gestionnaires de programme" group, which holds exactly
those permissions. What a manager then sees is still narrowed per program by notifications.permissions.

The group is created here on first use rather than by a data migration: test databases flushed between
transactional tests (and any database restored without it) get it back at the next assignment.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from core import access
from core.errors import Forbidden
from grants.models import ProgramRole, User

MANAGER = ProgramRole.Role.MANAGER
MANAGER_GROUP = "Gestionnaires de programme"
MANAGER_GROUP_PERMISSIONS = {
    "notifications": ["view_messagetemplate", "change_messagetemplate", "add_messagetemplate",
                      "view_outboxmessage"],
}


def _require(actor, codename):
    if not actor.has_perm(f"grants.{codename}_programrole"):
        raise Forbidden()


def manager_group():
    """The group, with its permissions set again each time (cheap, and repairs a hand-edited group)."""
    group, _created = Group.objects.get_or_create(name=MANAGER_GROUP)
    wanted = Permission.objects.none()
    for app_label, codenames in MANAGER_GROUP_PERMISSIONS.items():
        wanted |= Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    group.permissions.add(*wanted)
    return group


def sync_manager_access(user):
    """Give or take the admin access of a manager, from the roles the user holds now."""
    group = manager_group()
    access.forget(user)
    if ProgramRole.objects.filter(user=user, role=MANAGER).exists():
        user.groups.add(group)
        if not user.is_staff:
            User.objects.filter(pk=user.pk).update(is_staff=True)
            user.is_staff = True
        return
    user.groups.remove(group)
    # Keep is_staff for superusers and for people given other admin access (another group or their own
    # permissions); a staff flag with none of these opens no admin page, so taking it away loses nothing.
    otherwise_staff = user.is_superuser or user.groups.exists() or user.user_permissions.exists()
    if user.is_staff and not otherwise_staff:
        User.objects.filter(pk=user.pk).update(is_staff=False)
        user.is_staff = False


def assign_program_role(actor, user, program, role):
    """Give `user` the role in `program` (idempotent) and return the ProgramRole."""
    _require(actor, "add")
    with transaction.atomic():
        program_role, _created = ProgramRole.objects.get_or_create(user=user, program=program, role=role)
        sync_manager_access(user)
    return program_role


def save_program_role(actor, program_role):
    """Save a new or edited ProgramRole (the admin form); both the old and the new holder are resynced."""
    _require(actor, "change" if program_role.pk else "add")
    with transaction.atomic():
        previous = ProgramRole.objects.select_for_update().filter(pk=program_role.pk).first() \
            if program_role.pk else None
        program_role.save()
        sync_manager_access(program_role.user)
        if previous is not None and previous.user_id != program_role.user_id:
            sync_manager_access(previous.user)
    return program_role


def remove_program_role(actor, user, program, role):
    """Take the role away; returns whether the user held it."""
    _require(actor, "delete")
    with transaction.atomic():
        deleted, _detail = ProgramRole.objects.filter(user=user, program=program, role=role).delete()
        sync_manager_access(user)
    return bool(deleted)
