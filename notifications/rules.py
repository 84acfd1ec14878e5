"""Who may see the outbox, re-queue a message and edit the wordings, composed from core.access.

Admins everywhere; program managers for the messages of their programs (a message names its program).
"""

import rules

from core import access

manages_a_program = access.role_anywhere(access.MANAGER, name="manages_a_program")
manages_message_program = access.program_role(
    access.MANAGER, program_of=lambda message: message.program_id, name="manages_message_program")

PERMISSIONS = {
    "notifications.view_outbox": access.is_admin | manages_a_program,
    "notifications.manage_message": access.is_admin | manages_message_program,
    "notifications.edit_templates": access.is_admin | manages_a_program,
}
for name, predicate in PERMISSIONS.items():
    rules.set_perm(name, predicate)


def can_view_outbox(user):
    return user.has_perm("notifications.view_outbox")


def can_manage_message(user, message):
    return user.has_perm("notifications.manage_message", message)


def can_edit_templates(user):
    return user.has_perm("notifications.edit_templates")


def visible_program_ids(user):
    """The programs whose messages the person sees; None means every program (admin)."""
    return access.visible_program_ids(user, access.MANAGER)
