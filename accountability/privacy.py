"""Accountability's part of the personal-data export (imported by AccountabilityConfig.ready()).

The reports a person filed or reviewed (with their review comment), the report documents they
uploaded, the signatures and payments they recorded. Nothing is anonymised: reports and payments are
the history of an agreement and keep pointing at their (anonymised) author.
"""

from django.db.models import Q

from core import personal_data

from .models import Agreement, PaymentTranche, Report, ReportAttachment


def _file(agreement):
    proposal = agreement.proposal
    return {"demande_id": proposal.pk, "reference": proposal.reference, "titre": proposal.title}


def export(user):
    reports = (Report.objects.filter(Q(submitted_by=user) | Q(reviewed_by=user))
               .select_related("agreement__proposal").order_by("due_on", "id"))
    uploads = ReportAttachment.objects.filter(uploaded_by=user).select_related("report__agreement__proposal")
    return {
        "rapports": [
            {**_file(row.agreement), "type": row.kind, "ordre": row.order, "etat": row.state,
             "depose_par_moi": row.submitted_by_id == user.pk, "depose_le": row.submitted_at,
             "analyse_par_moi": row.reviewed_by_id == user.pk,
             "commentaire_analyse": row.review_comment if row.reviewed_by_id == user.pk else ""}
            for row in reports],
        "pieces_jointes_rapports": [
            {**_file(row.report.agreement), "nom": row.original_name, "deposee_le": row.uploaded_at}
            for row in uploads],
        "signatures_consignees": [
            {**_file(row), "signee_le": row.signed_on}
            for row in Agreement.objects.filter(signature_recorded_by=user).select_related("proposal")],
        "versements_consignes": [
            {**_file(row.agreement), "ordre": row.order, "montant": row.amount, "verse_le": row.paid_on,
             "reference": row.payment_reference}
            for row in PaymentTranche.objects.filter(recorded_by=user).select_related("agreement__proposal")],
    }


personal_data.register_exporter(export)
