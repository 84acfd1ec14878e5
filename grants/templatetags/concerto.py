from django import template

from core import labels, typography
from core.money import format_money

register = template.Library()


@register.filter
def money(amount):
    return format_money(amount)


@register.filter
def display(instance, name):
    """{{ report|display:"state" }}: report.get_state_display(), its labels translated once per language."""
    return "" if instance is None else labels.display(instance, name)


@register.simple_tag
def colon():
    """The colon after a label translated apart: "État : …" in French, "Status: …" in English."""
    return typography.colon()
