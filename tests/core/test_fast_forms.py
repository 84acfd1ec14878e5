"""The fast renderer writes exactly what Django's templates write, for every widget it takes over."""

import pytest
from django import forms
from django.db import connection
from django.forms.renderers import DjangoTemplates
from django.test.utils import CaptureQueriesContext
from django.utils.safestring import mark_safe
from django.utils.translation import override

from core.fast_forms import FastRenderer, ListedModelChoiceField
from grants.models import Program
from tests.factories import ProgramFactory

CHOICES = [("", "—"), ("a", "Ampère & <co>"), (1, "un"), ("Groupe « B »", [("b1", "B un"), ("b2", mark_safe("<b>B</b>"))])]


class Everything(forms.Form):
    text = forms.CharField(label="Texte", max_length=20, help_text="Aide")
    optional = forms.CharField(label="Quoi ?", required=False)
    number = forms.IntegerField(label="Nombre", min_value=1, max_value=9, required=False)
    amount = forms.DecimalField(label="Montant", required=False)
    email = forms.EmailField(label=mark_safe("<i>Courriel</i>"), required=False)
    day = forms.DateField(label="Jour", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField(label="Moment", required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "data-x": '"q"',
                                                            "disabled": True, "readonly": False}), required=False)
    flag = forms.BooleanField(required=False)
    choice = forms.ChoiceField(choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    year = forms.TypedChoiceField(choices=[(2025, 2025), (2026, 2026)], coerce=int, required=False)


DATA = {"text": "<script>", "optional": "", "number": "12", "amount": "1234.5", "email": "a@b", "day": "2026-12-03",
        "moment": "2026-12-03 10:00", "hidden": 'x"y', "secret": "s3", "search": "&amp;", "flag": "on",
        "choice": "a", "many": ["b2", "1"], "year": "2026"}


def _fields(form_class, data, renderer):
    form = form_class(data, renderer=renderer)
    form.is_valid()
    return [(str(field), field.label_tag(), field.label_tag(attrs={"class": "x"}, label_suffix="")) for field in form]


@pytest.mark.parametrize("data", [None, {}, DATA])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_fields_are_written_as_django_writes_them(data, language):
    with override(language):
        assert _fields(Everything, data, FastRenderer()) == _fields(Everything, data, DjangoTemplates())


def test_other_templates_still_go_through_django():
    class Radios(forms.Form):
        pick = forms.ChoiceField(choices=CHOICES[1:3], widget=forms.RadioSelect)
        text = forms.CharField(widget=forms.Textarea)

    assert _fields(Radios, {"pick": "a"}, FastRenderer()) == _fields(Radios, {"pick": "a"}, DjangoTemplates())
    assert str(Radios(renderer=FastRenderer())) == str(Radios(renderer=DjangoTemplates()))


@pytest.mark.django_db
def test_listed_choices_are_read_in_one_plain_query():
    first, second = ProgramFactory(), ProgramFactory()

    class Pick(forms.Form):
        program = ListedModelChoiceField(queryset=Program.objects.order_by("pk"), empty_label="Tous")

    with CaptureQueriesContext(connection) as queries:
        rendered = str(Pick()["program"])
    assert len(queries) == 1 and "CURSOR" not in queries[0]["sql"].upper()
    class Plain(forms.Form):
        program = forms.ModelChoiceField(queryset=Program.objects.order_by("pk"), empty_label="Tous")

    assert rendered == str(Plain(renderer=DjangoTemplates())["program"])
    assert f'value="{first.pk}"' in rendered and f'value="{second.pk}"' in rendered
    assert Pick({"program": second.pk}).is_valid()
