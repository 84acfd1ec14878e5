"""A proposal's answers to its call's questions, written by grants.services.proposals.save_step.

Each answer is stored in the column of its kind (text, number, date, boolean, choices, file) and belongs
to the question's current version; answers to earlier versions are never changed. An empty answer is no
row at all. A file answered for an earlier version is carried to the new one until it is replaced.
"""

from django.utils.translation import gettext_lazy as _

from core import file_deletions
from core.errors import InvalidInput
from grants import funders
from grants.models import Answer, CallQuestion
from grants.models.question import CHOICE_KINDS, NUMBER_KINDS, TEXT_KINDS, QuestionKind
from grants.uploads import check_upload

EMPTY = {"text": "", "number": None, "date": None, "boolean": None, "choices": []}


def _columns(version, value):
    """The typed columns of one answer, from {"text"|"number"|"date"|"boolean"|"choices": …}."""
    kind = version.kind
    columns = dict(EMPTY)
    if kind in TEXT_KINDS:
        columns["text"] = value.get("text") or ""
    elif kind in NUMBER_KINDS:
        columns["number"] = value.get("number")
    elif kind == QuestionKind.DATE:
        columns["date"] = value.get("date")
    elif kind == QuestionKind.YES_NO:
        columns["boolean"] = value.get("boolean")
    elif kind in CHOICE_KINDS:
        offered = {option["value"] for option in version.options}
        chosen = list(dict.fromkeys(value.get("choices") or []))
        if any(choice not in offered for choice in chosen) or (kind == QuestionKind.CHOICE and len(chosen) > 1):
            raise InvalidInput(_("Choisissez une des options offertes."))
        columns["choices"] = chosen
    return columns


def _empty(columns):
    return (not columns["text"].strip() and columns["number"] is None and columns["date"] is None
            and columns["boolean"] is None and not columns["choices"])


def apply_answers(proposal, actor, answers):
    """Write {call question id: value} on a proposal locked by the caller, in its transaction."""
    if not answers:
        return
    questions = {question.pk: question for question in CallQuestion.objects.filter(
        call_id__in=funders.question_call_ids(proposal), pk__in=list(answers), retired_at__isnull=True).select_related("current")}
    existing = {answer.version_id: answer for answer in Answer.objects.filter(
        proposal=proposal, question_id__in=list(questions))}
    for question_id, value in answers.items():
        question = questions.get(question_id)
        if question is None:
            continue  # not a question of this call's form (any more): nothing to write
        version = question.current
        answer = existing.get(version.pk)
        if version.kind == QuestionKind.FILE:
            _apply_file(proposal, actor, question, answer, value)
            continue
        columns = _columns(version, value)
        if _empty(columns):
            if answer is not None:
                answer.delete()
            continue
        if answer is None:
            answer = Answer(proposal=proposal, question=question, version=version)
        for name, column in columns.items():
            setattr(answer, name, column)
        answer.updated_by = actor
        answer.save()


def _apply_file(proposal, actor, question, answer, value):
    uploaded = value.get("file")
    if uploaded:
        checked = check_upload(uploaded)
        stale = answer.file.name if answer is not None and answer.file else ""
        answer = answer or Answer(proposal=proposal, question=question, version=question.current)
        answer.file.save(checked.original_name, uploaded, save=False)
        answer.file_name, answer.content_type, answer.size = (checked.original_name, checked.content_type,
                                                              checked.size)
        answer.updated_by = actor
        answer.save()
        _forget_file(stale)
        return
    if value.get("clear"):
        if answer is not None:
            stale = answer.file.name
            answer.delete()
            _forget_file(stale)
        return
    if answer is None:
        # The question changed since the file was sent: the same file answers the new version.
        earlier = (Answer.objects.filter(proposal=proposal, question=question).exclude(file="")
                   .order_by("-version__number").first())
        if earlier is not None:
            Answer.objects.create(proposal=proposal, question=question, version=question.current,
                                  file=earlier.file.name, file_name=earlier.file_name,
                                  content_type=earlier.content_type, size=earlier.size, updated_by=actor)


def _forget_file(name):
    """Remove the stored bytes once no answer names them any more (an earlier version may still)."""
    if name and not Answer.objects.filter(file=name).exists():
        file_deletions.delete_after_commit(name)
