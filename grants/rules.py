"""Who may see or change applicant-side objects, composed from core.access; views name these permissions.

A proposal is its organisation's: members see it in every state and change it while it is editable.
A draft is the organisation's private work: program staff see a proposal once it is submitted
(analysts and managers) or once it reaches the decision stage (board members, as the board packet
shows it). Reviewers see nothing here: their assignments show them what a review needs (scoring).
Everyone else gets a 404 from the views.
"""

import rules

from core import access

from .models import Program, Proposal
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


@rules.predicate
def verifies_organisation(user, organisation):
    """Analysts and managers of a program whose region holds the organisation's territory, or to which
    it has submitted a proposal: they judge its eligibility (type, territory) before or after a filing."""
    if organisation is None:
        return False
    program_ids = access.program_ids_with_role(user, *access.ANALYSIS)
    if not program_ids:
        return False
    region_id = organisation_region_id(organisation)
    if region_id is not None and Program.objects.filter(pk__in=program_ids, region_id=region_id).exists():
        return True
    return Proposal.objects.filter(organisation=organisation, program_id__in=program_ids).exclude(
        state=State.DRAFT).exists()


def organisation_region_id(organisation):
    """The region of the organisation's MRC (or of its municipality's MRC), or None."""
    mrc = organisation.territory or (organisation.municipality.parent if organisation.municipality_id else None)
    if mrc is None:
        return None
    return mrc.parent_id if mrc.kind == "mrc" else (mrc.pk if mrc.kind == "region" else None)


is_join_request_member = access.member_of(lambda join_request: join_request.organisation_id,
                                          name="is_join_request_member")


@rules.predicate
def is_join_request_person(user, join_request):
    return join_request is not None and user.is_authenticated and join_request.person_id == user.pk


rules.add_perm("grants.view_proposal", can_view_proposal)
rules.add_perm("grants.view_proposal_as_staff", is_program_staff | access.is_admin)
rules.add_perm("grants.change_proposal", can_edit_proposal)
rules.add_perm("grants.view_organisation", is_organisation_member | access.is_admin)
rules.add_perm("grants.change_organisation", is_organisation_member)
rules.add_perm("grants.view_attachment", can_view_attachment)
# Program staff vouch for a self-registered organisation (grants.services.organisations.verify_organisation).
rules.add_perm("grants.verify_organisation", verifies_organisation | access.is_admin)
rules.add_perm("grants.view_organisations_to_verify",
               access.role_anywhere(*access.ANALYSIS, name="has_analysis_role") | access.is_admin)
# A join request: its organisation's members decide; the person who asked sees it too.
rules.add_perm("grants.view_joinrequest", is_join_request_member | is_join_request_person | access.is_admin)
rules.add_perm("grants.decide_joinrequest", is_join_request_member | access.is_admin)
# Reserving part of the envelope is program configuration: the program's managers (and admins).
rules.add_perm("grants.manage_reservations", is_program_manager | access.is_admin)
# Holding back a funded project's publication on the public portal (grants.services.publication): the
# program's analysts and managers once it is submitted, admins.
rules.add_perm("grants.hold_back_publication", (_analysis & is_submitted) | access.is_admin)

# Similar projects (grants.services.overlaps): who judges whether two proposals overlap.
rules.add_perm("grants.mark_overlap", (_analysis & is_submitted) | access.is_admin)

# Tags (grants.services.tags): the program's managers keep its list of tags (admins every program's); its
# analysts and managers put them on submitted proposals, one by one or in bulk (the same rule).
rules.add_perm("grants.manage_tags", is_program_manager | access.is_admin)
rules.add_perm("grants.manage_some_tags",
               access.role_anywhere(access.MANAGER, name="manages_tags_somewhere") | access.is_admin)
rules.add_perm("grants.tag_proposal", (_analysis & is_submitted) | access.is_admin)

# The conversation (grants.services.thread). "The team" is the program's analysts and managers once the
# proposal is submitted; the board reads and writes only what is addressed to it, once the proposal
# reaches the decision stage; the organisation only what is addressed to it. Admins read and write all.
is_team = _analysis & is_submitted
_board_reader = _board & is_before_the_board
_applicant_side = is_member & is_submitted
MESSAGE_READERS = {
    "applicant": is_member | is_team | access.is_admin,
    "staff": is_team | access.is_admin,
    "board": is_team | _board_reader | access.is_admin,
}
# A draft has no conversation yet: nobody else sees it.
MESSAGE_WRITERS = {
    "applicant": _applicant_side | is_team | (access.is_admin & is_submitted),
    "staff": is_team | (access.is_admin & is_submitted),
    "board": is_team | _board_reader | (access.is_admin & is_submitted),
}


def writable_visibilities(user, proposal):
    """The visibilities this person may give a new message on the proposal, in the form's order."""
    return [name for name, predicate in MESSAGE_WRITERS.items() if predicate.test(user, proposal)]


def readable_visibilities(user, proposal):
    return [name for name, predicate in MESSAGE_READERS.items() if predicate.test(user, proposal)]


@rules.predicate
def can_read_message(user, message):
    return message is not None and MESSAGE_READERS[message.visibility].test(user, message.proposal)


rules.add_perm("grants.view_message", can_read_message)

# A call's own questions (grants.services.questions): the managers of its program, and admins.
is_call_manager = access.program_role(access.MANAGER, program_of=lambda call: call.program_id,
                                      name="is_call_manager")
rules.add_perm("grants.manage_call_questions", is_call_manager | access.is_admin)
# The list of calls whose questions one may manage: who manages a program, and admins.
rules.add_perm("grants.manage_questions",
               access.role_anywhere(access.MANAGER, name="manages_a_program") | access.is_admin)
