"""The proposal life cycle, declared once.

Proposal inherits this abstract model; only these transitions change `state`
(the field is protected). Call them through workflow.services, never directly.
"""

from django.db import models
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from .states import State

APPLICANT_EDITABLE = (State.DRAFT, State.CHANGES_REQUESTED)


class ProposalLifecycle(ConcurrentTransitionMixin, models.Model):
    state = FSMField(default=State.DRAFT, choices=State.choices, protected=True, db_index=True)

    class Meta:
        abstract = True

    @transition(field=state, source=State.DRAFT, target=State.SUBMITTED)
    def submit(self):
        pass

    @transition(field=state, source=State.SUBMITTED, target=State.UNDER_ANALYSIS)
    def start_analysis(self):
        pass

    @transition(field=state, source=State.UNDER_ANALYSIS, target=State.CHANGES_REQUESTED)
    def request_changes(self):
        pass

    @transition(field=state, source=State.CHANGES_REQUESTED, target=State.SUBMITTED)
    def resubmit(self):
        pass

    @transition(field=state, source=State.UNDER_ANALYSIS, target=State.RECOMMENDED)
    def recommend(self):
        pass

    @transition(field=state, source=State.UNDER_ANALYSIS, target=State.NOT_RECOMMENDED)
    def do_not_recommend(self):
        pass

    @transition(field=state, source=[State.RECOMMENDED, State.NOT_RECOMMENDED], target=State.FUNDED)
    def approve(self):
        pass

    @transition(field=state, source=[State.RECOMMENDED, State.NOT_RECOMMENDED], target=State.DECLINED)
    def decline(self):
        pass

    @transition(field=state, source=State.FUNDED, target=State.REPORTED)
    def accept_final_report(self):
        pass

    @transition(field=state, source=State.REPORTED, target=State.CLOSED)
    def close(self):
        pass

    @transition(
        field=state,
        source=[State.SUBMITTED, State.UNDER_ANALYSIS, State.CHANGES_REQUESTED],
        target=State.WITHDRAWN,
    )
    def withdraw(self):
        pass
