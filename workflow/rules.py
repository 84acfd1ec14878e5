"""Who may move a proposal along its life cycle, composed from core.access and grants.rules.

Seeing a proposal is grants' rule (members; analysts and managers once submitted; the board from the
decision stage on; admins). Acting is the transition's owner role in the proposal's program
(machine.TRANSITIONS names it): an analyst of another program is nobody here. Reviewers are not
workflow staff: they reach their assigned proposals through scoring.
"""

import rules

from core import access
from grants import rules as grants_rules

from .machine import ANALYST, APPLICANT, BOARD, MANAGER


def _program_id(proposal):
    # Selectors and the service load proposal.call with select_related: reading program_id costs no query.
    return proposal.call.program_id


ROLE_PREDICATES = {
    APPLICANT: grants_rules.is_member | access.is_admin,
    **{role: access.program_role(role, program_of=_program_id, name=f"is_program_{role}") | access.is_admin
       for role in (ANALYST, BOARD, MANAGER)},
}
can_view_proposal = grants_rules.can_view_proposal
can_view_as_staff = grants_rules.is_program_staff | access.is_admin
can_use_queue = access.role_anywhere(*access.STAFF, name="has_staff_role") | access.is_admin

rules.add_perm("workflow.view_proposal", can_view_proposal)
rules.add_perm("workflow.view_proposal_as_staff", can_view_as_staff)
rules.add_perm("workflow.view_queue", can_use_queue)


def may_act_as(role, user, proposal):
    """The django-fsm `permission` of every transition: the actor holds the row's owner role."""
    return ROLE_PREDICATES[role].test(user, proposal)


# Webhooks: a program's manager registers its endpoints and reads their delivery log; admins everywhere.
# Who manages no program has no webhook pages (403); an endpoint of another program is not found (404).
can_use_webhooks = access.role_anywhere(MANAGER, name="manages_some_program") | access.is_admin
can_manage_endpoint = access.program_role(
    MANAGER, program_of=lambda endpoint: endpoint.program_id, name="manages_endpoint_program") | access.is_admin
rules.add_perm("workflow.use_webhooks", can_use_webhooks)

# Bulk work in the queue (workflow.bulk): the pages are the queue's (staff somewhere, admins); each action
# then checks, proposal by proposal, the permission of the single action (the transition's role, scoring's
# manage_assignments, grants.tag_proposal, workflow.assign_analyst below). A batch's page is its requester's.
# Assigning the analyst of a file: the program's analysts and managers once it is submitted, admins.
_analysis = access.program_role(*access.ANALYSIS, program_of=_program_id, name="workflow_is_analysis")
rules.add_perm("workflow.use_bulk", can_use_queue)
rules.add_perm("workflow.assign_analyst", (_analysis & grants_rules.is_submitted) | access.is_admin)
