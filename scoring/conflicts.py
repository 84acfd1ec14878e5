"""Automatic conflict-of-interest detection: who must never review a proposal.

A reviewer is conflicted when they belong to the applicant organisation or to an organisation
listed as a partner, or when staff recorded a tie (DeclaredTie) with one of those organisations.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from core import access
from grants.models import Membership, Partner

from .models import DeclaredTie


def tied_organisation_ids(proposal):
    """The applicant organisation and the registered partner organisations (from the partners a page read
    already, as the staff page does, or by one query)."""
    listed = getattr(proposal, "_prefetched_objects_cache", {}).get("partners")
    if listed is not None:
        partner_ids = [partner.organisation_id for partner in listed if partner.organisation_id is not None]
    else:
        partner_ids = Partner.objects.filter(proposal=proposal, organisation__isnull=False).values_list(
            "organisation_id", flat=True)
    return {proposal.organisation_id, *partner_ids}


def conflicted_user_ids(proposal, organisation_ids=None):
    """Everybody the proposal's organisations make conflicted (two queries, whatever the team size)."""
    organisation_ids = organisation_ids if organisation_ids is not None else tied_organisation_ids(proposal)
    members = Membership.objects.filter(organisation_id__in=organisation_ids).values_list("user_id", flat=True)
    ties = DeclaredTie.objects.filter(organisation_id__in=organisation_ids).values_list(
        "reviewer_id", flat=True
    )
    return set(members) | set(ties)


def conflict_reasons(user, proposal):
    """French reasons why `user` is conflicted on `proposal`; empty when there is none."""
    organisation_ids = tied_organisation_ids(proposal)
    reasons = []
    if access.is_member(user, proposal.organisation_id):
        reasons.append(_("Vous êtes membre de l'organisme porteur."))
    if access.organisation_ids(user) & (organisation_ids - {proposal.organisation_id}):
        reasons.append(_("Vous êtes membre d'un organisme partenaire du projet."))
    if DeclaredTie.objects.filter(reviewer=user, organisation_id__in=organisation_ids).exists():
        reasons.append(_("Un lien avec l'organisme porteur ou un partenaire a été consigné."))
    return reasons


def is_conflicted(user, proposal):
    return bool(conflict_reasons(user, proposal))


def organisation_ids_tied_to(user):
    """The organisations a person may not review: their memberships and their recorded ties."""
    ties = DeclaredTie.objects.filter(reviewer=user).values_list("organisation_id", flat=True)
    return set(access.organisation_ids(user)) | set(ties)


def exclude_conflicted(queryset, user, prefix="proposal__"):
    """Drop rows whose proposal the person is conflicted on (applicant or registered partner)."""
    tied = organisation_ids_tied_to(user)
    if not tied:
        return queryset
    return queryset.exclude(**{f"{prefix}organisation_id__in": tied}).exclude(
        **{f"{prefix}partners__organisation_id__in": tied})


def conflicted_proposal_ids(user, proposals):
    """Which of these proposals (a queryset) the person is conflicted on, in at most two queries."""
    tied = organisation_ids_tied_to(user)
    if not tied:
        return set()
    return set(proposals.filter(Q(organisation_id__in=tied) | Q(partners__organisation_id__in=tied))
               .values_list("pk", flat=True))
