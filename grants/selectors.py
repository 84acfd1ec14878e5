"""Shared reads for the applicant pages: related rows loaded up front, permission checked per object."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Prefetch, Q, prefetch_related_objects
from django.http import Http404
from django.utils import timezone

from core import access, keyset
from core.compiled import Compiled

from . import commitments, identity, rules
from .models import (
    Attachment,
    Call,
    EnvelopeReservation,
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    Program,
    Proposal,
)
from .states import State


def proposals():
    return Proposal.objects.select_related("call__program", "organisation", "primary_axis")


# The applicant dashboard's order, last changed first: keyset pages (core.keyset) on the
# (organisation, updated_at, id) index of grants.Proposal.
DASHBOARD_ORDER = keyset.Order("updated_at", Proposal._meta.get_field("updated_at"), descending=True)


def proposals_of_organisations(organisation_ids):
    """The organisations' proposals with only the columns the dashboard shows (never the long texts)."""
    return (Proposal.objects.filter(organisation_id__in=organisation_ids).select_related("call", "organisation")
            .only("title", "state", "requested_amount", "updated_at", "call__title", "organisation__legal_name"))


def open_calls(moment=None):
    # A co-funder's call of a shared call takes applications through its host's (grants.funders).
    return (Call.objects.open_at(moment or timezone.now()).filter(lead_call__isnull=True).select_related("program")
            .order_by("closes_at"))


def my_organisations(user):
    return Organisation.objects.filter(pk__in=access.organisation_ids(user)).select_related("territory")


def _proposal_or_404(pk, rows=None):
    try:
        return (proposals() if rows is None else rows).get(pk=pk)
    except Proposal.DoesNotExist:
        raise Http404 from None


def proposal_for_viewer(user, pk):
    """Members of its organisation and staff of its program; 404 for everybody else."""
    proposal = _proposal_or_404(pk)
    if not user.has_perm("grants.view_proposal", proposal):
        raise Http404
    return proposal


def proposal_for_member(user, pk, rows=None):
    """Applicant pages that write: members only. Who may see the proposal but not write gets a 403,
    everybody else a 404."""
    return _member_checks(user, _proposal_or_404(pk, rows))


def _member_checks(user, proposal):
    if not user.has_perm("grants.view_proposal", proposal):
        raise Http404
    if not rules.is_member(user, proposal):
        raise PermissionDenied
    return proposal


def proposal_for_editor(user, pk, rows=None):
    """Applicant writes: members, while the proposal is editable. Who may see it otherwise gets a 403."""
    return _editor_checks(user, proposal_for_member(user, pk, rows))


def _editor_checks(user, proposal):
    if not user.has_perm("grants.change_proposal", proposal):
        raise PermissionDenied
    return proposal


# Compiled once (core.compiled) and prepared on PostgreSQL: the submit's first read, keyed by the primary key.
_TO_FILE = Compiled(lambda pk: Proposal.objects.filter(pk=pk).select_related("call").only(
    "state", "organisation", "call__program", "call__two_stage"))


def proposal_to_file(user, pk):
    """proposal_for_editor for the submit page: only the columns its checks and the choice of filing read
    (workflow.services.transition then reads the whole row it locks), not the long texts twice per submit."""
    found = _TO_FILE.objects(pk)
    if not found:
        raise Http404
    return _editor_checks(user, _member_checks(user, found[0]))


SECTION_RELATIONS = ("mrcs", "municipalities", "priorities", "secondary_axes", "partners", "budget_lines",
                     "cofundings", "indicators")


def proposal_detail(user, pk):
    """Everything the read-only page shows, in a fixed number of queries; 404 like proposal_for_viewer."""
    try:
        proposal = proposals().prefetch_related(*SECTION_RELATIONS, attachments_prefetch()).get(pk=pk)
    except Proposal.DoesNotExist:
        raise Http404 from None
    if not user.has_perm("grants.view_proposal", proposal):
        raise Http404
    return proposal


def attachments_prefetch():
    return Prefetch("attachments", queryset=Attachment.objects.select_related("kind"))


