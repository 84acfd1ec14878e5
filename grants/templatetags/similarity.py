"""Double-funding warnings for pages that list proposals: {% load similarity %}.

{% double_funding_for_lines table %}  the warnings of the ranking page's rows (scoring.ranking_pages lines: dicts
                                      with a "row"), only those: the page is paginated in SQL, the call may hold
                                      thousands
{% double_funding_for_items items %}  the board packet's: its items (each with a proposal), seen as its board
"""

from django import template

from grants import similar_projects
from grants.models import Proposal

register = template.Library()


@register.inclusion_tag("grants/similarity/double_funding.html", takes_context=True)
def double_funding_for_lines(context, lines):
    ids = [line["row"].proposal.pk for line in lines]
    return _shown(similar_projects.double_funding(context["request"].user, ids)) if ids else {"warnings": []}


@register.inclusion_tag("grants/similarity/double_funding.html", takes_context=True)
def double_funding_for_items(context, items):
    # The packet's items are dicts (workflow.packet.packet_context), each with its "proposal".
    proposals = [item["proposal"] if isinstance(item, dict) else item.proposal for item in items]
    if not proposals:
        return {"warnings": []}
    found = similar_projects.double_funding_for_board(proposals[0].program_id, [p.pk for p in proposals])
    return _shown(found)


def _shown(found):
    titles = dict(Proposal.objects.filter(pk__in=found).values_list("pk", "title"))
    return {"warnings": [(titles[pk], others) for pk, others in found.items()]}
