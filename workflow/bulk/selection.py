"""What a bulk action is about: the proposals ticked in the queue, or every one matching its filters.

Either way the selection is read through the queue's own scope (workflow.queue.matching: the program's
proposals the person sees as staff), so a ticked id from elsewhere is simply not selected.
"""

from dataclasses import dataclass

from django.http import QueryDict

from core import access
from grants.models import Program
from grants.states import State

from .. import queue
from ..machine import APPLICANT, TRANSITIONS
from ..selectors import staff_programs

# The queue's filter fields (and the program) are all a saved or "all matching" selection keeps.
FILTER_KEYS = ("programme", *queue.QueueFilter.base_fields)
MAX_IDS = 100_000  # a bound on what one request reads, far above a program's files


def filter_query(params):
    """The queue filters of a query (a QueryDict): what "all matching" and saved filters store."""
    kept = QueryDict(mutable=True)
    for key in FILTER_KEYS:
        values = [value for value in params.getlist(key) if value != ""]
        if values and key != "sort":
            kept.setlist(key, values[:1])
    return kept.urlencode()


def program_for(user, code):
    """The staff program named by its code (the queue's first when none), or None."""
    programs = list(staff_programs(user))
    return next((p for p in programs if p.code == code), programs[0] if programs and not code else None)


@dataclass
class Selection:
    program: Program
    everything: bool  # "all matching the filters"
    query: str  # the filters, when everything
    ids: list  # the chosen ids, when not everything

    @classmethod
    def from_request(cls, user, params):
        """The selection a request names (GET or POST: programme, ids or tout + filtres); None if no
        program of the person's has that code."""
        program = program_for(user, params.get("programme", ""))
        if program is None:
            return None
        everything = params.get("tout") == "1"
        ids = [] if everything else sorted({int(v) for v in params.getlist("ids") if v.isdigit()})[:MAX_IDS]
        return cls(program, everything, filter_query(QueryDict(params.get("filtres", ""))) if everything else "", ids)

    def rows(self, user):
        if self.everything:
            form = queue.QueueFilter(self.program, QueryDict(self.query))
            return queue.matching(user, self.program, form.cleaned_data if form.is_valid() else {})
        return queue.matching(user, self.program, {}).filter(pk__in=self.ids)

    def proposal_ids(self, user):
        return list(self.rows(user).order_by("pk").values_list("pk", flat=True)[:MAX_IDS])

    def hidden_fields(self):
        """(name, value) pairs that carry the selection from one form to the next."""
        fields = [("programme", self.program.code)]
        if self.everything:
            return [*fields, ("tout", "1"), ("filtres", self.query)]
        return fields + [("ids", str(pk)) for pk in self.ids]


def common_transitions(user, program, states):
    """The staff transitions that start from every one of `states` and whose role the person holds in the
    program; transitions needing a value per proposal (an amount granted) are done one by one."""
    states = set(states)
    if not states:
        return []
    return [spec for spec in TRANSITIONS
            if spec.role != APPLICANT and states <= set(spec.sources)
            and not any(item.required for item in spec.inputs)
            and (access.is_admin(user) or access.has_program_role(user, program.pk, spec.role))]


def states_of(rows):
    """The distinct states of the selected proposals, aggregated in SQL."""
    return [State(value) for value in rows.order_by().values_list("state", flat=True).distinct()]
