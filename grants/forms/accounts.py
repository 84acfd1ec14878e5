from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from grants.models import User
from grants.services.accounts import update_profile


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language"]
        widgets = {"language": forms.RadioSelect(attrs={"class": "checkbox-list"})}


class InvitationSignupForm(forms.Form):
    full_name = forms.CharField(label=_("Nom complet"), max_length=200)
    language = forms.ChoiceField(label=_("Langue de préférence"), choices=User._meta.get_field("language").choices,
                                 initial="fr", widget=forms.RadioSelect(attrs={"class": "checkbox-list"}))
    password1 = forms.CharField(label=_("Mot de passe"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=password_validation.password_validators_help_text_html())
    password2 = forms.CharField(label=_("Confirmez le mot de passe"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Les deux mots de passe ne correspondent pas."))
        elif first:
            try:
                password_validation.validate_password(first, User(email=self.email,
                                                                   full_name=cleaned.get("full_name", "")))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Courriel de la personne à inviter"))


class SignupForm(AllauthSignupForm):
    """allauth's sign-up (e-mail, password twice) with the person's name and language."""

    full_name = forms.CharField(label=_("Nom complet"), max_length=200)
    language = forms.ChoiceField(label=_("Langue de préférence"), choices=User._meta.get_field("language").choices,
                                 initial="fr", widget=forms.RadioSelect(attrs={"class": "checkbox-list"}))

    def save(self, request):
        user = super().save(request)
        if user is not None:
            update_profile(user, user, full_name=self.cleaned_data["full_name"],
                           language=self.cleaned_data["language"])
        return user
