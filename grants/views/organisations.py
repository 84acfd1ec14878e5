from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import Conflict
from grants import selectors
from grants.forms.accounts import InviteForm
from grants.forms.organisations import OrganisationForm
from grants.services import organisations as service
from grants.services.errors import InvitationInvalid


@login_required
def mine(request):
    first = selectors.my_organisations(request.user).first()
    if first is None:
        # Nobody's member yet: register an organisation or ask to join one.
        return redirect("organisation_start")
    return redirect("organisation_detail", pk=first.pk)


def _detail_context(organisation, invite_form=None):
    return {
        "organisation": organisation,
        "members": selectors.organisation_members(organisation),
        "invitations": selectors.pending_invitations(organisation),
        "join_requests": selectors.pending_join_requests(organisation),
        "invite_form": invite_form or InviteForm(),
    }


@login_required
def detail(request, pk):
    organisation = selectors.organisation_for_member(request.user, pk)
    return render(request, "grants/organisations/detail.html", _detail_context(organisation))


@login_required
@require_POST
def decide_join_request(request, pk, request_pk, approve):
    """A member answers a join request; 404 for who may not see it, 403 for its author."""
    join_request = selectors.join_request_for_viewer(request.user, pk, request_pk)
    decide = service.approve_join_request if approve else service.refuse_join_request
    try:
        decided = decide(join_request, request.user, comment=request.POST.get("comment", ""))
    except Conflict as refusal:
        messages.error(request, refusal.message)
    else:
        name = decided.person.get_full_name() or decided.person.email
        messages.success(request, (_("%(name)s fait maintenant partie de l'organisme.") if approve
                                   else _("La demande de %(name)s est refusée.")) % {"name": name})
    return redirect("organisation_detail", pk=pk)


def approve_join_request(request, pk, request_pk):
    return decide_join_request(request, pk, request_pk, approve=True)


def refuse_join_request(request, pk, request_pk):
    return decide_join_request(request, pk, request_pk, approve=False)


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
