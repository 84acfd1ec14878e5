"""The error summary shown at the top of a step after a failed save: one entry per problem, each linking
to the element to fix (the field, a formset row's field, the row, or the group of rows)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    anchor: str  # an id present on the page
    label: str
    message: str


def _field_anchor(bound):
    # Checkbox and radio groups have no single input to label: their wrapper (grants/includes/field.html).
    return bound.id_for_label or f"field-{bound.html_name}"


def _form_entries(form, anchor, prefix=""):
    for message in form.non_field_errors():
        yield Entry(anchor, prefix, message)
    for bound in form:
        for message in bound.errors:
            label = f"{prefix} — {bound.label}" if prefix else str(bound.label)
            yield Entry(_field_anchor(bound), label, message)


def error_entries(form, formsets):
    entries = list(_form_entries(form, "step-form")) if form is not None and form.is_bound else []
    for formset in formsets:
        if not formset.is_bound:
            continue
        for message in formset.non_form_errors():
            entries.append(Entry(f"formset-{formset.prefix}", str(formset.title).capitalize(), message))
        for index, row in enumerate(formset.forms):
            if formset.can_delete and formset._should_delete_form(row):
                continue
            entries.extend(_form_entries(row, f"{formset.prefix}-row-{index}", f"{formset.label} {index + 1}"))
    return entries
