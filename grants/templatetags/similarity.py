"""Double-funding warnings for pages that list proposals: {% load similarity %}.

{% double_funding_for_call call %}    the warnings of a call's proposals (the ranking)
{% double_funding_for_items items %}  the board packet's: its items (each with a proposal), seen as its board
"""

from django import template

from grants import similar_projects
from grants.models import Proposal
from grants.states import State

register = template.Library()


@register.inclusion_tag("grants/similarity/double_funding.html", takes_context=True)
def double_funding_for_call(context, call):
    ids = Proposal.objects.filter(call=call).exclude(state=State.DRAFT).values_list("pk", flat=True)
    return _warnings(context, ids)


@register.inclusion_tag("grants/similarity/double_funding.html", takes_context=True)
def double_funding_for_items(context, items):
    # The packet's items are dicts (workflow.packet.packet_context), each with its "proposal".
    proposals = [item["proposal"] if isinstance(item, dict) else item.proposal for item in items]
    if not proposals:
        return {"warnings": []}
    found = similar_projects.double_funding_for_board(proposals[0].program_id, [p.pk for p in proposals])
    return _shown(found)


def _warnings(context, ids):
    return _shown(similar_projects.double_funding(context["request"].user, ids))


def _shown(found):
    titles = dict(Proposal.objects.filter(pk__in=found).values_list("pk", "title"))
    return {"warnings": [(titles[pk], others) for pk, others in found.items()]}
