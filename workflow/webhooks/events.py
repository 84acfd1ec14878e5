"""Writing events: called inside the transaction of the change they describe (never after it).

emit() writes the event and one pending delivery per active endpoint of the program subscribed to its
kind; a change rolled back takes them with it. Nothing is written when no endpoint listens: an endpoint
registered later does not receive the past. The payloads carry ids, reference, states, amounts and
dates, as the API shows them to staff; never who acted, their comments nor other free text (the decision's
conditions): an integrator reads those through the API, with its permission checks.
"""

from functools import partial

from django.db import transaction

from core.compiled import Compiled
from workflow import tasks

from .models import EventKind, WebhookDelivery, WebhookEndpoint, WebhookEvent


def _active(program_id):
    return WebhookEndpoint.objects.filter(program_id=program_id, active=True).only("id", "events").order_by()


# Compiled once per process: every transition asks, and building the query cost more than running it.
_ACTIVE = Compiled(_active)


def listening(program_id, kind):
    """The program's active endpoints subscribed to `kind` (read before a transition takes its locks)."""
    return [endpoint for endpoint in _ACTIVE.objects(program_id) if kind in endpoint.events]


def emit(kind, program_id, payload, *, endpoints=None):
    """The event and its deliveries (to `endpoints` if given, else to the program's subscribers)."""
    if endpoints is None:
        endpoints = listening(program_id, kind)
    if not endpoints:
        return None
    event = WebhookEvent.objects.create(kind=kind, program_id=program_id, payload=payload)
    deliveries = WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(endpoint=endpoint, event=event, next_attempt_at=event.created_at,
                         created_at=event.created_at) for endpoint in endpoints])
    transaction.on_commit(partial(tasks.enqueue, [delivery.pk for delivery in deliveries]))
    return event


def _proposal(proposal):
    return {"id": proposal.pk, "reference": proposal.reference, "title": proposal.title,
            "state": proposal.state, "call_id": proposal.call_id, "program_id": proposal.call.program_id,
            "organisation_id": proposal.organisation_id, "requested_amount": proposal.requested_amount,
            "amount_granted": proposal.amount_granted}


def proposal_transitioned(proposal, log, endpoints=None):
    return emit(EventKind.PROPOSAL_TRANSITIONED, proposal.call.program_id, {
        "proposal": _proposal(proposal), "transition": log.transition, "from_state": log.from_state,
        "to_state": log.to_state, "occurred_at": log.created_at}, endpoints=endpoints)


def decision_recorded(decision):
    proposal = decision.proposal
    return emit(EventKind.DECISION_RECORDED, proposal.call.program_id, {
        "proposal": _proposal(proposal),
        "decision": {"id": decision.pk, "outcome": decision.outcome, "resolution_number": decision.resolution_number,
                     "decided_on": decision.decided_on, "amount_granted": decision.amount_granted,
                     "meeting_id": decision.meeting_id, "recorded_at": decision.recorded_at}})


def report_accepted(report):
    proposal = report.agreement.proposal
    return emit(EventKind.REPORT_ACCEPTED, proposal.call.program_id, {
        "proposal": _proposal(proposal),
        "report": {"id": report.pk, "kind": report.kind, "order": report.order, "due_on": report.due_on,
                   "agreement_id": report.agreement_id, "accepted_at": report.accepted_at}})


def ping(endpoint):
    return emit(EventKind.PING, endpoint.program_id, {"endpoint_id": endpoint.pk}, endpoints=[endpoint])
