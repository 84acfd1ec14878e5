"""The label of a stored choice, as get_FOO_display() gives it, for list pages that show one per row.

get_FOO_display() hashes every choice of the field on each call, translating each lazy label: 25 state
badges cost hundreds of translations. Here each field's labels are translated once per language.
"""

from django.utils.translation import get_language

_LABELS = {}  # (field, language) -> {value: label}


def labels_of(field):
    """{value: label} of a choice field, in the active language."""
    key = (field, get_language())
    labels = _LABELS.get(key)
    if labels is None:
        labels = _LABELS[key] = {choice: str(label) for choice, label in field.flatchoices}
    return labels


def display(instance, name):
    """What instance.get_<name>_display() returns: the translated label, or the value if not a choice."""
    field = instance._meta.get_field(name)
    value = getattr(instance, field.attname)
    return labels_of(field).get(value, value)
