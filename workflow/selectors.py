"""Shared reads of the workflow: which proposals a person sees, the envelope left, who is told."""

from django.db.models import Q

from core import access
from grants.models import Program, User
from grants.selectors import proposals as _base

# A granted amount stays committed once the proposal is funded, whatever happens after.

AUDIENCE_ROLES = {"analysts": "analyst", "board": "board", "managers": "manager"}


def staff_programs(user):
    # The latest plan first, as on the dashboards: the queue opens on it, where today's work is.
    programs = Program.objects.order_by("-starts_on", "code")
    program_ids = access.visible_program_ids(user, *access.STAFF)
    return programs if program_ids is None else programs.filter(pk__in=program_ids)


def audience(proposal, names):
    """The people to tell after a transition: members of the organisation and/or program staff."""
    query = Q(pk__in=[])
    if "applicants" in names:
        query |= Q(memberships__organisation_id=proposal.organisation_id)
    staff_roles = [AUDIENCE_ROLES[name] for name in names if name in AUDIENCE_ROLES]
    if staff_roles:
        query |= Q(program_roles__program_id=proposal.call.program_id, program_roles__role__in=staff_roles)
    return list(User.objects.filter(query, is_active=True).distinct().order_by("email"))


def proposal_detail(pk):
    """One proposal with everything the staff page shows, in a fixed number of queries (unscoped: the
    view checks the workflow.view_proposal_as_staff permission on it)."""
    return (_base().select_related("created_by", "organisation__territory")
            .prefetch_related("mrcs", "municipalities", "priorities", "secondary_axes", "partners",
                              "budget_lines", "cofundings", "indicators", "attachments__kind")
            .filter(pk=pk).first())
