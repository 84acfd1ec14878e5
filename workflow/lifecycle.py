"""The proposal life cycle: explicit django-fsm transitions whose arguments come from machine.TRANSITIONS.

Proposal inherits this abstract model; only these transitions change `state` (the field is protected).
Call them through workflow.services.transition, never directly: the service locks the row, checks the
permission and the guards, saves, logs and notifies. The django-fsm conditions re-run the same guards,
so a direct call without the service's attempt (comment, amounts) is refused rather than half-checked.
"""

from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from .machine import fsm_arguments
from .states import State

APPLICANT_EDITABLE = (State.DRAFT, State.CHANGES_REQUESTED)


class ProposalLifecycle(ConcurrentTransitionMixin, models.Model):
    state = FSMField(default=State.DRAFT, choices=State.choices, protected=True, db_index=True)

    class Meta:
        abstract = True

    @transition(field=state, **fsm_arguments("submit"))
    def submit(self):
        self.submitted_at = timezone.now()

    @transition(field=state, **fsm_arguments("start_analysis"))
    def start_analysis(self):
        pass

    @transition(field=state, **fsm_arguments("request_changes"))
    def request_changes(self):
        pass  # The requested changes are the comment of the transition log.

    @transition(field=state, **fsm_arguments("resubmit"))
    def resubmit(self):
        self.submitted_at = timezone.now()

    @transition(field=state, **fsm_arguments("recommend"))
    def recommend(self, suggested_amount=None):
        self.suggested_amount = suggested_amount

    @transition(field=state, **fsm_arguments("do_not_recommend"))
    def do_not_recommend(self):
        pass

    @transition(field=state, **fsm_arguments("approve"))
    def approve(self, amount_granted, resolution_number="", decided_on=None, conditions=""):
        # The decision details stay in the transition log; the decisions work keeps its own record.
        self.amount_granted = amount_granted

    @transition(field=state, **fsm_arguments("decline"))
    def decline(self, resolution_number="", decided_on=None, conditions=""):
        pass

    @transition(field=state, **fsm_arguments("accept_final_report"))
    def accept_final_report(self):
        pass

    @transition(field=state, **fsm_arguments("close"))
    def close(self):
        pass

    @transition(field=state, **fsm_arguments("withdraw"))
    def withdraw(self):
        pass  # The reason is the comment of the transition log.
