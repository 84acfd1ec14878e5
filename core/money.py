"""Amounts the Québec way: 12 345,67 $ in French (fr-CA), $12,345.67 in English."""

from decimal import Decimal, InvalidOperation

from babel.numbers import format_currency
from django.utils.translation import get_language


def format_money(amount, language=None):
    """Empty for no amount; the active language unless one is given."""
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    locale = "en_CA" if (language or get_language() or "fr").startswith("en") else "fr_CA"
    return format_currency(value, "CAD", locale=locale, currency_digits=True)
