"""Reading the TransitionLog for people: what each viewer may see of a proposal's history."""

from dataclasses import dataclass

from .machine import APPLICANT, BY_NAME, ROLE_LABELS
from .models import TransitionLog
from .rules import can_view_as_staff


@dataclass(frozen=True)
class Entry:
    log: TransitionLog
    label: str
    who: str
    comment: str
    data: list  # (label, value, is_amount)


def latest(proposal, transition):
    return (TransitionLog.objects.filter(proposal=proposal, transition=transition)
            .select_related("actor").order_by("-created_at", "-id").first())


def timeline(proposal, viewer):
    """Newest first. The organisation sees comments meant for it, and team roles rather than names:
    internal recommendations to the decision body stay between staff."""
    staff = can_view_as_staff.test(viewer, proposal)
    entries = []
    logs = TransitionLog.objects.filter(proposal=proposal).select_related("actor").order_by("-created_at", "-id")
    for log in logs:
        spec = BY_NAME.get(log.transition)
        role = spec.role if spec else APPLICANT
        told = spec is not None and (role == APPLICANT or "applicants" in spec.notify)
        entries.append(Entry(
            log=log,
            label=spec.label if spec else log.transition,
            who=log.actor.get_full_name() if staff or role == APPLICANT else ROLE_LABELS[role],
            comment=log.comment if staff or told else "",
            data=_visible_data(log.data) if staff or told else [],
        ))
    return entries


def _visible_data(data):
    inputs = {item.name: item for spec in BY_NAME.values() for item in spec.inputs}
    rows = []
    for key, value in (data or {}).items():
        item = inputs.get(key)
        rows.append((item.label if item else key, value, bool(item and item.kind == "amount")))
    return rows
