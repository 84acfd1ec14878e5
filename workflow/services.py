"""The only way a proposal changes state: views, the API, admin actions, tasks and the demo call this.

transition() runs in one database transaction: lock the proposal row, check that the actor sees it,
that nobody changed it meanwhile, the actor's role, the state, the guards; then run the django-fsm
method, save with update_fields, write the TransitionLog row, queue the notifications (the outbox
sends them after commit) and write the webhook events (workflow.webhooks, sent after commit too).
"""

from dataclasses import dataclass

from django.db import transaction as db
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from accountability import agreements
from accountability import services as accountability
from core.compiled import Compiled
from grants import funders
from grants import tasks as similarity_tasks
from grants.services import funders as funder_files
from grants.services import versions
from grants.states import State
from notifications import outbox
from scoring.models import Decision

from . import guards, references, rules, selectors
from .errors import (
    ConcurrentChange,
    GuardFailed,
    NotAvailable,
    ProposalNotFound,
    TransitionForbidden,
    UnknownTransition,
)
from .inputs import clean_inputs
from .lifecycle import ATTEMPT, ProposalLifecycle
from .machine import NOT_OFFERED_WHEN, ROLE_LABELS, TRANSITIONS, Attempt, spec_for
from .models import TransitionLog
from .webhooks import events as webhooks

# A filing takes the file number (the letter of intent of a two-stage call keeps it for the full proposal)
# and freezes a version.
FILED = (State.SUBMITTED, State.INTENT_SUBMITTED)


@dataclass(frozen=True)
class Available:
    """A transition the actor may perform now; `blocked_by` lists the preconditions not met yet."""

    name: str
    label: str
    comment_required: bool
    comment_label: str
    target: str
    target_label: str
    inputs: tuple
    danger: bool
    blocked_by: tuple = ()

    @property
    def ready(self):
        return not self.blocked_by


def transition(proposal, name, actor, *, comment="", expected_state=None, meeting=None, **data):
    """Run one transition of the table; `meeting` is the board meeting a decision was taken at, if any."""
    spec = spec_for(name)
    if spec is None:
        raise UnknownTransition(_("« %(name)s » n'est pas une action connue.") % {"name": name})
    comment = (comment or "").strip()
    # The state the actor saw when deciding: the page's or the object's they hold.
    expected_state = expected_state or proposal.state
    with db.atomic():
        locked = _lock(proposal.pk)
        _check_allowed(locked, spec, actor, expected_state)
        attempt = Attempt(actor, comment, clean_inputs(spec, data), name)
        for guard_name in spec.guards:
            message = guards.check(guard_name, locked, attempt)
            if message:
                raise GuardFailed(message, code=guard_name, details={"guard": guard_name})
        from_state = locked.state
        setattr(locked, ATTEMPT, attempt)  # the django-fsm condition: called through this service
        try:
            getattr(locked, name)(**attempt.inputs)
        finally:
            delattr(locked, ATTEMPT)
        update_fields = ["state", "updated_at", "state_changed_at", *spec.writes]
        # Every read the writes below need happens first, and a filing's number last (references.assign): the
        # program-year counter row it takes stays locked until the commit, and every other submission in the
        # program waits for what follows it.
        recipients = selectors.audience(locked, spec.notify) if spec.notify else []
        listening = webhooks.listening(locked.call.program_id, webhooks.EventKind.PROPOSAL_TRANSITIONED)
        log = TransitionLog.objects.create(
            proposal=locked, actor=actor, transition=name, from_state=from_state, to_state=locked.state,
            comment=comment, data=attempt.inputs)
        locked.state_changed_at = log.created_at
        if spec.target in FILED:
            # Submit and resubmit freeze what was filed: the version the team analyses and the board decides on;
            # a letter of intent too, so the diff shows what the full proposal added.
            versions.freeze(locked, actor, transition=name)
        numbering = spec.target in FILED and not locked.reference
        if not numbering:
            _save(locked, update_fields)
        if name in ("approve", "decline"):
            decision = _record_decision(locked, name, actor, attempt, meeting)
            webhooks.decision_recorded(decision)
            if name == "approve":
                agreements.create_for_funded(locked, actor, amount=decision.amount_granted,
                                             conditions=decision.conditions)
        if name in ("approve", "decline", "withdraw"):
            funder_files.follow_decision(locked)  # a shared application's other funders see it
        messages = _messages(locked, spec, log, recipients)
        shared = name == "submit" and locked.application_id is None and funders.asks_funders(locked)
        if numbering:  # its first filing: the number, then what holds it, as the transaction's last writes
            if shared:  # each funder's file takes a number in its program below: every counter first, in order
                references.lock_counters(request.call.program_id for request in funders.requests(locked).values())
            references.assign(locked, messages)
            _save(locked, [*update_fields, "reference"])
        outbox.write(messages)
        webhooks.proposal_transitioned(locked, log, endpoints=listening)
        if locked.state == State.SUBMITTED:
            similarity_tasks.after_submission(locked.pk)  # its similar projects, computed after commit
        if shared:
            # One application, several funders: each co-funder's file is filed with it, in its own program.
            for file in funder_files.fan_out(locked, actor):
                transition(file, "submit", actor, comment=_("Demande conjointe %(reference)s.") % {
                    "reference": locked.reference})
    return locked


