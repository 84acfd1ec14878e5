"""Writing reviews: a draft the reviewer saves as often as they like, then one submission.

`recompute` is the only code that writes a review's stored totals; every score change calls it.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import Conflict, Forbidden, InvalidInput

from .. import aggregation, figures, tasks
from ..models import Review, Rubric, Score
from . import transitions
from .rubrics import current_rubric

CENT = Decimal("0.01")


def _require_reviewer(actor, assignment):
    if assignment.reviewer_id != actor.pk or not actor.has_perm("scoring.review_proposal",
                                                                 assignment.proposal):
        raise Forbidden()


def start_review(assignment, actor):
    """The reviewer's review of the assignment's proposal, created on the call's latest rubric."""
    _require_reviewer(actor, assignment)
    with transaction.atomic():
        review = Review.objects.filter(assignment=assignment).first()
        if review is None:
            rubric = current_rubric(assignment.proposal.call)
            if rubric is None:
                raise Conflict(_("Aucune grille d'analyse n'est définie pour cet appel."), code="no_rubric")
            review = Review.objects.create(assignment=assignment, proposal_id=assignment.proposal_id,
                                           reviewer_id=assignment.reviewer_id, rubric=rubric)
        sync_scores(review)
    return review


def open_review(assignment, actor):
    """What the review form shows, without writing anything: the reviewer's review (or an unsaved draft on
    the call's latest rubric) and one score per criterion, the missing ones unsaved. The draft is created
    by start_review on the first save (form or autosave)."""
    _require_reviewer(actor, assignment)
    review = (Review.objects.filter(assignment=assignment).select_related("rubric")
              .prefetch_related("scores__criterion__axis").first())
    if review is None:
        rubric = current_rubric(assignment.proposal.call)
        if rubric is None:
            raise Conflict(_("Aucune grille d'analyse n'est définie pour cet appel."), code="no_rubric")
        review = Review(assignment=assignment, proposal_id=assignment.proposal_id,
                        reviewer_id=assignment.reviewer_id, rubric=rubric)
        scores = []
    else:
        scores = list(review.scores.all())
    have = {score.criterion_id for score in scores}
    # Criteria added to a draft's rubric since it was last saved (sync_scores stores them on the next save).
    missing = review.rubric.criteria.select_related("axis").exclude(pk__in=have) if not review.is_submitted else []
    scores += [Score(criterion=criterion) for criterion in missing]
    scores.sort(key=lambda score: (score.criterion.order, score.criterion_id))
    return review, scores


def sync_scores(review):
    """One Score row per criterion of the review's rubric (criteria may be added to a draft's rubric)."""
    have = set(review.scores.values_list("criterion_id", flat=True))
    missing = review.rubric.criteria.exclude(pk__in=have)
    Score.objects.bulk_create([Score(review=review, criterion=criterion) for criterion in missing])


def recompute(review):
    """Store the weighted total, per-axis sub-scores and eliminatory result from the current scores."""
    marks, failed = [], False
    for score in review.scores.select_related("criterion"):
        criterion = score.criterion
        if criterion.eliminatory:
            failed = failed or score.passed is False
            continue
        marks.append(aggregation.Mark(
            value=None if score.value is None else float(score.value),
            scale_max=float(criterion.scale_max), weight=float(criterion.weight), axis_id=criterion.axis_id,
        ))
    total = aggregation.weighted_total(marks)
    review.weighted_total = None if total is None else Decimal(str(total)).quantize(CENT, ROUND_HALF_UP)
    review.axis_scores = {str(axis): round(value, 2) for axis, value in aggregation.axis_subscores(marks).items()}
    review.eliminatory_failed = failed
    review.save(update_fields=["weighted_total", "axis_scores", "eliminatory_failed", "updated_at"])
    return review


