"""One application, several funders: the amounts asked, each co-funder's file, and the co-funding each sees.

Called inside the callers' transactions: save_step (the amounts, with the budget step), the submit
transition (fan_out, then workflow submits each file) and the board's decision (follow_decision).
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from core.errors import InvalidInput
from grants.models import (
    Answer,
    Attachment,
    BudgetLine,
    CoFunding,
    FunderRequest,
    Indicator,
    Partner,
    Proposal,
)

from .. import funders
from ..states import State

# The form's sections: what a co-funder's file takes from the application (the rest is its own life).
COPIED_FIELDS = (
    "organisation", "created_by", "title", "project_lead_name", "project_lead_role", "contact_name", "contact_role",
    "contact_email", "contact_phone", "mission", "territory_details", "target_population", "objectives",
    "problem_statement", "expected_results", "concerns", "complementarity", "expected_women", "expected_men",
    "expected_other", "gender_impact", "start_date", "end_date", "public_summary",
)
LINES = {
    Partner: ("name", "kind", "role", "cash_contribution", "in_kind_contribution", "organisation_id"),
    BudgetLine: ("category", "description", "total_amount", "fund_amount"),
    CoFunding: ("source", "amount", "status"),
    Indicator: ("label", "target", "unit"),
}
ANSWER_FIELDS = ("question_id", "version_id", "text", "number", "date", "boolean", "choices", "file_name",
                 "content_type", "size", "updated_by_id")


def apply_requests(proposal, amounts, axes=None):
    """Replace what the host's draft asks from each funder: {call id: amount or None}, and each co-funder's
    primary axis ({call id: axis id or None}). The amounts' sum, the host's presence and the axes are
    completeness checks (grants.completeness), not refusals: a draft is saved half done."""
    allowed = {call.pk: call for call in funders.funder_calls(proposal.call)}
    axes = axes or {}
    for call_id, amount in amounts.items():
        call = allowed.get(call_id)
        if call is None:
            raise InvalidInput(_("Ce bailleur ne participe pas à cet appel conjoint."), code="unknown_funder")
        axis_id = axes.get(call_id)
        if axis_id is not None and not call.program.axes.filter(pk=axis_id).exists():
            raise InvalidInput(_("Cet axe n'appartient pas au plan de ce bailleur."), code="unknown_axis")
        if amount is None or amount <= 0:
            FunderRequest.objects.filter(proposal=proposal, call=call).delete()
        else:
            FunderRequest.objects.update_or_create(proposal=proposal, call=call,
                                                   defaults={"amount": amount, "primary_axis_id": axis_id})


def fan_out(application, actor):
    """Create each co-funder's file of a host's draft being submitted (drafts, for workflow to submit), with
    the co-funding lines through which each funder follows the others' decisions."""
    asked = funders.requests(application)
    shares = {call_id: request.amount for call_id, request in asked.items()}
    made = [_copy(application, request, actor)
            for call_id, request in asked.items() if call_id != application.call_id]
    group = [application, *made]
    for file in group:
        CoFunding.objects.bulk_create(
            CoFunding(proposal=file, source=other.call.program.name_fr, amount=shares[other.call_id],
                      status=CoFunding.Status.PENDING, funder_file=other)
            for other in group if other is not file)
    return made


def follow_decision(proposal):
    """After a funder's decision, or the organisation's withdrawal of that funder's file: the other files of
    the application see it as confirmed (with the amount granted), declined or withdrawn co-funding."""
    rows = CoFunding.objects.filter(funder_file=proposal)
    if proposal.state == State.WITHDRAWN:
        rows.update(status=CoFunding.Status.WITHDRAWN)
    elif proposal.amount_granted is not None:
        rows.update(status=CoFunding.Status.CONFIRMED, amount=proposal.amount_granted)
    else:
        rows.update(status=CoFunding.Status.DECLINED)


def _copy(application, request, actor):
    call = request.call
    file = Proposal(call=call, program_id=call.program_id, application=application, requested_amount=request.amount,
                    **{name: getattr(application, name) for name in COPIED_FIELDS})
    file.primary_axis_id = request.primary_axis_id
    file.save()
    file.mrcs.set(application.mrcs.all())
    file.municipalities.set(application.municipalities.all())
    file.secondary_axes.set(filter(None, (_same_axis(axis, call.program) for axis in application.secondary_axes.all())))
    file.priorities.set(application.priorities.filter(local_plan__programs=call.program_id))
    for model, names in LINES.items():
        rows = model.objects.filter(proposal=application)
        if model is CoFunding:
            rows = rows.filter(funder_file__isnull=True)
        model.objects.bulk_create(model(proposal=file, **{name: getattr(row, name) for name in names})
                                  for row in rows.order_by("id"))
    for answer in Answer.objects.filter(proposal=application).filter(
            Q(question__call_id=application.call_id) | Q(question__call_id=call.pk)):
        copy = Answer(proposal=file, **{name: getattr(answer, name) for name in ANSWER_FIELDS})
        if answer.file:
            with answer.file.open("rb") as stored:
                copy.file.save(answer.file_name, stored, save=False)
        copy.save()
    for attachment in Attachment.objects.filter(proposal=application):
        copy = Attachment(proposal=file, kind_id=attachment.kind_id, original_name=attachment.original_name,
                          content_type=attachment.content_type, size=attachment.size, uploaded_by=actor)
        with attachment.file.open("rb") as stored:
            copy.file.save(attachment.original_name, stored, save=False)
        copy.save()
    return file


def _same_axis(axis, program):
    """The co-funder's axis with the same code, if its plan has one: each funder files under its own axes."""
    return program.axes.filter(code=axis.code).first()
