"""The proposal life cycle: explicit django-fsm transitions whose arguments come from machine.TRANSITIONS.

ProposalLifecycle is a proxy of grants.Proposal: grants owns the data and its states, workflow owns how
they change. Call the transitions through workflow.services.transition, never directly: the service
locks the row, checks the permission and runs each guard once, saves, logs and notifies. A direct call
without the service is refused by the one django-fsm condition, `through_the_service`.
"""

from django.utils import timezone
from django_fsm import transition

from grants.models import Proposal

from .machine import BY_NAME
from .rules import may_act_as

ATTEMPT = "_workflow_attempt"


def through_the_service(instance):
    return ATTEMPT in instance.__dict__


def _permission(role):
    def permission(instance, user):
        return may_act_as(role, user, instance)

    permission.__name__ = f"may_act_as_{role}"
    return permission


def fsm_arguments(name):
    """Keyword arguments of django_fsm.transition for the named row of the table."""
    spec = BY_NAME[name]
    return {
        "field": "state",
        "source": list(spec.sources),
        "target": spec.target,
        "conditions": [through_the_service],
        "permission": _permission(spec.role),
        "custom": {"label": spec.label, "role": spec.role},
    }


class ProposalLifecycle(Proposal):
    class Meta:
        proxy = True
        verbose_name = Proposal._meta.verbose_name
        verbose_name_plural = Proposal._meta.verbose_name_plural

    @transition(**fsm_arguments("submit_intent"))
    def submit_intent(self):
        self.submitted_at = timezone.now()

    @transition(**fsm_arguments("shortlist"))
    def shortlist(self):
        pass  # The message to the organisation is the comment of the transition log.

    @transition(**fsm_arguments("decline_intent"))
    def decline_intent(self):
        pass  # The reason is the comment of the transition log.

    @transition(**fsm_arguments("submit"))
    def submit(self):
        self.submitted_at = timezone.now()

    @transition(**fsm_arguments("start_analysis"))
    def start_analysis(self):
        # The queue lists, filters and sorts by these columns; the log keeps who started each analysis.
        self.assigned_analyst = self.__dict__[ATTEMPT].actor
        self.assigned_analyst_name = self.assigned_analyst.get_full_name()

    @transition(**fsm_arguments("request_changes"))
    def request_changes(self):
        pass  # The requested changes are the comment of the transition log.

    @transition(**fsm_arguments("resubmit"))
    def resubmit(self):
        self.submitted_at = timezone.now()

    @transition(**fsm_arguments("recommend"))
    def recommend(self, suggested_amount=None):
        self.suggested_amount = suggested_amount

    @transition(**fsm_arguments("do_not_recommend"))
    def do_not_recommend(self):
        pass

    @transition(**fsm_arguments("approve"))
    def approve(self, amount_granted, resolution_number="", decided_on=None, conditions=""):
        # The service records the board's Decision with the same values.
        self.amount_granted = amount_granted

    @transition(**fsm_arguments("decline"))
    def decline(self, resolution_number="", decided_on=None, conditions=""):
        pass

    @transition(**fsm_arguments("accept_final_report"))
    def accept_final_report(self):
        pass

    @transition(**fsm_arguments("close"))
    def close(self):
        pass

    @transition(**fsm_arguments("withdraw"))
    def withdraw(self):
        pass  # The reason is the comment of the transition log.