def save_draft(review, actor, *, scores, overall_comment="", recommendation="", suggested_amount=None):
    """Save the reviewer's answers; `scores` maps criterion id to {"value", "passed", "comment"}."""
    with transaction.atomic():
        locked = Review.objects.select_for_update().select_related("assignment__proposal").get(pk=review.pk)
        _require_reviewer(actor, locked.assignment)
        if locked.is_submitted:
            raise Conflict(_("Cette évaluation est déposée : elle ne peut plus être modifiée."),
                           code="review_submitted")
        _apply_scores(locked, scores)
        _check_amount(locked.proposal, suggested_amount)
        locked.overall_comment = overall_comment
        locked.recommendation = recommendation
        locked.suggested_amount = suggested_amount
        locked.save(update_fields=["overall_comment", "recommendation", "suggested_amount", "updated_at"])
        recompute(locked)
    return locked


def _apply_scores(review, answers):
    rows = list(review.scores.select_related("criterion"))
    # An answer for a criterion of another rubric would be dropped without a word (API callers send ids).
    unknown = sorted(set(answers) - {score.criterion_id for score in rows})
    if unknown:
        raise InvalidInput(_("Ces critères ne font pas partie de la grille de cette évaluation : %(ids)s.")
                           % {"ids": ", ".join(map(str, unknown))}, code="unknown_criterion")
    errors = []
    for score in rows:
        answer = answers.get(score.criterion_id, {})
        criterion = score.criterion
        value = answer.get("value")
        if criterion.eliminatory:
            score.value, score.passed = None, answer.get("passed")
        else:
            if value is not None and not (0 <= value <= criterion.scale_max):
                errors.append(_("« %(label)s » : la note doit être entre 0 et %(max)s.")
                              % {"label": criterion.label, "max": criterion.scale_max})
            score.value, score.passed = value, None
        score.comment = answer.get("comment", "")
    if errors:
        raise InvalidInput(" ".join(errors), code="score_out_of_scale", details={"messages": errors})
    Score.objects.bulk_update(rows, ["value", "passed", "comment"])


def _check_amount(proposal, amount):
    if amount is None:
        return
    if amount < 0:
        raise InvalidInput(_("Le montant suggéré ne peut pas être négatif."), code="amount_negative")
    if proposal.requested_amount and amount > proposal.requested_amount:
        raise InvalidInput(_("Le montant suggéré ne peut pas dépasser le montant demandé."),
                           code="amount_above_request")


def missing_answers(review):
    """What still prevents submission, in French."""
    problems = []
    for score in review.scores.select_related("criterion"):
        criterion = score.criterion
        if criterion.eliminatory and score.passed is None:
            problems.append(_("« %(label)s » : indiquez réussi ou échec.") % {"label": criterion.label})
        elif not criterion.eliminatory and score.value is None:
            problems.append(_("« %(label)s » : la note est manquante.") % {"label": criterion.label})
    if not review.recommendation:
        problems.append(_("Choisissez une recommandation."))
    return problems


def submit(review, actor):
    """Submit the draft: complete answers required; afterwards the review and its rubric are frozen."""
    with transaction.atomic():
        # The rubric first, then the review: the order rubric edits take too, so the two never deadlock,
        # and the criteria cannot change between the completeness check and the submission.
        Rubric.objects.select_for_update().get(pk=review.rubric_id)
        locked = Review.objects.select_for_update().select_related("assignment__proposal").get(pk=review.pk)
        _require_reviewer(actor, locked.assignment)
        if locked.is_submitted:
            raise Conflict(_("Cette évaluation est déjà déposée."), code="review_submitted")
        sync_scores(locked)
        problems = missing_answers(locked)
        if problems:
            raise Conflict(" ".join(problems), code="review_incomplete", details={"messages": problems})
        recompute(locked)
        transitions.run(locked, "submit", actor, update_fields=["submitted_at", "updated_at"])
        figures.refresh(locked.assignment.proposal)
        tasks.after_submission(locked.assignment.proposal.call_id)
    return locked

