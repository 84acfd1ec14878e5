"""One form per section of the application (steps 1-4, 6 and 9); lines are in forms/lines.py."""

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from grants.models import Priority, Proposal, Territory
from grants.services.publication import PUBLISHED_FIELDS

from .text import NewlinesMixin

# The class lands on the group's container too: plain-weight option labels (concerto.css .checkbox-list).
CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"})


def published_hint(help_text):
    """The field's help text, announced by a visible "Publié" badge: the public portal shows this value
    once the project is funded. Django renders a field's help text as HTML and links it to the input."""
    hint = format_html('<span class="badge">{}</span> {}', _("Publié"),
                       _("Ce renseignement paraîtra sur le portail public si le projet est financé."))
    return format_html("{} {}", hint, help_text) if help_text else hint


class VersionForm(forms.Form):
    """The proposal version the page was built from: a stale one is refused when saving."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class NewProposalForm(forms.Form):
    title = forms.CharField(label=_("Titre du projet"), max_length=300)
    organisation = forms.ModelChoiceField(label=_("Organisme porteur"), queryset=None, empty_label=None)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        only = list(organisations[:2])
        if len(only) == 1:
            # Most people belong to one organisation: no need to ask.
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = only[0].pk


# What to do, in plain words, when a value is refused; a form's Meta.error_messages may say it better.
PLAIN_MESSAGES = {
    "max_length": _("Ce texte est trop long : raccourcissez-le à %(limit_value)d caractères au plus "
                    "(il en compte %(show_value)d)."),
    "invalid_choice": _("Choisissez une des options offertes."),
}
BY_FIELD_CLASS = {
    forms.IntegerField: {"invalid": _("Inscrivez un nombre entier, par exemple 120."),
                         "min_value": _("Inscrivez 0 ou plus.")},
    forms.DateField: {"invalid": _("Inscrivez la date au format AAAA-MM-JJ, par exemple 2027-04-01.")},
    forms.EmailField: {"invalid": _("Inscrivez une adresse courriel complète, par exemple nom@organisme.org.")},
}


class StepForm(NewlinesMixin, forms.ModelForm):
    """A section of the proposal. is_valid() only validates; the service does the saving."""

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, instance=proposal, **kwargs)
        self.proposal = proposal
        own = getattr(self.Meta, "error_messages", {})
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 6)
            if name in PUBLISHED_FIELDS:
                field.help_text = published_hint(field.help_text)
            plain = {**PLAIN_MESSAGES, **next((messages for kind, messages in BY_FIELD_CLASS.items()
                                               if isinstance(field, kind)), {})}
            field.error_messages.update({code: message for code, message in plain.items()
                                         if code not in own.get(name, {})})

    def changes(self):
        """(plain field values, many-to-many values) for grants.services.proposals.save_step."""
        fields, relations = {}, {}
        for name, field in self.fields.items():
            target = relations if isinstance(field, forms.ModelMultipleChoiceField) else fields
            target[name] = self.cleaned_data[name]
        return fields, relations


PEOPLE = ["project_lead_name", "project_lead_role", "contact_name", "contact_role", "contact_email", "contact_phone"]


class ProjectForm(StepForm):
    class Meta:
        model = Proposal
        fields = ["title", "public_summary", "mission", *PEOPLE]
        help_texts = {
            "mission": _("Reprise du profil de l'organisme ; adaptez-la au besoin."),
            "project_lead_name": _("La personne qui porte le projet dans l'organisme."),
            "contact_name": _("La personne que l'équipe régionale joint au sujet de cette demande ; "
                              "répétez la personne responsable si c'est elle."),
        }
        widgets = {
            "project_lead_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_role": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }
        error_messages = {"title": {"required": _("Inscrivez le titre du projet.")}}


class TerritoryForm(StepForm):
    class Meta:
        model = Proposal
        fields = ["mrcs", "municipalities", "territory_details", "target_population"]
        widgets = {"mrcs": CHECKBOXES, "municipalities": CHECKBOXES}
        help_texts = {
            "municipalities": _("Cochez les municipalités visées, le cas échéant, dans les MRC cochées."),
            "target_population": _("Qui le projet rejoint-il ? Caractéristiques et nombre approximatif."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        call = self.proposal.call
        mrcs = Territory.objects.filter(kind="mrc")
        eligible = list(call.eligible_territories.all())
        if eligible:
            mrcs = mrcs.filter(pk__in=[t.pk for t in eligible])
        self.fields["mrcs"].queryset = mrcs.order_by("name")
        self.fields["municipalities"].queryset = Territory.objects.filter(
            kind="municipality", parent__in=mrcs).select_related("parent").order_by("parent__name", "name")
        self.fields["municipalities"].label_from_instance = lambda town: f"{town.name} ({town.parent.name})"

    def clean(self):
        cleaned = super().clean()
        mrcs, towns = cleaned.get("mrcs"), cleaned.get("municipalities")
        if mrcs is not None and towns:
            outside = [town.name for town in towns if town.parent_id not in {m.pk for m in mrcs}]
            if outside:
                self.add_error("municipalities", _("Ces municipalités ne sont pas dans une MRC cochée : %(names)s. "
                                                   "Cochez leur MRC ou décochez-les.")
                               % {"names": ", ".join(outside)})
        return cleaned


class ObjectivesForm(StepForm):
    class Meta:
        model = Proposal
        fields = ["objectives", "problem_statement", "expected_results", "concerns", "complementarity"]
        help_texts = {
            "concerns": _("Les préoccupations du milieu que le projet soulève ou auxquelles il répond."),
            "problem_statement": _("Les constats qui justifient le projet, chiffres à l'appui si possible."),
            "complementarity": _("Comment le projet s'arrime aux services et actions déjà offerts sur le territoire."),
        }


class AxesForm(StepForm):
    class Meta:
        model = Proposal
        fields = ["primary_axis", "secondary_axes", "priorities"]
        widgets = {"secondary_axes": CHECKBOXES, "priorities": CHECKBOXES}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        program = self.proposal.call.program
        axes = program.axes.all()
        self.fields["primary_axis"].queryset = axes
        self.fields["primary_axis"].empty_label = _("— Choisir un axe —")
        self.fields["secondary_axes"].queryset = axes
        self.fields["priorities"].queryset = Priority.objects.filter(
            local_plan__programs=program).select_related("local_plan").order_by("local_plan__code", "order")

    def clean(self):
        cleaned = super().clean()
        primary, secondary = cleaned.get("primary_axis"), cleaned.get("secondary_axes") or []
        if primary and primary in secondary:
            self.add_error("secondary_axes", _("L'axe principal ne peut pas aussi être un axe secondaire : "
                                               "décochez-le parmi les axes secondaires."))
        return cleaned


class GenderAnalysisForm(StepForm):
    class Meta:
        model = Proposal
        fields = ["expected_women", "expected_men", "expected_other", "gender_impact"]
        help_texts = {
            "gender_impact": _("En quoi le projet touche-t-il différemment les femmes, les hommes et les personnes "
                               "de la diversité de genre ? Quelles adaptations prévoyez-vous ?"),
        }


class ScheduleForm(StepForm):
    class Meta:
        model = Proposal
        fields = ["start_date", "end_date"]
        widgets = {"start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", _("La date de fin doit suivre la date de début : choisissez une date "
                                         "de fin plus tardive."))
        return cleaned
