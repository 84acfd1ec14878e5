"""What one person's export may hold: the proposals of the programs where they analyse or manage (every
program for an admin), as grants shows them to staff, narrowed by the export page's filters. Every table
of an export is read through these proposals, so no table can hold another program's rows."""

from dataclasses import dataclass

from django.db.models import Subquery

from core import access
from grants import selectors as grants_selectors


def program_ids_for(user):
    """The programs whose data the person may export; None means every program (admin)."""
    return access.visible_program_ids(user, *access.ANALYSIS)


def narrowed(first, second):
    """The programs both scopes allow (None: every program)."""
    if first is None:
        return second
    if second is None:
        return first
    return set(first) & set(second)


@dataclass(frozen=True)
class Scope:
    user: object
    program_ids: frozenset | None  # None: every program
    program: int | None = None
    call: int | None = None
    state: str = ""
    # The proposals chosen in the queue (workflow.bulk): an export of that selection only. None: no choice.
    chosen: tuple | None = None

    @classmethod
    def of(cls, user, filters, program_ids=None, *, stored=False):
        """The person's scope today; for a stored job, also within the programs it was asked for."""
        allowed = program_ids_for(user)
        if stored:
            allowed = narrowed(allowed, program_ids)
        chosen = filters.get("proposals")
        return cls(user, None if allowed is None else frozenset(allowed), filters.get("program"),
                   filters.get("call"), filters.get("state") or "", None if chosen is None else tuple(chosen))

    def proposals(self):
        rows = grants_selectors.staff_proposals(self.user)
        if self.program_ids is not None:
            rows = rows.filter(call__program_id__in=self.program_ids)
        if self.program:
            rows = rows.filter(call__program_id=self.program)
        if self.call:
            rows = rows.filter(call_id=self.call)
        if self.state:
            rows = rows.filter(state=self.state)
        if self.chosen is not None:
            rows = rows.filter(pk__in=self.chosen)
        return rows

    def proposal_ids(self):
        """The proposals as a subquery, for the tables attached to them."""
        return Subquery(self.proposals().values("pk"))