def with_sections(proposal):
    """Load every section's rows on a proposal already read and checked (the API's detail): one query each."""
    prefetch_related_objects([proposal], *SECTION_RELATIONS, attachments_prefetch())
    return proposal


def attachments_signature(proposal_id):
    """(number, highest id) of the proposal's attachments: changes whenever one is added or removed."""
    found = Attachment.objects.filter(proposal_id=proposal_id).aggregate(count=Count("id"), last=Max("id"))
    return found["count"], found["last"] or 0


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
        organisation = Organisation.objects.select_related("territory", "municipality").get(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if not user.has_perm("grants.view_organisation", organisation):
        raise Http404
    return organisation


def organisation_members(organisation):
    return Membership.objects.filter(organisation=organisation).select_related("user").order_by("user__email")


def pending_invitations(organisation):
    return Invitation.objects.filter(organisation=organisation, accepted_at__isnull=True).order_by("-created_at")


def possible_duplicates(*, neq, legal_name, municipality):
    """Organisations that are probably the one being registered: the same NEQ, then a very close legal
    name among the organisations of the same municipality (an indexed query, never the whole table)."""
    same_neq = list(Organisation.objects.filter(neq=neq).select_related("municipality")) if neq else []
    close_names = []
    if municipality is not None:
        seated = Organisation.objects.filter(municipality=municipality).exclude(
            pk__in=[organisation.pk for organisation in same_neq]).select_related("municipality")
        close_names = [organisation for organisation in seated
                       if identity.names_are_close(organisation.legal_name, legal_name)]
    return same_neq, close_names


SEARCH_LIMIT = 20


def organisations_matching(text):
    """What a person looking for their organisation finds: by NEQ, or by part of the legal name (three
    characters at least). Only the name and the seat are shown from these rows."""
    text = (text or "").strip()
    compact = "".join(text.split()).replace("-", "")
    if compact.isdigit() and len(compact) == 10:
        found = Organisation.objects.filter(neq=compact)
    elif len(text) >= 3:
        found = Organisation.objects.filter(legal_name__icontains=text)
    else:
        return Organisation.objects.none()
    return found.select_related("municipality", "territory").order_by("legal_name")[:SEARCH_LIMIT]


def organisation_to_join(pk):
    try:
        return Organisation.objects.select_related("municipality", "territory").get(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404 from None


def pending_join_requests(organisation):
    return JoinRequest.objects.filter(organisation=organisation, state=JoinRequest.State.PENDING).select_related(
        "person").order_by("created_at")


def my_join_requests(user):
    """The person's own requests still waiting, and those decided in the last month."""
    recent = timezone.now() - timedelta(days=30)
    return JoinRequest.objects.filter(person=user).filter(
        Q(state=JoinRequest.State.PENDING) | Q(decided_at__gte=recent)).select_related("organisation")


def join_request_for_viewer(user, organisation_pk, pk):
    """404 for whoever may not see the request (neither a member of its organisation nor its author)."""
    try:
        join_request = JoinRequest.objects.select_related("organisation", "person").get(
            pk=pk, organisation_id=organisation_pk)
    except JoinRequest.DoesNotExist:
        raise Http404 from None
    if not user.has_perm("grants.view_joinrequest", join_request):
        raise Http404
    return join_request


def organisations_to_verify(user):
    """Organisations still "à vérifier" that this person may verify: of their programs' regions, or with a
    submitted proposal in one of their programs. Everything for admins."""
    waiting = Organisation.objects.filter(verified_at__isnull=True).select_related(
        "municipality", "territory__parent").order_by("legal_name")
    if access.is_admin(user):
        return waiting
    program_ids = access.program_ids_with_role(user, *access.ANALYSIS)
    regions = Program.objects.filter(pk__in=program_ids).values("region_id")
    filed = Proposal.objects.filter(program_id__in=program_ids).exclude(state=State.DRAFT).values("organisation_id")
    return waiting.filter(Q(territory__parent_id__in=regions) | Q(municipality__parent__parent_id__in=regions)
                          | Q(pk__in=filed))


def api_organisations(user):
    """The organisations the person reads through the API: their own, those of the proposals they see as
    program staff (the staff pages name them), those waiting for their verification; all for admins."""
    if not user or not user.is_authenticated:
        return Organisation.objects.none()
    organisations = Organisation.objects.select_related("territory", "municipality")
    if access.is_admin(user):
        return organisations
    # The organisations of the program's filed proposals: read from the index proposal_program_org_idx alone
    # (through the calls, every proposal row of the program was read: 0.19 s at 100,000 proposals).
    seen = Q(pk__in=access.organisation_ids(user)) | Q(pk__in=Proposal.objects.filter(_staff_scope(user)).values(
        "organisation_id"))
    if access.program_ids_with_role(user, *access.ANALYSIS):
        seen |= Q(pk__in=organisations_to_verify(user).values("pk"))
    return organisations.filter(seen)


@dataclass
class OrganisationsShown:
    profiles: set  # ids read in full: members, admins, and staff verifying them (as the verification page)
    members: dict  # id -> memberships, for the organisations whose members the person sees (theirs; admins)


def organisations_shown(user, organisations):
    """What the person reads of each of these visible organisations, in two queries at most."""
    ids = {organisation.pk for organisation in organisations}
    mine = ids if access.is_admin(user) else ids & access.organisation_ids(user)
    verifying = set()
    if ids - mine and access.program_ids_with_role(user, *access.ANALYSIS):
        verifying = set(organisations_to_verify(user).filter(pk__in=ids - mine).values_list("pk", flat=True))
    members = {pk: [] for pk in mine}
    if mine:
        for membership in Membership.objects.filter(organisation_id__in=mine).select_related("user").order_by(
                "user__email"):
            members[membership.organisation_id].append(membership)
    return OrganisationsShown(profiles=mine | verifying, members=members)


def reserved_by_target(program_id):
    """The program's envelope reservations as {("mrc", territory_id) or ("axis", axis_id): amount}, one query."""
    rows = EnvelopeReservation.objects.filter(program_id=program_id).values_list(
        "dimension", "territory_id", "axis_id", "amount")
    return {(dimension, territory_id or axis_id): amount for dimension, territory_id, axis_id, amount in rows}


def envelope_left(program_id, *, lock=False):
    """The program's envelope minus what is granted to its funded, reported and closed proposals."""
    programs = Program.objects.filter(pk=program_id)
    if lock:
        programs = programs.select_for_update()
    envelope = programs.values_list("envelope", flat=True).get()
    # The program's kept commitments (grants.commitments): an approval, which locks the program row first,
    # adds to them in its own transaction.
    committed, _pending = commitments.engaged(program_id)
    return envelope - committed


def _staff_scope(user):
    """grants.rules.is_program_staff as a filter: analysts and managers once submitted, the board from
    the decision stage on."""
    # The proposal's own copy of its call's program (kept when a call moves): no join to the calls.
    return (Q(program_id__in=access.program_ids_with_role(user, *access.ANALYSIS)) & ~Q(state=State.DRAFT)
            | Q(program_id__in=access.program_ids_with_role(user, access.BOARD), state__in=rules.BOARD_VISIBLE))


def visible_proposals(user):
    """grants.view_proposal as a filter: what the API and lists show the person."""
    if not user or not user.is_authenticated:
        return Proposal.objects.none()
    if access.is_admin(user):
        return proposals()
    return proposals().filter(Q(organisation_id__in=access.organisation_ids(user)) | _staff_scope(user))


def program_staff_proposals(user, program_id):
    """staff_proposals(user) of one program, drafts left out, on the proposal's own program column: the
    queue's indexes (grants.Proposal.Meta) serve its filters and sorts, with no join to the calls."""
    rows = Proposal.objects.filter(program_id=program_id).exclude(state=State.DRAFT)
    if access.is_admin(user) or program_id in access.program_ids_with_role(user, *access.ANALYSIS):
        return rows
    if program_id in access.program_ids_with_role(user, access.BOARD):
        return rows.filter(state__in=rules.BOARD_VISIBLE)
    return rows.none()


def staff_proposals(user):
    """What the analyst queue and the staff page list: the person's programs' proposals they may see."""
    if not user or not user.is_authenticated:
        return Proposal.objects.none()
    if access.is_admin(user):
        return proposals()
    return proposals().filter(_staff_scope(user))
