"""Reading a proposal's answers to its call's questions, as the pages, the print and the API show them.

Each question of the call is shown once, in the form's order: with the answer to the latest version the
proposal answered, under that version's wording (and the current wording beside it when it changed
since), or empty while the question is on the form. Two queries, whatever the number of questions.
"""

from dataclasses import dataclass

from . import funders
from .forms.steps import STEPS
from .models import Answer, CallQuestion, QuestionVersion

STEP_ORDER = {step.slug: index for index, step in enumerate(STEPS)}
STEP_TITLES = {step.slug: step.title for step in STEPS}


@dataclass(frozen=True)
class AnswerRow:
    question: CallQuestion
    version: QuestionVersion  # the wording the answer was given to (the current one when unanswered)
    answer: Answer | None

    @property
    def changed(self):
        """The question was changed after this answer was given."""
        return self.answer is not None and self.version.pk != self.question.current_id

    @property
    def step_title(self):
        return STEP_TITLES.get(self.question.step, "")

    @property
    def shown(self):
        return self.answer.display() if self.answer is not None else ""


def answer_rows(proposal):
    questions = sorted(CallQuestion.objects.filter(call_id__in=funders.question_call_ids(proposal))
                       .select_related("current"),
                       key=lambda question: (STEP_ORDER.get(question.step, 99), question.order, question.pk))
    if not questions:
        return []
    latest = {}
    for answer in (Answer.objects.filter(proposal_id=proposal.pk).select_related("version")
                   .order_by("question_id", "version__number")):
        latest[answer.question_id] = answer
    rows = []
    for question in questions:
        answer = latest.get(question.pk)
        if answer is None and question.retired_at is not None:
            continue
        rows.append(AnswerRow(question, answer.version if answer else question.current, answer))
    return rows
