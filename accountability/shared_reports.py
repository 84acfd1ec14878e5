"""One report for every funder of a shared application (grants.funders): the organisation files it once.

When a report is submitted, the same report (kind and number) of each other funder's agreement that is
still to be produced takes its content and is submitted too, in the same transaction; each funder then
accepts it or sends it back on its own. A report sent back is corrected and resubmitted for that funder
only: the correction answers that funder's comments.
"""

from grants import funders
from grants.models import BudgetLine, Indicator
from grants.states import COMMITTED_STATES

from .models import (
    Report,
    ReportAnswer,
    ReportAttachment,
    ReportIndicatorResult,
    ReportQuestion,
    ReportSpending,
)

CONTENT_FIELDS = ("narrative", "objectives_progress", "participants_women", "participants_men",
                  "participants_other")


def questions_for(report):
    """The report questions this report asks: its call's, and those of the other funders that fund the same
    shared application (the report is filed once for all of them)."""
    proposal = report.agreement.proposal
    calls = [file.call_id for file in funders.files(proposal)
             if file.pk == proposal.pk or file.state in COMMITTED_STATES] or [proposal.call_id]
    return list(ReportQuestion.objects.filter(call_id__in=calls).select_related("call__program")
                .order_by("call_id", "order", "id"))


def twins(report):
    """The same report in the other funders' agreements, still drafts (locked by the caller's transaction)."""
    proposal = report.agreement.proposal
    application = funders.root(proposal)
    files = [file.pk for file in funders.files(application) if file.pk != proposal.pk]
    if not files:
        return []
    return list(Report.objects.select_for_update(of=("self",)).select_related("agreement__proposal").filter(
        agreement__proposal_id__in=files, kind=report.kind, order=report.order, state=Report.State.DRAFT))


def copy_content(report, twin, actor):
    """The twin takes the report's texts, figures, results by indicator, spending by budget line (matched by
    their place in the form: each file's lines are copies of the application's) and documents."""
    for name in CONTENT_FIELDS:
        setattr(twin, name, getattr(report, name))
    twin.save(update_fields=[*CONTENT_FIELDS, "updated_at"])
    for answer in report.answers.all():
        ReportAnswer.objects.update_or_create(report=twin, question_id=answer.question_id,
                                              defaults={"text": answer.text})
    _copy_by_position(report, twin, Indicator, ReportIndicatorResult, "indicator",
                      lambda row: {"actual": row.actual, "comment": row.comment})
    _copy_by_position(report, twin, BudgetLine, ReportSpending, "budget_line", lambda row: {"spent": row.spent})
    for attachment in report.attachments.all():
        copy = ReportAttachment(report=twin, original_name=attachment.original_name,
                                content_type=attachment.content_type, size=attachment.size, uploaded_by=actor)
        with attachment.file.open("rb") as stored:
            copy.file.save(attachment.original_name, stored, save=False)
        copy.save()


def _copy_by_position(report, twin, line_model, row_model, line_field, values):
    source_lines = list(line_model.objects.filter(proposal=report.agreement.proposal).order_by("id")
                        .values_list("pk", flat=True))
    twin_lines = list(line_model.objects.filter(proposal=twin.agreement.proposal).order_by("id")
                      .values_list("pk", flat=True))
    matching = dict(zip(source_lines, twin_lines, strict=False))
    for row in row_model.objects.filter(report=report):
        target = matching.get(getattr(row, f"{line_field}_id"))
        if target is not None:
            row_model.objects.update_or_create(report=twin, **{f"{line_field}_id": target}, defaults=values(row))
