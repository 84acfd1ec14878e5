"""Shipped wordings, used whenever no MessageTemplate row overrides a (kind, language)."""

from . import en, fr

DEFAULTS = {"fr": fr.MESSAGES, "en": en.MESSAGES}


def default_for(kind, language):
    """(subject, text body) in the language, French when the language has no wording."""
    return DEFAULTS.get(language, fr.MESSAGES).get(kind) or fr.MESSAGES[kind]
