"""Form fields written out in Python instead of through Django's widget templates, byte for byte the same.

Django renders each field, each of its labels and each option of a select through a template of its own: a
filter form of eight fields and forty options costs more than the table of results beside it. The
renderer below writes Django's own label, input and select templates directly (tests/core/test_fast_forms.py
compares both on every kind of value); any other template goes through Django's renderer as before.
"""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData
from django.utils.timezone import template_localtime

WIDGETS = "django/forms/widgets/"
INPUTS = {f"{WIDGETS}{kind}.html" for kind in (
    "input", "text", "number", "email", "hidden", "password", "search", "tel", "url", "date", "datetime", "time",
    "color", "checkbox")}


def _text(value):
    """{{ value }} in an autoescaped template."""
    return conditional_escape(localize(template_localtime(value)))


def _formatted(value):
    """{{ value|stringformat:'s' }}: the filter keeps safe strings safe; anything else is escaped."""
    return str(value) if isinstance(value, SafeData) else escape(value)


def _attrs(attrs):
    """django/forms/attrs.html and django/forms/widgets/attrs.html."""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"'
        for name, value in (attrs or {}).items() if value is not False)


def _input(widget):
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _option(option):
    return f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>{_text(option["label"])}</option>\n'


def _select(widget):
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        parts.extend(f"\n  {_option(option)}" for option in options)
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _label(context):
    if not context["use_tag"]:
        return _text(context["label"])
    tag = _text(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{_text(context['label'])}</{tag}>"


def _writer(template_name, context):
    if template_name in INPUTS:
        return lambda: _input(context["widget"])
    if template_name == f"{WIDGETS}select.html" and all(
            option["template_name"] == f"{WIDGETS}select_option.html"
            for _group, options, _index in context["widget"]["optgroups"] for option in options):
        return lambda: _select(context["widget"])
    if template_name == "django/forms/label.html":
        return lambda: _label(context)
    return None


class FastRenderer(DjangoTemplates):
    """Django's template renderer, except for the templates written out above (the same text)."""

    def render(self, template_name, context, request=None):
        writer = _writer(template_name, context)
        if writer is None:
            return super().render(template_name, context, request=request)
        return writer().strip()


class ListedModelChoiceField(forms.ModelChoiceField):
    """A model choice field whose options are read by one plain query: Django's iterator() opens a
    server-side cursor on PostgreSQL (declare, fetch, close) for a list of a few dozen rows. A form that
    reads the options of several fields in one query gives each its (value, label) pairs as `listed`; the
    queryset then only checks a chosen value."""

    listed = None

    class iterator(forms.models.ModelChoiceIterator):  # noqa: N801 - Django's attribute name
        def __iter__(self):
            if self.field.empty_label is not None:
                yield ("", self.field.empty_label)
            if self.field.listed is not None:
                yield from self.field.listed
                return
            for obj in self.queryset:
                yield self.choice(obj)
