from decimal import Decimal, InvalidOperation

from babel.numbers import format_currency
from django import template
from django.utils.translation import get_language

register = template.Library()


def format_money(amount, language=None):
    """12 345,67 $ in French (fr-CA), $12,345.67 in English; empty for no amount."""
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    locale = "en_CA" if (language or get_language() or "fr").startswith("en") else "fr_CA"
    return format_currency(value, "CAD", locale=locale, currency_digits=True)


@register.filter
def money(amount):
    return format_money(amount)
