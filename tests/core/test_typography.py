"""The colon after a label in Python-made text (messages, stored labels), per language."""

from core.typography import colon, labelled


def test_python_labels_follow_the_language():
    assert (colon("fr"), colon("en")) == ("\u00a0:", ":")
    assert labelled("Étiquette", "Urgent", "fr") == "Étiquette\u00a0: Urgent"
    assert labelled("Tag", "Urgent", "en") == "Tag: Urgent"
