import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from grants.identity import normalise_neq
from grants.models import Organisation, Territory

from .text import NewlinesMixin

# Canadian postal code: letter digit letter, optional space, digit letter digit; no D F I O Q U, no W/Z first.
POSTAL_CODE = re.compile(r"^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$")


def normalise_postal_code(value):
    value = (value or "").strip().upper()
    if not value:
        return ""
    if not POSTAL_CODE.match(value):
        raise ValidationError(_("Entrez un code postal canadien valide, par exemple G1R 4S9."), code="postal_code")
    compact = value.replace(" ", "")
    return f"{compact[:3]} {compact[3:]}"


class OrganisationForm(NewlinesMixin, forms.ModelForm):
    # Wider than the stored 10 digits: people type "1140 000 001" or "1140-000-001"; clean_neq compacts it.
    neq = forms.CharField(label=Organisation._meta.get_field("neq").verbose_name, max_length=20, required=False,
                          help_text=Organisation._meta.get_field("neq").help_text,
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    postal_code = forms.CharField(label=Organisation._meta.get_field("postal_code").verbose_name, max_length=10,
                                  required=False, widget=forms.TextInput(attrs={"autocomplete": "postal-code"}))

    class Meta:
        model = Organisation
        fields = ["legal_name", "neq", "kind", "address", "city", "postal_code", "municipality", "territory",
                  "email", "phone", "mission"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = Territory.objects.filter(kind="mrc").order_by("name")
        self.fields["territory"].label = _("Territoire (MRC)")
        set_municipalities(self.fields["municipality"])

    def clean_neq(self):
        return normalise_neq(self.cleaned_data.get("neq"))

    def clean_postal_code(self):
        return normalise_postal_code(self.cleaned_data.get("postal_code"))

    def clean(self):
        cleaned = super().clean()
        town, mrc = cleaned.get("municipality"), cleaned.get("territory")
        if town is not None and mrc is None:
            cleaned["territory"] = town.parent
        elif town is not None and town.parent_id != mrc.pk:
            self.add_error("municipality", _("Cette municipalité n'est pas dans la MRC choisie."))
        return cleaned


def set_municipalities(field):
    field.queryset = Territory.objects.filter(kind="municipality").select_related("parent").order_by("name")
    field.label_from_instance = lambda town: f"{town.name} ({town.parent.name})" if town.parent_id else town.name
    field.empty_label = _("— Choisir la municipalité —")


class RegistrationForm(NewlinesMixin, forms.ModelForm):
    """A new organisation, registered by the person who will be its first member. Its MRC is the
    municipality's; the duplicate check is the service's (grants.services.organisations.register_organisation)."""

    neq = forms.CharField(label=capfirst(Organisation._meta.get_field("neq").verbose_name), max_length=20,
                          help_text=_("10 chiffres commençant par 11, 22, 33 ou 88, tel qu'inscrit au Registraire "
                                      "des entreprises."),
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    postal_code = forms.CharField(label=capfirst(Organisation._meta.get_field("postal_code").verbose_name),
                                  max_length=10, required=False,
                                  widget=forms.TextInput(attrs={"autocomplete": "postal-code"}))

    class Meta:
        model = Organisation
        fields = ["legal_name", "neq", "kind", "municipality", "address", "postal_code", "email", "phone",
                  "mission"]
        labels = {"email": _("Courriel de l'organisme"), "phone": _("Téléphone de l'organisme")}
        help_texts = {
            "legal_name": _("Tel qu'inscrit au Registraire des entreprises du Québec."),
            "municipality": _("La municipalité du siège de l'organisme ; sa MRC en découle."),
            "mission": _("Elle pré-remplit chaque nouvelle demande."),
        }
        widgets = {
            "legal_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "mission": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_municipalities(self.fields["municipality"])
        for name in ("municipality", "email", "mission"):
            self.fields[name].required = True

    def _get_validation_exclusions(self):
        # An NEQ already registered is the service's to answer (the unique constraint is not checked here):
        # the page then shows that organisation and offers to ask to join it, rather than a bare error.
        return super()._get_validation_exclusions() | {"neq"}

    def clean_neq(self):
        return normalise_neq(self.cleaned_data.get("neq"))

    def clean_postal_code(self):
        return normalise_postal_code(self.cleaned_data.get("postal_code"))


class JoinRequestForm(NewlinesMixin, forms.Form):
    message = forms.CharField(
        label=_("Message aux membres de l'organisme (facultatif)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Présentez-vous : votre rôle dans l'organisme aide les membres à vous reconnaître."))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Nom de l'organisme ou NEQ"), max_length=200, required=False,
                        help_text=_("Au moins trois lettres du nom légal, ou les 10 chiffres du NEQ."))
