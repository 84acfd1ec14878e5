"""Assigning reviewers and their conflict-of-interest declarations.

Every change of an assignment's state is a transition of its machine (models/assignment.py), run by
transitions.run inside the transaction that locked the row, with its activity log row.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, activity
from core.errors import Conflict, Forbidden, InvalidInput
from grants.models import ProgramRole, User
from grants.states import State
from notifications import outbox

from .. import conflicts, loads, rules
from ..models import ConflictDeclaration, DeclaredTie, ReviewerAssignment
from . import transitions

# Reviewers read a proposal only once the applicant has submitted it, and until a recommendation.
REVIEWABLE = (State.SUBMITTED, State.UNDER_ANALYSIS, State.CHANGES_REQUESTED)
OPEN_STATES = loads.OPEN_STATES
# An expert of the proposal's territory is preferred over someone with up to this many fewer
# open assignments: expertise matters, but never enough to pile everything on one person.
EXPERTISE_BONUS = 1


def _require_staff(actor, proposal):
    if not actor.has_perm("scoring.manage_assignments", proposal):
        raise Forbidden()


def _reviewing_roles(**where):
    """The program roles that make a person assignable: reviewers, and analysts (who review too)."""
    return ProgramRole.objects.filter(role__in=(access.REVIEWER, access.ANALYST), **where)


def eligible_reviewers(proposal):
    """People holding the reviewer or analyst role in the proposal's program."""
    return User.objects.filter(
        is_active=True, pk__in=_reviewing_roles(program_id=proposal.call.program_id).values("user_id"))


def assign(proposal, reviewer, actor, *, due_on=None):
    _require_staff(actor, proposal)
    if proposal.state not in REVIEWABLE:
        raise Conflict(_("Cette demande n'est pas à l'étape de l'analyse."), code="not_reviewable")
    with transaction.atomic():
        if not eligible_reviewers(proposal).filter(pk=reviewer.pk).exists():
            raise Conflict(_("Cette personne n'est pas évaluatrice dans ce programme."), code="not_a_reviewer")
        if reviewer.pk in conflicts.conflicted_user_ids(proposal):
            raise Conflict(_("Conflit d'intérêts : cette personne est liée à l'organisme porteur "
                             "ou à un partenaire du projet."), code="conflict_of_interest")
        assignment = ReviewerAssignment.objects.select_for_update().filter(
            proposal=proposal, reviewer=reviewer).first()
        if assignment is not None and assignment.state != ReviewerAssignment.State.CANCELLED:
            raise Conflict(_("Cette personne est déjà assignée à cette demande."), code="duplicate")
        if assignment is None:
            assignment = ReviewerAssignment(proposal=proposal, reviewer=reviewer, assigned_by=actor, due_on=due_on)
            try:
                with transaction.atomic():  # a savepoint: a concurrent twin assignment loses cleanly
                    assignment.save()
            except IntegrityError:
                raise Conflict(_("Cette personne est déjà assignée à cette demande."),
                               code="duplicate") from None
            activity.record(assignment, actor, "assign", "", assignment.state)
        else:
            # Assigned again after a cancellation: a new declaration is asked for.
            transitions.run(assignment, "renew", actor, update_fields=["assigned_by", "due_on"],
                            assigned_by=actor, due_on=due_on)
        loads.refresh(proposal.program_id, reviewer.pk)
        # The outbox fills the proposal, due date and link from the assignment itself.
        outbox.queue(kind="review_assigned", recipients=[reviewer], obj=assignment, context={"actor": actor})
    rules.forget(reviewer)
    return assignment


def cancel(assignment, actor, *, comment=""):
    """Staff end a pending or active assignment; a submitted review keeps its assignment."""
    _require_staff(actor, assignment.proposal)
    with transaction.atomic():
        locked = ReviewerAssignment.objects.select_for_update().get(pk=assignment.pk)
        if hasattr(locked, "review") and locked.review.is_submitted:
            raise Conflict(_("L'évaluation est déjà déposée : l'assignation ne peut plus être annulée."),
                           code="review_submitted")
        transitions.run(locked, "cancel", actor, comment=comment)
        loads.refresh(assignment.proposal.program_id, locked.reviewer_id)
    return locked


