"""Where a logged-in person creates or revokes their API token."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from workflow import tokens


@login_required
def api_token(request):
    new_key = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            if tokens.revoke_token(request.user):
                messages.success(request, _("Votre jeton d'accès a été révoqué."))
            return redirect("workflow:api_token")
        # Shown once, on this response only: it is a password for the API.
        new_key = tokens.issue_token(request.user).key
    token = tokens.token_of(request.user)
    return render(request, "workflow/api_token.html", {"token": token, "new_key": new_key})
