"""Accountability's part of the personal-data export (imported by AccountabilityConfig.ready()).

The reports a person filed or reviewed (with their review comment), the report documents they
uploaded, the signatures and payments they recorded. Nothing is anonymised: reports and payments are
the history of an agreement and keep pointing at their (anonymised) author.
"""

from django.db.models import Q

from core import personal_data
from core.personal_data import Rows
from grants.privacy import FILE, file_entry

from .models import Agreement, PaymentTranche, Report, ReportAttachment

OF_AGREEMENT = tuple(f"agreement__{name}" for name in FILE)


def export(user):
    def report(row):
        mine = row["reviewed_by_id"] == user.pk
        return {**file_entry(row, "agreement__"), "type": row["kind"], "ordre": row["order"], "etat": row["state"],
                "depose_par_moi": row["submitted_by_id"] == user.pk, "depose_le": row["submitted_at"],
                "analyse_par_moi": mine, "commentaire_analyse": row["review_comment"] if mine else ""}

    reports = Report.objects.filter(Q(submitted_by=user) | Q(reviewed_by=user)).order_by("due_on", "id")

    def count_reports():
        # Counted by each column's own index: with the OR, PostgreSQL read the whole table (150 ms for the
        # 131,387 reports of one person at 1,000,000 reports; 10 ms this way).
        filed, reviewed = Report.objects.filter(submitted_by=user), Report.objects.filter(reviewed_by=user)
        return filed.count() + reviewed.count() - filed.filter(reviewed_by=user).count()

    uploads = ReportAttachment.objects.filter(uploaded_by=user).order_by("uploaded_at", "id")
    return {
        "rapports": Rows(reports, report, *OF_AGREEMENT, "kind", "order", "state", "submitted_by_id",
                         "submitted_at", "reviewed_by_id", "review_comment", count=count_reports),
        "pieces_jointes_rapports": Rows(
            uploads, lambda row: {**file_entry(row, "report__agreement__"), "nom": row["original_name"],
                                  "deposee_le": row["uploaded_at"]},
            *(f"report__{name}" for name in OF_AGREEMENT), "original_name", "uploaded_at"),
        "signatures_consignees": Rows(
            Agreement.objects.filter(signature_recorded_by=user).order_by("id"),
            lambda row: {**file_entry(row), "signee_le": row["signed_on"]}, *FILE, "signed_on"),
        "versements_consignes": Rows(
            PaymentTranche.objects.filter(recorded_by=user).order_by("id"),
            lambda row: {**file_entry(row, "agreement__"), "ordre": row["order"], "montant": row["amount"],
                         "verse_le": row["paid_on"], "reference": row["payment_reference"]},
            *OF_AGREEMENT, "order", "amount", "paid_on", "payment_reference"),
    }


personal_data.register_exporter(export)