@dataclass(frozen=True)
class Candidate:
    user: User
    load: int
    expert: bool

    @property
    def sort_key(self):
        return (self.load - (EXPERTISE_BONUS if self.expert else 0), not self.expert, self.load, self.user.pk)


def candidates(proposal):
    """Everybody who could review the proposal, least loaded first; never the conflicted ones."""
    taken = ReviewerAssignment.objects.filter(proposal=proposal).exclude(
        state=ReviewerAssignment.State.CANCELLED).values_list("reviewer_id", flat=True)
    people = list(eligible_reviewers(proposal).exclude(pk__in=conflicts.conflicted_user_ids(proposal))
                  .exclude(pk__in=taken))
    held = loads.of(proposal.program_id, [person.pk for person in people])
    mrc_ids = set(proposal.mrcs.values_list("pk", flat=True))
    experts = set(_reviewing_roles(program_id=proposal.program_id, expertise__in=mrc_ids)
                  .values_list("user_id", flat=True))
    found = [Candidate(user=person, load=held.get(person.pk, 0), expert=person.pk in experts) for person in people]
    return sorted(found, key=lambda candidate: candidate.sort_key)


def suggest(proposal, count=2, offered=None):
    """The balanced suggestion: `count` reviewers still missing, by load then territory expertise, among
    `offered` (the candidates already read) or the proposal's candidates."""
    open_now = ReviewerAssignment.objects.filter(proposal=proposal, state__in=OPEN_STATES).count()
    return (candidates(proposal) if offered is None else offered)[: max(count - open_now, 0)]


def accept_suggestion(proposal, actor, *, count=2, due_on=None):
    _require_staff(actor, proposal)
    with transaction.atomic():
        return [assign(proposal, candidate.user, actor, due_on=due_on) for candidate in suggest(proposal, count)]


def declare(assignment, actor, *, has_conflict, reason=""):
    """The reviewer's declaration: no conflict (they may then read and score) or recusal with a reason."""
    if assignment.reviewer_id != actor.pk:
        raise Forbidden()
    reason = reason.strip()
    if has_conflict and not reason:
        raise InvalidInput(_("Indiquez le motif de votre récusation."), code="reason_required")
    with transaction.atomic():
        locked = ReviewerAssignment.objects.select_for_update().select_related("proposal").get(pk=assignment.pk)
        if locked.state != ReviewerAssignment.State.PENDING:
            raise Conflict(_("Votre déclaration est déjà enregistrée."), code="already_declared")
        if not has_conflict and conflicts.is_conflicted(actor, locked.proposal):
            raise Forbidden()
        # A renewed assignment (cancelled, then assigned again) asks again: the new answer replaces the old.
        ConflictDeclaration.objects.update_or_create(assignment=locked, defaults={
            "has_conflict": has_conflict, "reason": reason, "declared_at": timezone.now()})
        transitions.run(locked, "recuse" if has_conflict else "declare_no_conflict", actor, comment=reason)
        if has_conflict:
            loads.refresh(locked.proposal.program_id, locked.reviewer_id)
    rules.forget(actor)
    return locked


def record_tie(reviewer, organisation, actor, *, note=""):
    """Admins, or analysts and managers of a program the reviewer works in, record a tie that memberships do not show; it blocks assignment like a membership."""
    shared_programs = _reviewing_roles(user=reviewer,
                                       program_id__in=access.program_ids_with_role(actor, *access.ANALYSIS))
    if not (access.is_admin(actor) or shared_programs.exists()):
        raise Forbidden()
    tie, _created = DeclaredTie.objects.update_or_create(
        reviewer=reviewer, organisation=organisation, defaults={"note": note, "recorded_by": actor})
    return tie
