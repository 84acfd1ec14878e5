"""Scoring's part of the personal-data export (imported by ScoringConfig.ready()).

A reviewer's assignments, conflict declarations, declared ties and their own reviews (scores and
comments), and the decisions a person recorded. Nothing is anonymised here: reviews, declarations and
decisions are the history of a file and keep pointing at their (anonymised) author.
"""

from core import personal_data

from .models import ConflictDeclaration, Decision, DeclaredTie, Review, ReviewerAssignment


def _file(proposal):
    return {"demande_id": proposal.pk, "reference": proposal.reference, "titre": proposal.title}


def export(user):
    assignments = ReviewerAssignment.objects.filter(reviewer=user).select_related("proposal").order_by("assigned_at")
    declarations = ConflictDeclaration.objects.filter(assignment__reviewer=user).select_related("assignment__proposal")
    reviews = (Review.objects.filter(reviewer=user).select_related("proposal")
               .prefetch_related("scores__criterion").order_by("created_at"))
    return {
        "assignations_evaluation": [
            {**_file(row.proposal), "etat": row.state, "assignee_le": row.assigned_at, "echeance": row.due_on}
            for row in assignments],
        "declarations_conflit": [
            {**_file(row.assignment.proposal), "conflit": row.has_conflict, "motif": row.reason,
             "declaree_le": row.declared_at}
            for row in declarations],
        "liens_declares": [{"organisme": row.organisation.legal_name, "nature": row.note, "consigne_le": row.recorded_at}
                           for row in DeclaredTie.objects.filter(reviewer=user).select_related("organisation")],
        "evaluations": [
            {**_file(row.proposal), "etat": row.state, "recommandation": row.recommendation,
             "montant_suggere": row.suggested_amount, "total_pondere": row.weighted_total,
             "commentaire": row.overall_comment, "deposee_le": row.submitted_at,
             "notes": [{"critere": score.criterion.label, "note": score.value, "reussi": score.passed,
                        "commentaire": score.comment} for score in row.scores.all()]}
            for row in reviews],
        "decisions_consignees": [
            {**_file(row.proposal), "resultat": row.outcome, "resolution": row.resolution_number,
             "decidee_le": row.decided_on}
            for row in Decision.objects.filter(recorded_by=user).select_related("proposal")],
    }


personal_data.register_exporter(export)
