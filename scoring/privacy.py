"""Scoring's part of the personal-data export (imported by ScoringConfig.ready()).

A reviewer's assignments, conflict declarations, declared ties and their own reviews (scores and
comments), and the decisions a person recorded. Nothing is anonymised here: reviews, declarations and
decisions are the history of a file and keep pointing at their (anonymised) author.
"""

from core import personal_data
from core.personal_data import Rows
from grants.privacy import FILE, file_entry

from .models import ConflictDeclaration, Decision, DeclaredTie, Review, ReviewerAssignment

REVIEW = ("proposal_id", "state", "recommendation", "suggested_amount", "weighted_total", "overall_comment",
          "submitted_at")


def _review(row):
    return {"demande_id": row.proposal_id, "reference": row.proposal.reference, "titre": row.proposal.title,
            "etat": row.state, "recommandation": row.recommendation, "montant_suggere": row.suggested_amount,
            "total_pondere": row.weighted_total, "commentaire": row.overall_comment, "deposee_le": row.submitted_at,
            "notes": [{"critere": score.criterion.label, "note": score.value, "reussi": score.passed,
                       "commentaire": score.comment} for score in row.scores.all()]}


def export(user):
    assignments = ReviewerAssignment.objects.filter(reviewer=user).order_by("assigned_at", "id")
    declarations = ConflictDeclaration.objects.filter(assignment__reviewer=user).order_by("id")
    # Scores are a few per review, read with each chunk of reviews; the proposal only for its name.
    reviews = (Review.objects.filter(reviewer=user).select_related("proposal")
               .only(*REVIEW, "proposal__reference", "proposal__title")
               .prefetch_related("scores__criterion").order_by("created_at", "id"))
    return {
        "assignations_evaluation": Rows(
            assignments, lambda row: {**file_entry(row), "etat": row["state"], "assignee_le": row["assigned_at"],
                                      "echeance": row["due_on"]},
            *FILE, "state", "assigned_at", "due_on"),
        "declarations_conflit": Rows(
            declarations, lambda row: {**file_entry(row, "assignment__"), "conflit": row["has_conflict"],
                                       "motif": row["reason"], "declaree_le": row["declared_at"]},
            *(f"assignment__{name}" for name in FILE), "has_conflict", "reason", "declared_at"),
        "liens_declares": Rows(
            DeclaredTie.objects.filter(reviewer=user).order_by("id"),
            lambda row: {"organisme": row["organisation__legal_name"], "nature": row["note"],
                         "consigne_le": row["recorded_at"]},
            "organisation__legal_name", "note", "recorded_at"),
        "evaluations": Rows(reviews, _review),
        "decisions_consignees": Rows(
            Decision.objects.filter(recorded_by=user).order_by("id"),
            lambda row: {**file_entry(row), "resultat": row["outcome"], "resolution": row["resolution_number"],
                         "decidee_le": row["decided_on"]},
            *FILE, "outcome", "resolution_number", "decided_on"),
    }


personal_data.register_exporter(export)
