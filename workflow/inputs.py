"""Read the values given with a transition (form strings or JSON) into Decimals, dates and text."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from .errors import InvalidInput

CENT = Decimal("0.01")


def clean_inputs(spec, data):
    known = {item.name: item for item in spec.inputs}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise InvalidInput(
            _("Valeurs inattendues pour « %(action)s » : %(names)s.") % {
                "action": spec.label, "names": ", ".join(unknown)},
            details={"unexpected": unknown})
    cleaned = {}
    for name, item in known.items():
        value = data.get(name)
        if value in (None, ""):
            continue  # Required values are checked by the guards, with their own message.
        cleaned[name] = READERS[item.kind](value, item)
    return cleaned


def _amount(value, item):
    try:
        # Accept the Québec way of typing amounts too: "12 345,67".
        text = str(value).replace("\u00a0", "").replace(" ", "").replace("$", "").replace(",", ".")
        amount = Decimal(text)
    except (InvalidOperation, ValueError):
        amount = None
    if amount is None or not amount.is_finite():
        raise InvalidInput(_("%(label)s : montant invalide.") % {"label": item.label},
                           details={"field": item.name})
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _date(value, item):
    if isinstance(value, date):
        return value
    try:
        parsed = parse_date(str(value))
    except ValueError:
        parsed = None
    if parsed is None:
        raise InvalidInput(_("%(label)s : date invalide (AAAA-MM-JJ).") % {"label": item.label},
                           details={"field": item.name})
    return parsed


def _text(value, item):
    return str(value).strip()


READERS = {"amount": _amount, "date": _date, "text": _text}
