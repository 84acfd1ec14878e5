"""Shared reads for the applicant pages: related rows loaded up front, permission checked per object."""

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from . import permissions, roles
from .accountability_selectors import reports_to_review
from .models import (
    Attachment,
    Call,
    EnvelopeReservation,
    Invitation,
    Membership,
    Organisation,
    Proposal,
    Report,
)


def proposals():
    return Proposal.objects.select_related("call__program", "organisation", "primary_axis")


def proposals_of_organisations(organisation_ids):
    return proposals().filter(organisation_id__in=organisation_ids).order_by("-updated_at")


def open_calls(moment=None):
    return Call.objects.open_at(moment or timezone.now()).select_related("program").order_by("closes_at")


def my_organisations(user):
    return Organisation.objects.filter(pk__in=roles.organisation_ids(user)).select_related("territory")


def _proposal_or_404(pk):
    try:
        return proposals().get(pk=pk)
    except Proposal.DoesNotExist:
        raise Http404 from None


def proposal_for_viewer(user, pk):
    """Members of its organisation and staff of its program; 404 for everybody else."""
    proposal = _proposal_or_404(pk)
    if not user.has_perm("grants.view_proposal", proposal):
        raise Http404
    return proposal


def proposal_for_member(user, pk):
    """Applicant pages: members only. Staff of the program are sent to the read-only page by the view."""
    proposal = _proposal_or_404(pk)
    if not permissions.is_proposal_member(user, proposal) and not user.is_superuser:
        raise Http404
    return proposal


def proposal_detail(user, pk):
    """Everything the read-only page shows, in a fixed number of queries; 404 like proposal_for_viewer."""
    try:
        proposal = proposals().prefetch_related(
            "mrcs", "municipalities", "priorities", "secondary_axes", "partners", "budget_lines", "cofundings",
            "indicators", attachments_prefetch(),
        ).get(pk=pk)
    except Proposal.DoesNotExist:
        raise Http404 from None
    if not user.has_perm("grants.view_proposal", proposal):
        raise Http404
    return proposal


def attachments_prefetch():
    return Prefetch("attachments", queryset=Attachment.objects.select_related("kind"))


def attachment_for_viewer(user, proposal_pk, pk):
    try:
        attachment = Attachment.objects.select_related("proposal__call__program", "kind").get(
            pk=pk, proposal_id=proposal_pk)
    except Attachment.DoesNotExist:
        raise Http404 from None
    if not user.has_perm("grants.view_attachment", attachment):
        raise Http404
    return attachment


def organisation_for_member(user, pk):
    try:
        organisation = Organisation.objects.select_related("territory").get(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if not user.has_perm("grants.view_organisation", organisation):
        raise Http404
    return organisation


def organisation_members(organisation):
    return Membership.objects.filter(organisation=organisation).select_related("user").order_by("user__email")


def pending_invitations(organisation):
    return Invitation.objects.filter(organisation=organisation, accepted_at__isnull=True).order_by("-created_at")


def reserved_by_target(program_id):
    """The program's envelope reservations as {("mrc", territory_id) or ("axis", axis_id): amount}, one query."""
    rows = EnvelopeReservation.objects.filter(program_id=program_id).values_list(
        "dimension", "territory_id", "axis_id", "amount")
    return {(dimension, territory_id or axis_id): amount for dimension, territory_id, axis_id, amount in rows}


def reports_to_file(organisation_ids):
    """The organisations' reports not yet accepted, soonest due first (applicant dashboard)."""
    return (Report.objects.filter(agreement__proposal__organisation_id__in=organisation_ids)
            .exclude(state=Report.State.ACCEPTED)
            .select_related("agreement__proposal__organisation").order_by("due_on", "id"))


def reports_awaiting_review(user):
    """Submitted reports of the programs where this person analyses or manages (staff dashboard)."""
    return reports_to_review(user, roles.Role.ANALYST, roles.Role.MANAGER)
