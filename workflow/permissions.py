"""Who may see a proposal and act on it, as `rules` predicates built on grants.roles.

Roles are scoped to the proposal's program: an analyst of another program is nobody here.
Reviewers are not workflow staff: they reach the proposals assigned to them through scoring, after
declaring their conflicts of interest, so the queue, the staff page and the API do not show them others.
A superuser (platform operator) may do everything, as the design says; the log names them.
"""

import rules

from grants import roles

from .machine import ANALYST, APPLICANT, BOARD, MANAGER

STAFF_ROLES = (ANALYST, BOARD, MANAGER)


def _program_id(proposal):
    # Selectors and the service load proposal.call with select_related: reading program_id costs no query.
    return proposal.call.program_id


@rules.predicate
def is_applicant(user, proposal):
    return roles.is_member(user, proposal.organisation_id)


def _program_role(role):
    @rules.predicate(name=f"is_program_{role}")
    def predicate(user, proposal):
        return roles.has_program_role(user, _program_id(proposal), role)

    return predicate


is_program_analyst = _program_role(ANALYST)
is_program_board = _program_role(BOARD)
is_program_manager = _program_role(MANAGER)


@rules.predicate
def is_program_staff(user, proposal):
    return roles.has_program_role(user, _program_id(proposal), *STAFF_ROLES)


@rules.predicate
def has_staff_role(user):
    return bool(roles.program_ids_with_role(user, *STAFF_ROLES))


ROLE_PREDICATES = {
    APPLICANT: is_applicant | rules.is_superuser,
    ANALYST: is_program_analyst | rules.is_superuser,
    BOARD: is_program_board | rules.is_superuser,
    MANAGER: is_program_manager | rules.is_superuser,
}

can_view_proposal = is_applicant | is_program_staff | rules.is_superuser
can_view_as_staff = is_program_staff | rules.is_superuser
can_use_queue = has_staff_role | rules.is_superuser

rules.add_perm("workflow.view_proposal", can_view_proposal)
rules.add_perm("workflow.view_proposal_as_staff", can_view_as_staff)
rules.add_perm("workflow.view_queue", can_use_queue)


def may_act_as(role, user, proposal):
    """The django-fsm `permission` of every transition: the actor holds the row's owner role."""
    return ROLE_PREDICATES[role].test(user, proposal)


def staff_program_ids(user):
    return roles.program_ids_with_role(user, *STAFF_ROLES)
