"""The "projets semblables" section of the staff page: {% load similarity_tags %}{% similar_projects proposal %}."""

from django import template

from grants import similar_projects as selectors
from grants.models import OverlapMark

register = template.Library()


@register.inclusion_tag("workflow/includes/similar_projects_list.html", takes_context=True)
def similar_projects(context, proposal):
    user = context["request"].user
    return {
        "proposal": proposal,
        "similar": selectors.similar_for(user, proposal),
        "may_mark": user.has_perm("grants.mark_overlap", proposal),
        "kinds": OverlapMark.Kind.choices,
        "csrf_token": context.get("csrf_token"),
    }
