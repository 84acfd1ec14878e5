"""Assigning the analyst of a file without starting its analysis (the queue's bulk work uses it).

The start_analysis transition makes whoever starts the analysis the assigned analyst; this sets another
program analyst beforehand, or hands a file over. Not a state change: the proposal row is locked, the two
columns the queue reads are written, and the change is in the proposal's activity log.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, activity
from core.errors import Conflict, Forbidden, InvalidInput
from grants.models import Proposal
from grants.states import State

from . import rules
from .errors import ProposalNotFound

# A file still worked on by the regional team: from its submission to its funding's follow-up.
CLOSED_STATES = (State.DRAFT, State.WITHDRAWN, State.DECLINED, State.CLOSED, State.INTENT_DECLINED)


def assign_analyst(proposal, analyst, actor):
    """Make `analyst` (an analyst of the proposal's program) its assigned analyst; False if already so."""
    with transaction.atomic():
        locked = Proposal.objects.select_for_update(of=("self",)).select_related("call").filter(pk=proposal.pk).first()
        if locked is None or not rules.can_view_proposal.test(actor, locked):
            raise ProposalNotFound()
        if not actor.has_perm("workflow.assign_analyst", locked):
            raise Forbidden()
        if locked.state in CLOSED_STATES:
            raise Conflict(_("On n'assigne pas d'analyste à une demande à l'état « %(state)s ».")
                           % {"state": locked.get_state_display()}, code="closed")
        if not (analyst.is_active and access.has_program_role(analyst, locked.program_id, access.ANALYST)):
            raise InvalidInput(_("Cette personne n'est pas analyste dans ce programme."), code="not_an_analyst")
        if locked.assigned_analyst_id == analyst.pk:
            return False
        previous = locked.assigned_analyst_name or ""
        Proposal.objects.filter(pk=locked.pk).update(
            assigned_analyst=analyst, assigned_analyst_name=analyst.get_full_name(), updated_at=timezone.now())
        activity.record(locked, actor, "assign_analyst", comment=analyst.get_full_name(),
                        data={"analyst": analyst.pk, "previous": previous})
    return True
