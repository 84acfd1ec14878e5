"""One bulk action on one proposal, through the service of the single action, in its own transaction.

Each runner returns nothing on success and raises core.errors.Refusal (or a subclass) with its French
message when the service refuses: the batch records the reason and goes on with the next proposal.
"""

from datetime import date

from django.utils.translation import gettext as _

from core.errors import Conflict, NotFound
from grants.models import Tag, User
from grants.services import tags as tag_service
from scoring.services import assignments

from .. import analysts, services


def prepare(job):
    """What the runners need, read once per batch (the analyst, the tag): a runner(proposal) function."""
    params, actor = job.params, job.requested_by
    if job.action == "analyst":
        analyst = User.objects.filter(pk=params.get("analyst")).first()
        return lambda proposal: _assign_analyst(proposal, analyst, actor)
    if job.action == "reviewers":
        # Stored as ISO text (JSON): the assignment and its e-mail want a date.
        due_on = date.fromisoformat(params["due_on"]) if params.get("due_on") else None
        return lambda proposal: _assign_reviewers(proposal, actor, params.get("count") or 2, due_on)
    if job.action == "transition":
        return lambda proposal: services.transition(proposal, params["transition"], actor,
                                                    comment=params.get("comment", ""))
    if job.action == "tag":
        tag = Tag.objects.filter(pk=params.get("tag"), program_id=job.program_id).first()
        return lambda proposal: _add_tag(proposal, tag, actor)
    raise ValueError(job.action)


def _assign_analyst(proposal, analyst, actor):
    if analyst is None:
        raise NotFound(_("Cette personne n'existe plus."))
    analysts.assign_analyst(proposal, analyst, actor)


def _assign_reviewers(proposal, actor, count, due_on):
    """scoring's balanced suggestion: the least loaded eligible reviewers, never a conflicted one, until the
    proposal has `count` open assignments. Each assignment counts in the next proposal's loads."""
    if assignments.accept_suggestion(proposal, actor, count=count, due_on=due_on):
        return
    # Nothing assigned: explain why, unless the proposal already has its reviewers.
    if proposal.state not in assignments.REVIEWABLE:
        raise Conflict(_("Cette demande n'est pas à l'étape de l'analyse."), code="not_reviewable")
    if proposal.assignments.filter(state__in=assignments.OPEN_STATES).count() < count:
        raise Conflict(_("Aucune personne disponible sans conflit d'intérêts pour évaluer cette demande."),
                       code="no_reviewer")


def _add_tag(proposal, tag, actor):
    if tag is None:
        raise NotFound(_("Cette étiquette n'existe plus."))
    tag_service.add_tag(proposal, tag, actor)
