"""Amounts read the way people type them in Québec, and shown back the same way."""

from decimal import Decimal

import pytest
from django.utils import translation

from core.money import AmountField, format_amount_input, parse_amount

NBSP, NARROW = "\u00a0", "\u202f"


@pytest.mark.parametrize("typed, amount", [
    ("60 000,00", "60000.00"), ("60000", "60000"), ("60 000 $", "60000"), ("60 000,00 $", "60000.00"),
    (f"60{NBSP}000,00{NBSP}$", "60000.00"), (f"60{NARROW}000,00{NARROW}$", "60000.00"),
    ("60\u2009000,5", "60000.5"), ("$60,000.00", "60000.00"), ("60,000.00", "60000.00"),
    ("60.000,00", "60000.00"), ("60,000", "60000"), ("1 234 567,89 $", "1234567.89"), ("12,5", "12.5"),
    ("0,75", "0.75"), (",5", "0.5"), ("-150,00", "-150.00"), ("\u2212150", "-150"), ("  42  ", "42"),
])
def test_quebec_and_english_amounts_are_read(typed, amount):
    assert parse_amount(typed) == Decimal(amount)


@pytest.mark.parametrize("typed", ["", "   ", "$", " $ "])
def test_an_empty_amount_is_none(typed):
    assert parse_amount(typed) is None


@pytest.mark.parametrize("typed", ["abc", "60 000 €", "1,234,56", "12-5", "60..00", "1,2,3", "1.234,567.89"])
def test_what_is_not_an_amount_is_refused(typed):
    with pytest.raises(ValueError):
        parse_amount(typed)


def test_more_than_two_decimals_is_read_then_refused_by_the_field():
    assert parse_amount("0,125") == Decimal("0.125")
    field = AmountField(max_digits=12, decimal_places=2)
    with pytest.raises(Exception) as refused:
        field.clean("0,125")
    assert "au plus 2 chiffres après la virgule" in str(refused.value)


def test_the_field_says_what_to_type():
    field = AmountField(max_digits=12, decimal_places=2)
    with pytest.raises(Exception) as refused:
        field.clean("soixante mille")
    assert "Inscrivez un montant en dollars, par exemple 60 000,00" in str(refused.value)
    assert field.clean("60 000,00 $") == Decimal("60000.00")


def test_an_amount_is_shown_in_the_field_the_active_languages_way():
    with translation.override("fr"):
        assert format_amount_input(Decimal("60000")) == f"60{NBSP}000,00"
        assert AmountField().widget.format_value(Decimal("1234.5")) == f"1{NBSP}234,50"
    with translation.override("en"):
        assert format_amount_input(Decimal("60000")) == "60,000.00"
    # Whatever was typed comes back as typed after a refused save.
    assert AmountField().widget.format_value("60 000 $") == "60 000 $"
