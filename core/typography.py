"""Punctuation that differs between the two languages.

French sets a no-break space before a colon (Office québécois de la langue française); English sets none.
"""

from django.utils.translation import get_language


def colon(language=None):
    """The colon after a label, in the given language or the active one."""
    return "\u00a0:" if (language or get_language() or "fr").startswith("fr") else ":"


def labelled(label, text, language=None):
    """ "Label : text" in French, "Label: text" in English."""
    return f"{label}{colon(language)} {text}"
