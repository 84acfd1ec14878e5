"""After sign-up: a person without an organisation registers a new one or asks to join an existing one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core import access
from core.errors import Conflict, InvalidInput
from grants import selectors
from grants.forms.organisations import JoinRequestForm, RegistrationForm, SearchForm
from grants.services import organisations as service
from grants.services.errors import DuplicateOrganisation


@login_required
def start(request):
    """The two ways in, and the person's own join requests."""
    return render(request, "grants/onboarding/start.html", {
        "organisations": list(selectors.my_organisations(request.user)),
        "join_requests": list(selectors.my_join_requests(request.user)),
        "search_form": SearchForm(),
    })


@login_required
def register(request):
    form = RegistrationForm(request.POST or None)
    duplicates = None
    if request.method == "POST" and form.is_valid():
        try:
            organisation = service.register_organisation(
                request.user, confirm_distinct=request.POST.get("confirm_distinct") == "1", **form.cleaned_data)
        except DuplicateOrganisation as refusal:
            duplicates = refusal
        except InvalidInput as refusal:
            form.add_error("neq" if refusal.code == "neq" else None, refusal.message)
        else:
            messages.success(request, _(
                "L'organisme %(name)s est inscrit et vous en êtes membre. Vous pouvez préparer vos demandes dès "
                "maintenant ; l'équipe régionale vérifiera l'organisme.") % {"name": organisation.legal_name})
            return redirect("organisation_detail", pk=organisation.pk)
    return render(request, "grants/onboarding/register.html", {
        "form": form, "duplicates": duplicates,
        "member_of": access.organisation_ids(request.user),
    }, status=409 if duplicates else 200)


@login_required
def search(request):
    form = SearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    results = list(selectors.organisations_matching(text)) if text else []
    return render(request, "grants/onboarding/search.html", {
        "form": form, "searched": bool(text), "results": results, "member_of": access.organisation_ids(request.user),
    })


@login_required
def join(request, pk):
    """Ask to join one organisation: its name and seat are all this page shows of it."""
    organisation = selectors.organisation_to_join(pk)
    if access.is_member(request.user, organisation.pk):
        messages.info(request, _("Vous faites déjà partie de cet organisme."))
        return redirect("organisation_detail", pk=organisation.pk)
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.ask_to_join(organisation, request.user, message=form.cleaned_data["message"])
        except Conflict as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _(
                "Votre demande est envoyée aux membres de %(name)s. Vous recevrez un courriel dès que l'un d'eux "
                "y aura répondu.") % {"name": organisation.legal_name})
        return redirect("organisation_start")
    return render(request, "grants/onboarding/join.html", {"organisation": organisation, "form": form})
