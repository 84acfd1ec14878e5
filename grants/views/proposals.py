from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core import access_log
from grants import funders, rules, selectors
from grants.completeness import missing_items
from grants.forms.proposals import NewProposalForm
from grants.forms.steps import STEPS
from grants.services import proposals as service
from grants.services.errors import ServiceRefused
from grants.states import State


@login_required
def new(request, call_pk):
    call = get_object_or_404(selectors.open_calls(), pk=call_pk)
    organisations = selectors.my_organisations(request.user)
    if not organisations.exists():
        messages.error(request, _("Vous devez faire partie d'un organisme pour déposer une demande."))
        return redirect("organisation_start")
    form = NewProposalForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = service.create_draft(call, form.cleaned_data["organisation"], request.user,
                                            title=form.cleaned_data["title"])
        except ServiceRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("home")
        messages.success(request, _("Brouillon créé. Vous pouvez enregistrer et revenir à tout moment."))
        return redirect("proposal_step", pk=proposal.pk, slug=STEPS[0].slug)
    return render(request, "grants/proposals/new.html", {"call": call, "form": form})


@login_required
def detail(request, pk):
    """The read-only view of a proposal: what was submitted, its state, its documents."""
    proposal = selectors.proposal_detail(request.user, pk)
    access_log.record(request.user, proposal, proposal.call.program_id, access_log.What.PROPOSAL)
    is_member = rules.is_member(request.user, proposal)
    return render(request, "grants/proposals/detail.html", {
        "proposal": proposal, "steps": STEPS,
        "can_edit": request.user.has_perm("grants.change_proposal", proposal),
        # Withdraw / resubmit come from the workflow; a draft is submitted from the form's last step.
        "show_actions": is_member and proposal.state != State.DRAFT,
        # The stages and next step speak to the organisation ("votre organisme"); staff have their own page.
        "show_progress": is_member,
        "missing": missing_items(proposal) if proposal.is_editable_by_applicant else [],
        # A shared call's application: one line per funder, each with its own answer.
        "funder_files": funders.files(proposal) if is_member else [],
        "funder_requests": funders.requests(proposal).values() if is_member else [],
    })
