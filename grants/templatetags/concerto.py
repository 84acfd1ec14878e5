from django import template

from core import typography
from core.money import format_money

register = template.Library()


@register.filter
def money(amount):
    return format_money(amount)


@register.simple_tag
def colon():
    """The colon after a label translated apart: "État : …" in French, "Status: …" in English."""
    return typography.colon()
