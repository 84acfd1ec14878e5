"""Pieces of the life cycle that other pages include: {% load workflow_tags %}.

{% proposal_actions proposal %}  buttons (and comment/amount fields) for the viewer's transitions
{% proposal_timeline proposal %} the whole story: transitions and messages in order, then the message form
{% change_request proposal %}    the analyst's latest change request while the proposal awaits it
{% submit_blockers proposal as blockers %} why the applicant cannot file yet, besides missing items
"""

from django import template
from django.utils.html import format_html

from core.labels import display
from grants.states import State
from workflow import conversation, guards, history
from workflow.machine import Attempt, filing_transition, spec_for
from workflow.rules import can_use_queue
from workflow.services import available_transitions

register = template.Library()
COMPLETENESS = ("form_is_complete", "intent_is_complete")


@register.inclusion_tag("workflow/includes/actions.html", takes_context=True)
def proposal_actions(context, proposal):
    request = context["request"]
    return {
        "proposal": proposal,
        "actions": available_transitions(proposal, request.user),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("workflow/includes/conversation.html", takes_context=True)
def proposal_timeline(context, proposal):
    request = context["request"]
    form, handles = conversation.form_for(proposal, request.user)
    items, truncated = conversation.story(proposal, request.user, conversation.PAGE_LIMIT)
    return {
        "proposal": proposal,
        "items": items,
        "truncated": truncated,
        "limit": conversation.PAGE_LIMIT,
        "form": form,
        "handles": handles,
        "next": request.path,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("workflow/includes/change_request.html")
def change_request(proposal):
    latest = None
    if proposal.state == State.CHANGES_REQUESTED:
        latest = history.latest(proposal, "request_changes")
    return {"request_log": latest}


@register.simple_tag(takes_context=True)
def submit_blockers(context, proposal):
    """The messages of the submit (or resubmit) preconditions not met yet, except the form's completeness,
    which the verification step lists item by item: the call's window, the organisation's verification."""
    name = filing_transition(proposal)
    spec = spec_for(name)
    if proposal.state not in spec.sources:
        return []
    attempt = Attempt(context["request"].user, "", {}, name)
    return [message for message in (guards.check(guard, proposal, attempt) for guard in spec.preconditions
                                    if guard not in COMPLETENESS) if message]


@register.simple_tag
def state_badge(proposal):
    # Markup built here rather than by an included template: list pages show one per row.
    return format_html('<span class="badge badge-{}">{}</span>', proposal.state, display(proposal, "state"))


@register.filter
def uses_workflow_queue(user):
    """For the navigation: does this person hold a staff role (analyst, board, manager) somewhere?"""
    return can_use_queue.test(user)
