from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core import access
from grants.forms.accounts import InvitationSignupForm
from grants.models import User
from grants.services import organisations as service
from grants.services.errors import InvitationInvalid


def accept(request, token):
    """Join an organisation from an emailed link; a new person creates their account here."""
    invitation = service.usable_invitation(token)
    if invitation is None:
        return render(request, "grants/invitations/invalid.html", status=404)
    user = request.user
    has_account = user.is_authenticated or User.objects.filter(email__iexact=invitation.email).exists()
    form = None if has_account else InvitationSignupForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and (user.is_authenticated or (form is not None and form.is_valid())):
        try:
            if user.is_authenticated:
                service.accept(invitation, user)
            else:
                data = form.cleaned_data
                user = service.register(invitation, full_name=data["full_name"], password=data["password1"],
                                        language=data["language"])
                login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
        except InvitationInvalid as refusal:
            messages.error(request, refusal.message)
            return redirect("home")
        access.forget(user)
        messages.success(request, _("Bienvenue dans l'organisme %(name)s.") % {
            "name": invitation.organisation.legal_name})
        return redirect("organisation_detail", pk=invitation.organisation_id)
    invited = user.is_authenticated and user.email.lower() == invitation.email.lower()
    return render(request, "grants/invitations/accept.html", {
        "invitation": invitation, "form": form, "has_account": has_account,
        "wrong_account": user.is_authenticated and not invited,
        # Whoever holds the link sees the organisation's name, not the invited address: only a hint of it,
        # unless they are signed in as the invited person.
        "invited_address": invitation.email if invited else service.masked_email(invitation.email)})
