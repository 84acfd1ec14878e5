"""Who may see the outbox and re-queue a message: admins everywhere, program managers in their programs."""

import rules

from grants.roles import has_program_role, program_ids_with_role

MANAGER = "manager"


@rules.predicate
def is_admin(user):
    return bool(user and user.is_authenticated and user.is_superuser)


@rules.predicate
def manages_a_program(user):
    return bool(program_ids_with_role(user, MANAGER))


@rules.predicate
def manages_message_program(user, message):
    return message is not None and message.program_id is not None and \
        has_program_role(user, message.program_id, MANAGER)


rules.add_perm("notifications.view_outbox", is_admin | manages_a_program)
rules.add_perm("notifications.manage_message", is_admin | manages_message_program)
rules.add_perm("notifications.edit_templates", is_admin | manages_a_program)


def can_view_outbox(user):
    return user.has_perm("notifications.view_outbox")


def can_manage_message(user, message):
    return user.has_perm("notifications.manage_message", message)


def can_edit_templates(user):
    return user.has_perm("notifications.edit_templates")


def visible_program_ids(user):
    """None means every program (admin)."""
    return None if is_admin(user) else program_ids_with_role(user, MANAGER)
