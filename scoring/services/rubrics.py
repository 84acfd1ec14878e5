"""Writing rubrics: criteria change only while no review on the rubric is submitted.

A submitted score keeps its meaning forever, so a locked rubric is never edited: a new version
(a copy with every criterion) is made instead, and new reviews use the latest version.
"""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from core.errors import Conflict, Forbidden

from ..models import Criterion, Review, Rubric

LOCKED_MESSAGE = _(
    "Cette grille a déjà servi à une évaluation déposée : elle ne peut plus être modifiée. "
    "Créez une nouvelle version."
)


def _require_manager(actor, call):
    if not actor.has_perm("scoring.manage_rubrics", call):
        raise Forbidden()


def current_rubric(call):
    """The latest version of the call's rubric, used by every new review."""
    return Rubric.objects.filter(call=call).order_by("-version").first()


def _lock(rubric):
    """Lock the rubric row so a review cannot be submitted while its criteria change."""
    locked = Rubric.objects.select_for_update().get(pk=rubric.pk)
    if locked.is_locked:
        raise Conflict(LOCKED_MESSAGE, code="rubric_locked")
    return locked


def create_rubric(call, actor, *, title, reviews_visible_before_submit=False):
    _require_manager(actor, call)
    with transaction.atomic():
        latest = Rubric.objects.filter(call=call).aggregate(top=Max("version"))["top"] or 0
        return Rubric.objects.create(call=call, version=latest + 1, title=title, created_by=actor,
                                     reviews_visible_before_submit=reviews_visible_before_submit)


def update_rubric(rubric, actor, **fields):
    _require_manager(actor, rubric.call)
    with transaction.atomic():
        locked = _lock(rubric)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(fields))
    return locked


def save_criterion(criterion, actor):
    """Create or change one criterion (an unsaved or modified instance) of an unlocked rubric."""
    _require_manager(actor, criterion.rubric.call)
    with transaction.atomic():
        _lock(criterion.rubric)
        criterion.full_clean()
        criterion.save()
        _recompute_drafts(criterion.rubric_id)
    return criterion


def delete_criterion(criterion, actor):
    _require_manager(actor, criterion.rubric.call)
    with transaction.atomic():
        _lock(criterion.rubric)
        rubric_id = criterion.rubric_id
        criterion.scores.all().delete()
        criterion.delete()
        _recompute_drafts(rubric_id)


def new_version(rubric, actor):
    """Copy the rubric and its criteria as the call's next version."""
    _require_manager(actor, rubric.call)
    with transaction.atomic():
        # Lock the call's rubrics so two copies at once cannot take the same version number.
        list(Rubric.objects.select_for_update().filter(call_id=rubric.call_id))
        latest = Rubric.objects.filter(call_id=rubric.call_id).aggregate(top=Max("version"))["top"]
        copy = Rubric.objects.create(
            call_id=rubric.call_id, version=latest + 1, title=rubric.title, created_by=actor,
            reviews_visible_before_submit=rubric.reviews_visible_before_submit,
        )
        Criterion.objects.bulk_create([
            Criterion(rubric=copy, section=item.section, axis_id=item.axis_id, label=item.label,
                      guidance=item.guidance, weight=item.weight, scale_max=item.scale_max,
                      eliminatory=item.eliminatory, order=item.order, question_id=item.question_id)
            for item in rubric.criteria.all()
        ])
    return copy


def _recompute_drafts(rubric_id):
    from .reviews import recompute, sync_scores

    for review in Review.objects.filter(rubric_id=rubric_id, state=Review.State.DRAFT):
        sync_scores(review)
        recompute(review)
