import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from grants.models import Organisation, Territory

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


def normalise_neq(value):
    digits = re.sub(r"[\s-]", "", value or "")
    if digits and not re.fullmatch(r"\d{10}", digits):
        raise ValidationError(_("Le NEQ compte exactement 10 chiffres."), code="neq")
    return digits


class OrganisationForm(forms.ModelForm):
    # Wider than the stored 10 digits: people type "1140 000 001" or "1140-000-001"; clean_neq compacts it.
    neq = forms.CharField(label=Organisation._meta.get_field("neq").verbose_name, max_length=20, required=False,
                          help_text=Organisation._meta.get_field("neq").help_text,
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    postal_code = forms.CharField(label=Organisation._meta.get_field("postal_code").verbose_name, max_length=10,
                                  required=False, widget=forms.TextInput(attrs={"autocomplete": "postal-code"}))

    class Meta:
        model = Organisation
        fields = ["legal_name", "neq", "kind", "address", "city", "postal_code", "territory", "email", "phone",
                  "mission"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = Territory.objects.filter(kind="mrc").order_by("name")
        self.fields["territory"].label = _("Territoire (MRC)")

    def clean_neq(self):
        return normalise_neq(self.cleaned_data.get("neq"))

    def clean_postal_code(self):
        return normalise_postal_code(self.cleaned_data.get("postal_code"))
