"""The reader's language for values stored in both (a program's name, a question's wording…)."""

from django.utils.translation import get_language


def reads_english():
    return (get_language() or "fr").startswith("en")


def in_reader_language(french, english):
    """The English value for an English reader when there is one, the French one otherwise."""
    return english if english and reads_english() else french
