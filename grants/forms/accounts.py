from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grants.models import User
from grants.services.accounts import queue_password_reset


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


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form (same lookup of active users, same token), but the mail goes through the outbox.

    The link is built on SITE_URL, never on the request's Host header, so a forged header cannot make the
    mail point elsewhere.
    """

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        path = reverse("password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]})
        queue_password_reset(context["user"], settings.SITE_URL + path)
