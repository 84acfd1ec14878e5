"""Amounts the Québec way: 12 345,67 $ in French (fr-CA), $12,345.67 in English; read back as typed."""

import re
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from babel import Locale
from babel.numbers import format_decimal
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Every space people type or paste between thousands: plain, non-breaking, narrow non-breaking, thin, figure.
SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
# An integer written with one thousands separator: "60,000", "1.234.567", "1'000".
GROUPED = re.compile(r"[1-9]\d{0,2}(?:([.,'])\d{3})(?:\1\d{3})*")
PLAIN = re.compile(r"\d+")


def _locale(language=None):
    return "en_CA" if (language or get_language() or "fr").startswith("en") else "fr_CA"


@cache
def _currency_pattern(locale_name):
    # What babel's format_currency() looks up on every call.
    locale = Locale.parse(locale_name)
    return locale, locale.currency_formats["standard"]


@lru_cache(maxsize=4096)
def _formatted(text, locale_name):
    # List pages format an amount per row, and the same rows again at each visit.
    locale, pattern = _currency_pattern(locale_name)
    return pattern.apply(Decimal(text), locale, currency="CAD", currency_digits=True)


def format_money(amount, language=None):
    """Empty for no amount; the active language unless one is given."""
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    return _formatted(str(value), _locale(language))


def format_amount_input(amount, language=None):
    """An amount as a form field shows it: "60 000,00" in French, "60,000.00" in English, no currency sign."""
    return format_decimal(Decimal(str(amount)), format="#,##0.00", locale=_locale(language))


def parse_amount(text):
    """The Decimal people meant by "60 000,00", "60000", "60 000 $", "60 000,00 $", "$60,000.00" or
    "60.000,00"; None when empty. Raises ValueError when it is not an amount.

    The last comma or dot followed by one or two digits is the decimal mark; followed by three digits, and
    in a well-formed group of thousands, it separates thousands ("60,000" is sixty thousand in both
    languages: nobody writes an amount in dollars to the tenth of a cent)."""
    if isinstance(text, (Decimal, int)):
        return Decimal(text)
    value = SPACES.sub("", str(text or "")).replace("\u2212", "-")
    if value.endswith("$"):
        value = value[:-1]
    elif value.startswith("$") or value.startswith("-$"):
        value = value.replace("$", "", 1)
    if not value:
        return None
    sign = ""
    if value[0] in "+-":
        sign, value = ("-" if value[0] == "-" else ""), value[1:]
    if PLAIN.fullmatch(value):
        return Decimal(sign + value)
    if GROUPED.fullmatch(value):
        return Decimal(sign + re.sub(r"[.,']", "", value))
    head, mark, tail = max(value.rpartition(","), value.rpartition("."), key=lambda parts: len(parts[0]))
    if not mark or not PLAIN.fullmatch(tail or "0"):
        raise ValueError(text)
    if head and not PLAIN.fullmatch(head):
        grouped = GROUPED.fullmatch(head)
        if not grouped or grouped.group(1) == mark:
            raise ValueError(text)
        head = re.sub(r"[.,']", "", head)
    return Decimal(f"{sign}{head or '0'}.{tail or '0'}")


class AmountInput(forms.TextInput):
    """A text box (a number box refuses "60 000,00"), with the decimal keypad on phones."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, (Decimal, int, float)):
            return format_amount_input(value)
        return super().format_value(value)


class AmountField(forms.DecimalField):
    """A decimal typed the Québec way or the English way, see parse_amount(); shown the active language's
    way. With currency=False (a target, a count) the messages speak of a number, not an amount."""

    widget = AmountInput

    def __init__(self, *args, currency=True, **kwargs):
        super().__init__(*args, **kwargs)
        if currency:
            self.error_messages["invalid"] = _(
                "Inscrivez un montant en dollars, par exemple 60 000,00 ou 60 000 $.")
        else:
            self.error_messages["invalid"] = _("Inscrivez un nombre, par exemple 200 ou 12,5.")
        self.error_messages["max_decimal_places"] = _(
            "Inscrivez au plus %(max)s chiffres après la virgule.")
        self.error_messages["max_digits"] = _("Ce nombre est trop grand : inscrivez au plus %(max)s chiffres.")
        self.error_messages["max_whole_digits"] = _(
            "Ce nombre est trop grand : inscrivez au plus %(max)s chiffres avant la virgule.")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            parsed = parse_amount(value)
        except (ValueError, InvalidOperation):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if parsed is None:
            return None
        if not parsed.is_finite():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed
