"""The export page's choices: a table (or every table, in XLSX), a format and filters within the person's
programs. A program or call outside them is not offered and is refused like an unknown value."""

from django import forms
from django.utils.translation import gettext_lazy as _

from grants.models import Call, Program
from grants.states import State

from ..models import ExportJob
from .scope import program_ids_for
from .tables import TABLES


def _programs(user):
    allowed = program_ids_for(user)
    programs = Program.objects.all() if allowed is None else Program.objects.filter(pk__in=allowed)
    return programs.order_by("code")


class ExportForm(forms.Form):
    table = forms.ChoiceField(label=_("Table"), required=False)
    format = forms.ChoiceField(label=_("Format"), choices=ExportJob.Format.choices, initial=ExportJob.Format.XLSX)
    program = forms.ModelChoiceField(label=_("Programme"), queryset=Program.objects.none(), required=False,
                                     empty_label=_("Tous mes programmes"))
    call = forms.ModelChoiceField(label=_("Appel de projets"), queryset=Call.objects.none(), required=False,
                                  empty_label=_("Tous les appels"))
    state = forms.ChoiceField(label=_("État de la demande"), required=False,
                              choices=[("", _("Tous les états")), *State.choices])

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        programs = _programs(user)
        self.fields["program"].queryset = programs
        self.fields["program"].label_from_instance = lambda program: program.name
        self.fields["call"].queryset = Call.objects.filter(program__in=programs).select_related("program").order_by(
            "program__code", "-opens_at")
        self.fields["table"].choices = [("", _("Toutes les tables (XLSX seulement)")),
                                        *((code, table.label) for code, table in TABLES.items())]

    def clean(self):
        data = super().clean()
        if data.get("format") == ExportJob.Format.CSV and not data.get("table"):
            self.add_error("table", _("Un fichier CSV contient une seule table : choisissez-la."))
        program, call = data.get("program"), data.get("call")
        if program and call and call.program_id != program.pk:
            self.add_error("call", _("Cet appel n'appartient pas au programme choisi."))
        return data

    def filters(self):
        data = self.cleaned_data
        return {key: value for key, value in (
            ("program", data["program"].pk if data.get("program") else None),
            ("call", data["call"].pk if data.get("call") else None),
            ("state", data.get("state") or None)) if value}
