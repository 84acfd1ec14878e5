"""Where a signed-in person creates, lists and revokes their API tokens."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import tokens
from core.models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nom du jeton"), max_length=100,
                           help_text=gettext_lazy("Par exemple : tableur de suivi de la table régionale."))
    scope = forms.ChoiceField(label=gettext_lazy("Portée"), choices=ApiToken.Scope.choices,
                              initial=ApiToken.Scope.READ, widget=forms.RadioSelect)


@login_required
def api_token(request):
    new_key = None
    form = TokenForm()
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            if tokens.revoke(request.user, request.POST.get("token", "")):
                messages.success(request, _("Le jeton a été révoqué : il ne fonctionne plus."))
            return redirect("workflow:api_token")
        form = TokenForm(request.POST)
        if form.is_valid():
            # Shown once, on this response only: it is a password for the API.
            _token, new_key = tokens.issue(request.user, name=form.cleaned_data["name"],
                                           scope=form.cleaned_data["scope"])
            form = TokenForm()
    return render(request, "workflow/api_token.html",
                  {"tokens": tokens.of(request.user), "new_key": new_key, "form": form})
