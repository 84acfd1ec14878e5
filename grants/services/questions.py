"""A call's own questions: added (from scratch or from the library), changed, retired; and the answers.

Changing a question that already has answers never touches them: a new version takes the change, the
answers keep their version (and its wording), and the form shows the new one. A question without answers
is simply corrected in place. Every change is logged on the call (core.activity).
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import activity
from core.errors import Forbidden, InvalidInput
from grants.models import Answer, CallQuestion, LibraryQuestion, QuestionVersion
from grants.models.question import CHOICE_KINDS, CONTENT_FIELDS, TEXT_KINDS, QuestionKind, QuestionStage

# The form's steps a question may join: those with a form of their own (grants.forms.steps); documents
# and the final check have none.
QUESTION_STEPS = ("projet", "territoire", "objectifs", "axes", "indicateurs", "adsplus", "partenaires", "budget",
                  "echeancier")


def _require_manager(actor, call):
    if not actor.has_perm("grants.manage_call_questions", call):
        raise Forbidden()


def check_content(content):
    """The content's problems, as French messages (empty when it is fine)."""
    problems = []
    if content.get("kind") not in QuestionKind.values:
        problems.append(_("Choisissez le type de réponse attendu."))
    if not (content.get("label_fr") or "").strip():
        problems.append(_("Inscrivez la question en français."))
    options = content.get("options") or []
    if content.get("kind") in CHOICE_KINDS:
        values = [option.get("value") for option in options]
        if len(options) < 2:
            problems.append(_("Une question à choix offre au moins deux options."))
        elif len(set(values)) != len(values) or not all(values):
            problems.append(_("Chaque option a son propre libellé."))
    if content.get("max_length") is not None and content.get("kind") not in TEXT_KINDS:
        problems.append(_("Seule une réponse en texte a un nombre maximal de caractères."))
    return problems


def _clean(content):
    content = {name: content.get(name) for name in CONTENT_FIELDS}
    content["label_en"] = content["label_en"] or ""
    content["help_fr"] = content["help_fr"] or ""
    content["help_en"] = content["help_en"] or ""
    content["required"] = bool(content["required"])
    content["options"] = content["options"] if content["kind"] in CHOICE_KINDS else []
    problems = check_content(content)
    if problems:
        raise InvalidInput(problems[0], details={"messages": problems})
    return content


def _check_step(step):
    if step not in QUESTION_STEPS:
        raise InvalidInput(_("Choisissez l'étape du formulaire où poser la question."))


def _check_stage(stage):
    if stage not in QuestionStage.values:
        raise InvalidInput(_("Choisissez l'étape de l'appel où poser la question."))


def add_question(call, actor, *, step, content, library=None, stage=None):
    """A new question at the end of `step`, its content as version 1; `stage`: asked from a two-stage call's
    letter of intent, or in the full proposal only."""
    _require_manager(actor, call)
    _check_step(step)
    stage = stage or QuestionStage.FULL
    _check_stage(stage)
    content = _clean(content)
    with transaction.atomic():
        last = CallQuestion.objects.filter(call=call, step=step).aggregate(last=Max("order"))["last"]
        question = CallQuestion.objects.create(call=call, step=step, order=(last or 0) + 1, library=library,
                                               stage=stage)
        question.current = QuestionVersion.objects.create(question=question, number=1, created_by=actor,
                                                          **content)
        question.save(update_fields=["current"])
        activity.record(call, actor, "question_added", data={"question": question.pk, "step": step})
    return question


def add_from_library(call, actor, library_question, *, step, stage=None):
    """The library's question copied into the call (it keeps a link to where it came from)."""
    if library_question.program_id not in (None, call.program_id):
        raise Forbidden()
    return add_question(call, actor, step=step, content=library_question.content(), library=library_question,
                        stage=stage)


def save_to_library(question, actor):
    """The call question's current content, offered to the other calls of its program."""
    _require_manager(actor, question.call)
    with transaction.atomic():
        saved = LibraryQuestion.objects.create(program_id=question.call.program_id, **question.current.content())
        CallQuestion.objects.filter(pk=question.pk).update(library=saved)
    return saved


def change_question(question, actor, *, content, step=None, order=None, stage=None):
    """Change the wording or rules (a new version when answers exist) and the place on the form.

    Returns (question, True when a new version was added)."""
    _require_manager(actor, question.call)
    content = _clean(content)
    with transaction.atomic():
        locked = CallQuestion.objects.select_for_update(of=("self",)).select_related("current").get(pk=question.pk)
        placed = []
        if step is not None and step != locked.step:
            _check_step(step)
            locked.step = step
            placed.append("step")
        if stage is not None and stage != locked.stage:
            _check_stage(stage)
            locked.stage = stage
            placed.append("stage")
        if order is not None and order != locked.order:
            locked.order = order
            placed.append("order")
        current, added = locked.current, False
        if content != current.content():
            if Answer.objects.filter(version=current).exists():
                locked.current = QuestionVersion.objects.create(
                    question=locked, number=current.number + 1, created_by=actor, **content)
                placed.append("current")
                added = True
            else:
                for name, value in content.items():
                    setattr(current, name, value)
                current.save()
        if placed:
            locked.save(update_fields=placed)
        activity.record(locked.call, actor, "question_changed",
                        data={"question": locked.pk, "version": locked.current.number, "new_version": added})
    return locked, added


def retire_question(question, actor):
    """Off the form. A question never answered is deleted; one with answers is kept for them."""
    _require_manager(actor, question.call)
    with transaction.atomic():
        locked = CallQuestion.objects.select_for_update().get(pk=question.pk)
        activity.record(locked.call, actor, "question_retired", data={"question": locked.pk})
        if Answer.objects.filter(question=locked).exists():
            locked.retired_at = timezone.now()
            locked.save(update_fields=["retired_at"])
            return locked
        CallQuestion.objects.filter(pk=locked.pk).update(current=None)
        locked.delete()
    return None


def restore_question(question, actor):
    _require_manager(actor, question.call)
    CallQuestion.objects.filter(pk=question.pk).update(retired_at=None)
    activity.record(question.call, actor, "question_restored", data={"question": question.pk})
