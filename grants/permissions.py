"""Who may see or change applicant-side objects. Built on grants.roles; views name these permissions.

Rules: members of the proposal's organisation see and (while editable) change it; staff holding any
role in the proposal's program may only view it. Everyone else must get a 404 from the views.
"""

import rules

from . import roles
from .models import ProgramRole

STAFF_ROLES = tuple(ProgramRole.Role.values)


@rules.predicate
def is_organisation_member(user, organisation):
    return organisation is not None and roles.is_member(user, organisation.pk)


@rules.predicate
def is_proposal_member(user, proposal):
    return proposal is not None and roles.is_member(user, proposal.organisation_id)


@rules.predicate
def is_proposal_program_staff(user, proposal):
    # Proposals from selectors come with call loaded, so this costs no query.
    return proposal is not None and roles.has_program_role(user, proposal.call.program_id, *STAFF_ROLES)


@rules.predicate
def is_applicant_editable(user, proposal):
    return proposal is not None and proposal.is_editable_by_applicant


@rules.predicate
def can_view_attachment_proposal(user, attachment):
    return attachment is not None and can_view_proposal.test(user, attachment.proposal)


can_view_proposal = is_proposal_member | is_proposal_program_staff
can_edit_proposal = is_proposal_member & is_applicant_editable

rules.add_perm("grants.view_proposal", can_view_proposal)
rules.add_perm("grants.change_proposal", can_edit_proposal)
rules.add_perm("grants.view_organisation", is_organisation_member)
rules.add_perm("grants.change_organisation", is_organisation_member)
rules.add_perm("grants.view_attachment", can_view_attachment_proposal)


@rules.predicate
def is_program_manager(user, program):
    return program is not None and roles.has_program_role(user, program.pk, ProgramRole.Role.MANAGER)


# Reserving part of the envelope is program configuration: the program's managers (and superusers).
rules.add_perm("grants.manage_reservations", rules.is_superuser | is_program_manager)


def is_staff_anywhere(user):
    return bool(roles.program_ids_with_role(user, *STAFF_ROLES))
