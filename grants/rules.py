"""Who may see or change applicant-side objects, composed from core.access; views name these permissions.

A proposal is its organisation's: members see it in every state and change it while it is editable.
A draft is the organisation's private work: program staff see a proposal once it is submitted
(analysts and managers) or once it reaches the decision stage (board members, as the board packet
shows it). Reviewers see nothing here: their assignments show them what a review needs (scoring).
Everyone else gets a 404 from the views.
"""

import rules

from core import access

from .states import State

BOARD_VISIBLE = (State.RECOMMENDED, State.NOT_RECOMMENDED, State.FUNDED, State.DECLINED, State.REPORTED,
                 State.CLOSED)


def _program_id(proposal):
    # Proposals from selectors come with call loaded, so this costs no query.
    return proposal.call.program_id


is_member = access.member_of(lambda proposal: proposal.organisation_id, name="is_proposal_member")
is_organisation_member = access.member_of(lambda organisation: organisation.pk, name="is_organisation_member")
_analysis = access.program_role(*access.ANALYSIS, program_of=_program_id, name="is_proposal_analysis")
_board = access.program_role(access.BOARD, program_of=_program_id, name="is_proposal_board")
is_program_manager = access.program_role(access.MANAGER, program_of=lambda program: program.pk,
                                         name="is_program_manager")


@rules.predicate
def is_submitted(user, proposal):
    return proposal.state != State.DRAFT


@rules.predicate
def is_before_the_board(user, proposal):
    return proposal.state in BOARD_VISIBLE


@rules.predicate
def is_applicant_editable(user, proposal):
    return proposal.is_editable_by_applicant


is_program_staff = (_analysis & is_submitted) | (_board & is_before_the_board)
can_view_proposal = is_member | is_program_staff | access.is_admin
can_edit_proposal = is_member & is_applicant_editable


@rules.predicate
def can_view_attachment(user, attachment):
    return attachment is not None and can_view_proposal.test(user, attachment.proposal)


rules.add_perm("grants.view_proposal", can_view_proposal)
rules.add_perm("grants.view_proposal_as_staff", is_program_staff | access.is_admin)
rules.add_perm("grants.change_proposal", can_edit_proposal)
rules.add_perm("grants.view_organisation", is_organisation_member | access.is_admin)
rules.add_perm("grants.change_organisation", is_organisation_member)
rules.add_perm("grants.view_attachment", can_view_attachment)
# Reserving part of the envelope is program configuration: the program's managers (and admins).
rules.add_perm("grants.manage_reservations", is_program_manager | access.is_admin)
