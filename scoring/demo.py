"""Demo data for scoring: the open call's grille d'analyse and the demo reviewers' assignments.

Idempotent: the rubric is created once; assignments and the sample review only where missing.
"""

from decimal import Decimal

from .models import Criterion, Review, ReviewerAssignment, Rubric
from .services import assignments, reviews

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
     "Échéancier réaliste, ressources humaines disponibles, expérience de l'organisme auprès de la population visée."),
    (Section.PARTNERSHIP, "Partenariat et concertation", 2, 10,
     "Partenaires engagés (rôle et contribution précis), lien avec les tables de concertation locales."),
    (Section.BUDGET, "Réalisme du budget", 2, 10,
     "Coûts cohérents avec les activités, frais d'administration raisonnables, cofinancement confirmé."),
    (Section.ADS_PLUS, "Analyse différenciée selon les sexes (ADS+)", 1, 5,
     "Le projet tient compte des réalités différentes des femmes, des hommes et des personnes de la diversité."),
    (Section.PARTICIPATION, "Participation citoyenne", 1, 5,
     "Les personnes en situation de pauvreté participent à la conception et à la réalisation du projet."),
]


def seed_rubric(call):
    rubric = Rubric.objects.filter(call=call).order_by("-version").first()
    if rubric is not None:
        return rubric
    rubric = Rubric.objects.create(call=call, version=1, title="Grille d'analyse PARSIS Côte-Nord 2026")
    order = 0
    for label, guidance in ELIMINATORY:
        order += 1
        Criterion.objects.create(rubric=rubric, section=Section.ADMISSIBILITY, label=label, guidance=guidance,
                                 eliminatory=True, weight=Decimal("0"), scale_max=1, order=order)
    for axis in call.program.axes.all():
        order += 1
        Criterion.objects.create(rubric=rubric, section=Section.AXIS, axis=axis, order=order,
                                 label=f"Contribution à l'{axis.code.replace('AXE-', 'axe ')}",
                                 guidance=f"{axis.name_fr}. {AXIS_GUIDANCE}", weight=Decimal("1"), scale_max=5)
    for section, label, weight, scale, guidance in GENERAL:
        order += 1
        Criterion.objects.create(rubric=rubric, section=section, label=label, guidance=guidance,
                                 weight=Decimal(weight), scale_max=scale, order=order)
    return rubric


def seed_assignments(context):
    analyst = context["people"]["analyst"]
    people = [context["people"]["reviewer"], context["people"]["reviewer2"]]
    reviewable = [proposal for proposal, _target in context["proposals"]
                  if proposal.call_id == context["open_call"].pk and proposal.state in assignments.REVIEWABLE]
    for proposal in reviewable:
        for reviewer in people:
            if not ReviewerAssignment.objects.filter(proposal=proposal, reviewer=reviewer).exists():
                assignments.assign(proposal, reviewer, analyst)
    return reviewable


def seed_sample_review(proposal, reviewer):
    """The first reviewer has declared no conflict and submitted one review, so the ranking shows a score."""
    assignment = ReviewerAssignment.objects.get(proposal=proposal, reviewer=reviewer)
    if assignment.state == ReviewerAssignment.State.PENDING:
        assignment = assignments.declare(assignment, reviewer, has_conflict=False)
    if assignment.state != ReviewerAssignment.State.ACTIVE:
        return
    review = reviews.start_review(assignment, reviewer)
    if review.state == Review.State.SUBMITTED:
        return
    answers = {}
    for score in review.scores.select_related("criterion"):
        criterion = score.criterion
        if criterion.eliminatory:
            answers[criterion.pk] = {"passed": True, "comment": ""}
        else:
            value = Decimal(criterion.scale_max) * Decimal("0.8") if criterion.axis_id is None else Decimal(
                4 if criterion.axis_id == proposal.primary_axis_id else 1)
            answers[criterion.pk] = {"value": value, "comment": "Bien documenté dans la demande."}
    reviews.save_draft(review, reviewer, scores=answers, recommendation=Review.Recommendation.FUND_WITH_CONDITIONS,
                       overall_comment="Projet pertinent ; préciser les cibles de participation des hommes.",
                       suggested_amount=proposal.requested_amount)
    reviews.submit(review, reviewer)


def seed(context):
    seed_rubric(context["open_call"])
    reviewable = seed_assignments(context)
    if reviewable:
        seed_sample_review(reviewable[0], context["people"]["reviewer"])
