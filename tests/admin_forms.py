"""Saving a proposal as the admin's change page does, without its inline forms."""

from django.contrib import admin
from django.test import RequestFactory

from grants.models import Proposal


def edited_in_the_admin(user, proposal, **changes):
    """What the admin's change page does with a form whose fields are as shown, but for `changes`."""
    proposal_admin, request = admin.site._registry[Proposal], RequestFactory().post("/")
    request.user = user
    form_class = proposal_admin.get_form(request, proposal, change=True)
    shown = form_class(instance=proposal)
    data = {name: value for name in shown.fields if (value := shown[name].value()) is not None}
    form = form_class({"created_by": proposal.created_by_id or user.pk, **data, **changes}, instance=proposal)
    assert form.is_valid(), form.errors
    proposal_admin.save_model(request, form.save(commit=False), form, True)
    proposal_admin.save_related(request, form, [], True)
