"""Many lines at once: rows pasted from a spreadsheet (tab-separated) or read from a CSV file become rows
of the step's formset, to check and save like rows typed one by one.

Columns come in the order the form shows them, or in any order under a first row of headings (the
labels of the form, or words of them: "Nom", "Type", "Rôle", "Demandé au fonds"…). A choice is read from its label or its
code, whatever the case and accents ("communautaire", "Public ou parapublic").
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from grants.tabular import decode, heading_key, records

MAX_ROWS = 500
MAX_FILE_BYTES = 1_000_000
TOO_MANY = gettext_lazy("Ajoutez au plus %(max)d lignes à la fois : séparez votre liste en plusieurs "
                        "collages ou fichiers.")


class ImportProblem(Exception):
    """What people must fix before their rows can be read (the message says what to do)."""


def _limited(rows):
    if len(rows) > MAX_ROWS + 1:  # one more for a headings row
        raise ImportProblem(TOO_MANY % {"max": MAX_ROWS})
    return rows


def read_pasted(text):
    """Cells of the rows copied from a spreadsheet: tab-separated, a cell with line breaks in quotes."""
    return _limited(records(text or "", "\t"))


def read_csv(upload):
    """Cells of a CSV file (grants.tabular: its encoding and separator are recognised)."""
    raw = upload.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise ImportProblem(_("Ce fichier dépasse 1 Mo : importez-en une partie à la fois."))
    return _limited(records(decode(raw)))


def _choice(field, value):
    for code, label in field.choices:
        if code and heading_key(value) in (heading_key(code), heading_key(label)):
            return code
    return value  # left as given: the row then asks for a choice from the list


def line_fields(form_class):
    """The form's own fields in order (an inline formset appends its foreign key to Meta.fields)."""
    return [name for name in form_class.Meta.fields if name in form_class.base_fields]


def _names_field(key, name, label):
    """Whether a heading names the field: its name, its label, or words of its label ("Rôle", "Demandé au
    fonds" for "Montant demandé au fonds ($)")."""
    label = heading_key(label)
    return key in (heading_key(name), label) or (len(key) >= 3 and f" {key} " in f" {label} ")


def _heading_columns(form_class, cells):
    """{column index: field name} when the first row names the columns, else None."""
    fields = form_class.base_fields
    columns = {}
    for index, cell in enumerate(cells):
        key = heading_key(cell)
        if not key:
            continue
        name = next((name for name in line_fields(form_class) if name not in columns.values()
                     and _names_field(key, name, fields[name].label)), None)
        if name is None:
            return None
        columns[index] = name
    return columns or None


def rows_for(form_class, records):
    """{field name: value as typed} for each data row, the headings row left out."""
    if not records:
        return []
    columns = _heading_columns(form_class, records[0])
    if columns:
        records = records[1:]
    else:
        columns = dict(enumerate(line_fields(form_class)))
    if len(records) > MAX_ROWS:
        raise ImportProblem(TOO_MANY % {"max": MAX_ROWS})
    rows = []
    for record in records:
        values = {}
        for index, name in columns.items():
            value = record[index] if index < len(record) else ""
            field = form_class.base_fields[name]
            if value and isinstance(field, forms.ChoiceField):
                value = _choice(field, value)
            if value:
                values[name] = value
        if values:
            rows.append(values)
    return rows


def with_rows(data, formset, rows):
    """A copy of the posted data where `rows` fill the formset's untouched new rows, then rows added after
    them; a field a row does not give keeps the blank row's default. Returns (data, first row index)."""
    data = data.copy()
    prefix = formset.prefix
    initial = formset.initial_form_count()
    free = [index for index, form in enumerate(formset.forms)
            if index >= initial and not form.has_changed() and not data.get(f"{prefix}-{index}-DELETE")]
    total = formset.total_form_count()
    slots = (free + list(range(total, total + len(rows))))[:len(rows)]
    blank = formset.empty_form
    defaults = {name: blank.get_initial_for_field(field, name) for name, field in blank.fields.items()}
    for index, values in zip(slots, rows, strict=True):
        for name in line_fields(formset.form):
            default = defaults.get(name)
            data[f"{prefix}-{index}-{name}"] = values.get(name, "" if default is None else str(default))
    if slots:
        data[f"{prefix}-TOTAL_FORMS"] = str(max(total, slots[-1] + 1))
    return data, (slots[0] if slots else None)


def added_message(count, label):
    return ngettext("%(count)d ligne ajoutée (%(label)s). Vérifiez-la, puis enregistrez la section.",
                    "%(count)d lignes ajoutées (%(label)s). Vérifiez-les, puis enregistrez la section.",
                    count) % {"count": count, "label": label}
