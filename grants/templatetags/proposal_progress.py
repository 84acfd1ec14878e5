"""{% proposal_progress proposal missing %}: the stages of a proposal and what comes next (grants.progress)."""

from django import template

from grants.progress import progress

register = template.Library()


@register.inclusion_tag("grants/proposals/_progress.html")
def proposal_progress(proposal, missing=()):
    return {"proposal": proposal, "progress": progress(proposal, missing)}
