"""{% proposal_answers proposal %}: the answers to the call's own questions (grants.answers), on the
applicant's and the staff's pages; print=True for the printable PDF (no links, a section of its own)."""

from django import template

from grants.answers import answer_rows

register = template.Library()


@register.inclusion_tag("grants/questions/_answers.html")
def proposal_answers(proposal, print=False):  # noqa: A002  (the template's keyword)
    return {"proposal": proposal, "rows": answer_rows(proposal), "print": print}
