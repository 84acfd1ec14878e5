from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from grants.forms.accounts import ProfileForm
from grants.services.accounts import update_profile


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = update_profile(request.user, request.user, **form.cleaned_data)
        messages.success(request, _("Votre profil est enregistré."))
        response = redirect("profile")
        # The language chosen here wins over an earlier choice made with the header switch.
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
        return response
    return render(request, "grants/accounts/profile.html", {"form": form})
