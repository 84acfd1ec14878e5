"""Shared reads of the workflow: which proposals a person sees, the envelope left, who is told."""

from decimal import Decimal

from django.db.models import Q, Sum

from grants import roles
from grants.models import Program, Proposal, User

from .permissions import staff_program_ids
from .states import State

# A granted amount stays committed once the proposal is funded, whatever happens after.
COMMITTED_STATES = (State.FUNDED, State.REPORTED, State.CLOSED)
AUDIENCE_ROLES = {"analysts": "analyst", "board": "board", "managers": "manager"}


def _base():
    return Proposal.objects.select_related("call__program", "organisation", "primary_axis")


def visible_proposals(user):
    """What the API and the applicant side show: own organisations' proposals and staff programs'."""
    if not user or not user.is_authenticated:
        return Proposal.objects.none()
    if user.is_superuser:
        return _base()
    return _base().filter(
        Q(organisation_id__in=roles.organisation_ids(user)) | Q(call__program_id__in=staff_program_ids(user))
    )


def staff_proposals(user):
    """What the analyst queue and the staff page show: the proposals of the staff member's programs."""
    if not user or not user.is_authenticated:
        return Proposal.objects.none()
    if user.is_superuser:
        return _base()
    return _base().filter(call__program_id__in=staff_program_ids(user))


def staff_programs(user):
    programs = Program.objects.order_by("code")
    if user.is_superuser:
        return programs
    return programs.filter(pk__in=staff_program_ids(user))


def envelope_left(program_id, *, lock=False):
    """The program's envelope minus what is granted to its funded, reported and closed proposals."""
    programs = Program.objects.filter(pk=program_id)
    if lock:
        programs = programs.select_for_update()
    envelope = programs.values_list("envelope", flat=True).get()
    committed = Proposal.objects.filter(call__program_id=program_id, state__in=COMMITTED_STATES).aggregate(
        total=Sum("amount_granted"))["total"]
    return envelope - (committed or Decimal("0"))


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
    return (_base().select_related("created_by")
            .prefetch_related("mrcs", "municipalities", "priorities", "secondary_axes", "partners",
                              "budget_lines", "cofundings", "indicators", "attachments__kind")
            .filter(pk=pk).first())
