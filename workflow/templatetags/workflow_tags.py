"""Pieces of the life cycle that other pages include: {% load workflow_tags %}.

{% proposal_actions proposal %}  buttons (and comment/amount fields) for the viewer's transitions
{% proposal_timeline proposal %} the history from the TransitionLog
{% change_request proposal %}    the analyst's latest change request while the proposal awaits it
"""

from django import template

from grants.states import State
from workflow import history
from workflow.rules import can_use_queue
from workflow.services import available_transitions

register = template.Library()


@register.inclusion_tag("workflow/includes/actions.html", takes_context=True)
def proposal_actions(context, proposal):
    request = context["request"]
    return {
        "proposal": proposal,
        "actions": available_transitions(proposal, request.user),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("workflow/includes/timeline.html", takes_context=True)
def proposal_timeline(context, proposal):
    return {"entries": history.timeline(proposal, context["request"].user)}


@register.inclusion_tag("workflow/includes/change_request.html")
def change_request(proposal):
    latest = None
    if proposal.state == State.CHANGES_REQUESTED:
        latest = history.latest(proposal, "request_changes")
    return {"request_log": latest}


@register.inclusion_tag("workflow/includes/state_badge.html")
def state_badge(proposal):
    return {"state": proposal.state, "label": proposal.get_state_display()}


@register.filter
def uses_workflow_queue(user):
    """For the navigation: does this person hold a staff role (analyst, board, manager) somewhere?"""
    return can_use_queue.test(user)
