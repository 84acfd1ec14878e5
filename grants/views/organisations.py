from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants import selectors
from grants.forms.accounts import InviteForm
from grants.forms.organisations import OrganisationForm
from grants.services import organisations as service
from grants.services.errors import InvitationInvalid


@login_required
def mine(request):
    first = selectors.my_organisations(request.user).first()
    if first is None:
        raise Http404
    return redirect("organisation_detail", pk=first.pk)


def _detail_context(organisation, invite_form=None):
    return {
        "organisation": organisation,
        "members": selectors.organisation_members(organisation),
        "invitations": selectors.pending_invitations(organisation),
        "invite_form": invite_form or InviteForm(),
    }


@login_required
def detail(request, pk):
    organisation = selectors.organisation_for_member(request.user, pk)
    return render(request, "grants/organisations/detail.html", _detail_context(organisation))


@login_required
def edit(request, pk):
    organisation = selectors.organisation_for_member(request.user, pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        service.update_organisation(organisation, request.user, **form.cleaned_data)
        messages.success(request, _("Le profil de l'organisme est enregistré."))
        return redirect("organisation_detail", pk=pk)
    return render(request, "grants/organisations/edit.html", {"organisation": organisation, "form": form})


@login_required
@require_POST
def invite(request, pk):
    organisation = selectors.organisation_for_member(request.user, pk)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = service.invite(organisation, request.user, email=form.cleaned_data["email"])
        except InvitationInvalid as refusal:
            form.add_error("email", refusal.message)
        else:
            messages.success(request, _("Invitation envoyée à %(email)s.") % {"email": invitation.email})
            return redirect("organisation_detail", pk=pk)
    return render(request, "grants/organisations/detail.html", _detail_context(organisation, form), status=400)
