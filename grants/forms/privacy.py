"""The account closure form: the person confirms with their password and ticks what it means."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CloseAccountForm(forms.Form):
    password = forms.CharField(label=_("Mot de passe actuel"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    confirm = forms.BooleanField(
        label=_("Je comprends que mon compte sera fermé définitivement et que mes renseignements seront "
                "anonymisés ; les décisions et l'historique des dossiers restent, au nom « Compte fermé »."))

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Ce mot de passe n'est pas le bon."), code="password_incorrect")
        return password


class AccessLogFilterForm(forms.Form):
    programme = forms.TypedChoiceField(label=_("Programme"), required=False, coerce=int, empty_value=None)

    def __init__(self, programs, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [("", _("Tous mes programmes"))] + [
            (program.pk, f"{program.code} — {program.name}") for program in programs]
