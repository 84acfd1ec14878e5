"""Demo data for scoring: the calls' grille d'analyse, and each reviewer's part in a proposal's analysis
(assigned by the analyst, then a declaration, then a review), all through scoring's services.

Idempotent: the rubric is created once per call; each step of a reading runs only when not done yet.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from .models import Criterion, Review, ReviewerAssignment
from .services import assignments, reviews, rubrics

Section = Criterion.Section

ELIMINATORY = [
    ("Organisme admissible",
     "OBNL, coopérative, municipalité ou conseil de bande ayant son siège sur la Côte-Nord."),
    ("Cofinancement présent",
     "Au moins une autre source de financement (argent ou services) est indiquée au montage financier."),
    ("Montant demandé inférieur ou égal au maximum de l'appel",
     "Le montant demandé au fonds ne dépasse pas le maximum par demande fixé par l'appel."),
]
AXIS_GUIDANCE = ("0 : le projet ne touche pas cet axe ; 3 : contribution réelle mais secondaire ; "
                 "5 : contribution centrale, appuyée par des actions et des cibles précises.")
GENERAL = [
    (Section.FEASIBILITY, "Faisabilité et capacité de l'organisme", 3, 10,
     "Échéancier réaliste, ressources humaines disponibles, expérience de l'organisme auprès de la "
     "population visée."),
    (Section.PARTNERSHIP, "Partenariat et concertation", 2, 10,
     "Partenaires engagés (rôle et contribution précis), lien avec les tables de concertation locales."),
    (Section.BUDGET, "Réalisme du budget", 2, 10,
     "Coûts cohérents avec les activités, frais d'administration raisonnables, cofinancement confirmé."),
    (Section.ADS_PLUS, "Analyse différenciée selon les sexes (ADS+)", 1, 5,
     "Le projet tient compte des réalités différentes des femmes, des hommes et des personnes de la "
     "diversité."),
    (Section.PARTICIPATION, "Participation citoyenne", 1, 5,
     "Les personnes en situation de pauvreté participent à la conception et à la réalisation du projet."),
]
REVIEW_DAYS = 14

SUBMITTED, DRAFT, PENDING, RECUSED = "submitted", "draft", "pending", "recused"


@dataclass(frozen=True)
class Reading:
    """One reviewer's part in a proposal's analysis: how far they went, and how well they judge it."""

    reviewer: str  # key of the demo person
    outcome: str  # SUBMITTED, DRAFT (declared, review started), PENDING (not declared yet) or RECUSED
    quality: Decimal = Decimal("0.8")  # the share of each criterion's scale they give
    comment: str = "Projet pertinent ; préciser les cibles de participation des hommes."


def seed_rubric(call, manager):
    rubric = rubrics.current_rubric(call)
    if rubric is not None:
        return rubric
    rubric = rubrics.create_rubric(call, manager, title=f"Grille d'analyse — {call.title}")
    criteria = [Criterion(section=Section.ADMISSIBILITY, label=label, guidance=guidance, eliminatory=True,
                          weight=Decimal("0"), scale_max=1) for label, guidance in ELIMINATORY]
    criteria += [Criterion(section=Section.AXIS, axis=axis, guidance=f"{axis.name_fr}. {AXIS_GUIDANCE}",
                           label=f"Contribution à l'{axis.code.replace('AXE-', 'axe ')}", weight=Decimal("1"),
                           scale_max=5)
                 for axis in call.program.axes.all()]
    criteria += [Criterion(section=section, label=label, guidance=guidance, weight=Decimal(weight),
                           scale_max=scale)
                 for section, label, weight, scale, guidance in GENERAL]
    for order, criterion in enumerate(criteria, start=1):
        criterion.rubric, criterion.order = rubric, order
        rubrics.save_criterion(criterion, manager)
    return rubric


def seed_readings(proposal, readings, people):
    """Assign each reviewer (the analyst does), then take each reading as far as it goes."""
    for reading in readings:
        reviewer = people[reading.reviewer]
        assignment = ReviewerAssignment.objects.filter(proposal=proposal, reviewer=reviewer).first()
        if assignment is None:
            assignment = assignments.assign(proposal, reviewer, people["analyst"],
                                            due_on=timezone.localdate() + timedelta(days=REVIEW_DAYS))
        if assignment.state == ReviewerAssignment.State.PENDING and reading.outcome != PENDING:
            assignment = assignments.declare(
                assignment, reviewer, has_conflict=reading.outcome == RECUSED,
                reason="Je siège au conseil d'administration d'un partenaire du projet."
                if reading.outcome == RECUSED else "")
        _review(proposal, assignment, reviewer, reading)


def _review(proposal, assignment, reviewer, reading):
    if reading.outcome not in (SUBMITTED, DRAFT) or assignment.state != ReviewerAssignment.State.ACTIVE:
        return
    review = Review.objects.filter(assignment=assignment).first()
    if review is not None and (review.is_submitted or reading.outcome == DRAFT):
        return
    review = reviews.start_review(assignment, reviewer)
    complete = reading.outcome == SUBMITTED
    answers = {score.criterion_id: _answer(score.criterion, proposal, reading.quality, complete)
               for score in review.scores.select_related("criterion")}
    reviews.save_draft(
        review, reviewer, scores=answers, overall_comment=reading.comment if complete else "",
        recommendation=_recommendation(reading.quality) if complete else "",
        suggested_amount=proposal.requested_amount if complete else None)
    if complete:
        reviews.submit(review, reviewer)


def _answer(criterion, proposal, quality, complete):
    """A draft has the admissibility answered and the rest still blank."""
    if criterion.eliminatory:
        return {"passed": True, "comment": ""}
    if not complete:
        return {"value": None, "comment": ""}
    if criterion.axis_id is None:
        share = quality
    else:
        share = quality if criterion.axis_id == proposal.primary_axis_id else Decimal("0.2")
    value = (criterion.scale_max * share).quantize(Decimal("1"), ROUND_HALF_UP)
    return {"value": value, "comment": "Bien documenté dans la demande." if share >= Decimal("0.7") else ""}


def _recommendation(quality):
    if quality >= Decimal("0.8"):
        return Review.Recommendation.FUND
    if quality >= Decimal("0.6"):
        return Review.Recommendation.FUND_WITH_CONDITIONS
    return Review.Recommendation.DO_NOT_FUND
