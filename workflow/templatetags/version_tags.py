"""{% proposal_versions proposal %}: the versions filed and what changed between the last two, on the staff
page of a proposal (workflow.versions.compare: three queries, whatever the size of the application)."""

from django import template

from workflow import versions

register = template.Library()


@register.inclusion_tag("workflow/includes/versions.html")
def proposal_versions(proposal):
    return {"proposal": proposal, "comparison": versions.compare(proposal.pk)}