def _save(locked, update_fields):
    try:
        locked.save(update_fields=update_fields)
    except ConcurrentTransition as exc:  # only without row locks (SQLite): same answer as a race
        raise ConcurrentChange() from exc


def _check_allowed(locked, spec, actor, expected_state):
    """In this order: unseen (404), changed meanwhile (409), not the actor's role (403), wrong state (409)."""
    if not rules.can_view_proposal.test(actor, locked):
        raise ProposalNotFound()
    if locked.state != expected_state:
        raise ConcurrentChange(details={"state": locked.state, "expected_state": expected_state})
    if not rules.may_act_as(spec.role, actor, locked):
        raise TransitionForbidden(
            _("« %(action)s » est réservé au rôle « %(role)s » de ce programme.")
            % {"action": spec.label, "role": ROLE_LABELS[spec.role]},
            details={"role": spec.role})
    if locked.state not in spec.sources:
        raise NotAvailable(
            _("« %(action)s » n'est pas possible quand la demande est à l'état « %(state)s ».")
            % {"action": spec.label, "state": locked.get_state_display()},
            details={"state": locked.state})


def available_transitions(proposal, actor):
    """The transitions this person may perform from the proposal's current state, in table order."""
    if not rules.can_view_proposal.test(actor, proposal):
        return []
    result = []
    for spec in TRANSITIONS:
        if proposal.state not in spec.sources or not rules.may_act_as(spec.role, actor, proposal):
            continue
        attempt = Attempt(actor, "", {}, spec.name)
        if any(guards.check(g, proposal, attempt) for g in spec.preconditions if g in NOT_OFFERED_WHEN):
            continue  # not this kind of call's filing (single- or two-stage): not offered at all
        blocked = tuple(message for message in (guards.check(g, proposal, attempt) for g in spec.preconditions)
                        if message)
        result.append(Available(
            name=spec.name, label=spec.label, comment_required=spec.comment_required,
            comment_label=spec.comment_label, target=spec.target, target_label=State(spec.target).label,
            inputs=spec.inputs, danger=spec.danger, blocked_by=blocked))
    return result


def _record_decision(proposal, name, actor, attempt, meeting):
    """The board's Decision, whatever the entry point (staff page, API, meeting, bulk)."""
    values = attempt.inputs
    approved = name == "approve"
    return Decision.objects.create(
        proposal=proposal, meeting=meeting,
        outcome=Decision.Outcome.APPROVED if approved else Decision.Outcome.DECLINED,
        resolution_number=values.get("resolution_number") or "",
        decided_on=values.get("decided_on") or (meeting.date if meeting else None),
        amount_granted=values.get("amount_granted") if approved else None,
        conditions=values.get("conditions") or "", comment=attempt.comment, recorded_by=actor)


def accept_report(report, actor, *, comment=""):
    """Accept a report; the final one also moves the proposal to "reported", in the same transaction."""
    with db.atomic():
        report = accountability.accept_report(report, actor, comment=comment)
        webhooks.report_accepted(report)
        if report.kind == report.Kind.FINAL:
            transition(report.agreement.proposal, "accept_final_report", actor,
                       comment=_("Rapport final accepté."))
    return report


def _locking(pk):
    # of=("self",): lock the proposal row only, not the joined call and program rows.
    return (ProposalLifecycle.objects.select_for_update(of=("self",)).select_related("call__program", "organisation")
            .annotate(shared_call=funders.shared_call()).filter(pk=pk))


# Compiled once per process: building this query cost the ORM more than running it (1.7 of 2.5 ms, each
# transition).
_LOCKING = Compiled(_locking)


def _lock(pk):
    found = _LOCKING.objects(pk)
    if not found:
        raise ProposalNotFound()
    return found[0]


def _deadline(proposal, spec):
    # The invitation to the full proposal tells its deadline.
    return {"due_on": proposal.call.full_proposal_closes_at} if spec.name == "shortlist" else {}


def _messages(proposal, spec, log, recipients):
    """The messages of this transition to `recipients` (selectors.audience), not written yet; the proposal's
    own values (title, number, organisation, program) are read from `obj` by the outbox, the rest of what the
    wordings use is given here."""
    if not recipients:
        return []
    values = dict(log.data)
    amount = values.get("amount_granted", values.get("suggested_amount"))
    return outbox.messages(
        kind=f"proposal_{spec.name}", recipients=recipients, obj=proposal, occurrence=f"log-{log.pk}",
        context={**values, **_deadline(proposal, spec), "amount": amount, "actor": log.actor,
                 "comment": log.comment,
                 "transition": spec.name, "from_state": log.from_state, "to_state": log.to_state},
    )
