"""Drafts and their sections: creation from the organisation profile, versioned saves, derived amount."""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from core import access
from core.errors import Forbidden, InvalidInput
from grants import funders as shared
from grants import rules
from grants.models import BudgetLine, CoFunding, Indicator, Partner, Proposal

from .answers import apply_answers
from .errors import NotEditable, StaleVersion
from .funders import apply_requests

LINE_MODELS = {"partners": Partner, "budget_lines": BudgetLine, "cofundings": CoFunding, "indicators": Indicator}
STALE_MESSAGE = _(
    "Cette demande a été modifiée par une autre personne depuis que vous avez ouvert cette page. "
    "Vos changements n'ont pas été enregistrés, pour ne pas effacer les siens. Copiez vos textes, "
    "rechargez la page, puis refaites vos modifications.")


def budget_over_maximum(call, fund_total):
    """The one rule on amounts: what is asked from the fund never exceeds the call's maximum."""
    return fund_total > call.max_amount


def create_draft(call, organisation, actor, *, title):
    if not access.is_member(actor, organisation.pk):
        raise Forbidden()
    if not call.is_open():
        raise NotEditable(_("Cet appel de projets n'accepte pas de demandes en ce moment."))
    if call.lead_call_id:
        raise NotEditable(_("Cet appel fait partie d'un appel conjoint : déposez une seule demande dans l'appel "
                            "« %(call)s » et sollicitez-y chaque bailleur.") % {"call": call.lead_call.title})
    with transaction.atomic():
        proposal = Proposal.objects.create(call=call, program_id=call.program_id, organisation=organisation,
                                           created_by=actor, title=title, mission=organisation.mission,
                                           contact_name=actor.full_name, contact_email=actor.email)
        # The profile is filled once and pre-fills every proposal: mission above, territory here; the person
        # who starts the draft is its first contact (the applicant changes it on the first step if need be).
        if organisation.territory_id and organisation.territory.kind == "mrc":
            proposal.mrcs.add(organisation.territory)
    return proposal


def require_editable(proposal, actor):
    """Refuse unless the actor may change the proposal now: its members see why (409), others get 403.

    The rule itself (grants.rules), not has_perm: Django grants superusers every permission, but an admin
    reads an organisation's application, never fills it (as on the pages). save_step checks it again
    under the row lock; callers may ask first, before validating a body."""
    if not rules.can_edit_proposal.test(actor, proposal):
        if access.is_member(actor, proposal.organisation_id):
            raise NotEditable(_("Cette demande a été déposée : elle ne peut plus être modifiée."))
        raise Forbidden()


def save_step(proposal, actor, *, version, fields=None, relations=None, lines=None, answers=None, funders=None,
              funder_axes=None):
    """Save one step of the form if nobody saved since `version` was read; bump the version.

    fields: {name: value}; relations: {m2m name: iterable}; lines: {line kind: [row, ...]}
    where a row is {"id": pk or None, "delete": bool, "values": {...}}; answers: {call question id: value}
    (grants.services.answers); funders: {call id: amount or None} asked from each funder of a shared call
    and funder_axes: {call id: axis id or None}, each co-funder's primary axis (grants.services.funders).
    """
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().select_related("call").get(pk=proposal.pk)
        require_editable(locked, actor)
        if locked.version != version:
            raise StaleVersion(STALE_MESSAGE, details={"version": locked.version})
        for name, value in (fields or {}).items():
            setattr(locked, name, value)
        for name, values in (relations or {}).items():
            getattr(locked, name).set(values)
        for kind, rows in (lines or {}).items():
            _apply_lines(locked, LINE_MODELS[kind], rows)
        apply_answers(locked, actor, answers)
        if funders:
            apply_requests(locked, funders, funder_axes)
        # In a shared call, each file asks its own funder for its share (the budget is the whole project's).
        share = shared.own_share(locked)
        locked.requested_amount = locked.budget_fund_total() if share is None else share
        if budget_over_maximum(locked.call, locked.requested_amount) and (share is not None
                                                                          or not shared.asks_funders(locked)):
            raise InvalidInput(_("Le montant demandé au fonds dépasse le maximum de l'appel."), code="over_maximum")
        locked.version = F("version") + 1
        locked.save(update_fields=[*(fields or {}), "requested_amount", "version", "updated_at"])
    return Proposal.objects.select_related("call__program", "organisation").get(pk=proposal.pk)


def _apply_lines(proposal, model, rows):
    rows_of = model.objects.filter(proposal=proposal)
    if model is CoFunding:
        rows_of = rows_of.filter(funder_file__isnull=True)  # a shared application's funders: kept by decisions
    existing = {line.pk: line for line in rows_of}
    for row in rows:
        line = existing.get(row["id"]) if row["id"] else model(proposal=proposal)
        if line is None:
            continue  # not one of this proposal's lines: ignore rather than touch someone else's row
        if row["delete"]:
            if line.pk:
                line.delete()
            continue
        for name, value in row["values"].items():
            setattr(line, name, value)
        line.save()
