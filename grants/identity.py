"""How one organisation is told from another: its Québec enterprise number (NEQ) and its legal name.

normalise_neq validates and compacts what people type ("1140 000 001"); normalise_name reduces a legal
name to what matters when comparing two of them (no accents, case, punctuation nor legal-form words),
and names_are_close says whether two names are probably the same organisation.
"""

import re
import unicodedata
from difflib import SequenceMatcher

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The first two digits of a NEQ tell which register the enterprise is in (Registraire des entreprises).
NEQ_PREFIXES = ("11", "22", "33", "88")
NAME_SIMILARITY = 0.85
# Legal-form words that do not tell two organisations apart ("Maison des familles inc.").
LEGAL_FORMS = {"inc", "incorporee", "enr", "enregistre", "enregistree", "ltee", "limitee", "ltd", "senc", "obnl"}


def normalise_neq(value):
    """The NEQ as 10 digits (spaces and dashes removed), or "" when none was given; ValidationError else."""
    digits = re.sub(r"[\s-]", "", value or "")
    if not digits:
        return ""
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError(_("Le NEQ compte exactement 10 chiffres."), code="neq")
    if not digits.startswith(NEQ_PREFIXES):
        raise ValidationError(_("Un NEQ commence par 11, 22, 33 ou 88."), code="neq_prefix")
    return digits


def normalise_name(value):
    """'Centre d’Action Bénévole de Sept-Îles, Inc.' -> 'centre d action benevole de sept iles'."""
    text = unicodedata.normalize("NFKD", value or "")
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    words = re.sub(r"[\W_]+", " ", text).split()
    return " ".join(word for word in words if word not in LEGAL_FORMS)


def name_similarity(first, second):
    return SequenceMatcher(None, normalise_name(first), normalise_name(second)).ratio()


def names_are_close(first, second):
    return name_similarity(first, second) >= NAME_SIMILARITY
