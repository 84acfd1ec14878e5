"""The application form's steps, in order. Completeness items point at these slugs."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from grants import completeness
from grants.models import CallQuestion
from grants.models.question import QuestionStage

from . import proposals
from .lines import line_formset


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form_class: type | None = None
    line_kinds: tuple = field(default=())
    intro: str = ""


STEPS = [
    Step("projet", _("Projet et organisme"), proposals.ProjectForm, (),
         _("Si le projet est financé, les renseignements marqués « Publié » paraissent sur le portail public, "
           "avec le nom de l'organisme, le montant accordé et l'état du projet.")),
    Step("territoire", _("Territoire et population"), proposals.TerritoryForm),
    Step("objectifs", _("Objectifs et résultats"), proposals.ObjectivesForm),
    Step("axes", _("Axes et priorités"), proposals.AxesForm),
    Step("indicateurs", _("Indicateurs"), None, ("indicators",),
         _("Chaque indicateur de résultat a une cible chiffrée et une unité (personnes, ateliers, etc.). "
           "Publié : si le projet est financé, les indicateurs, leurs cibles et les résultats des rapports "
           "acceptés paraissent sur le portail public.")),
    Step("adsplus", _("ADS+"), proposals.GenderAnalysisForm, (),
         _("Analyse différenciée selon les sexes dans une perspective intersectionnelle.")),
    Step("partenaires", _("Partenaires"), None, ("partners",),
         _("Les partenaires impliqués, leur rôle et leur contribution en argent ou en nature.")),
    Step("budget", _("Budget et financement"), None, ("budget_lines", "cofundings"),
         _("Le montant demandé est la somme des montants demandés au fonds pour chaque poste.")),
    Step("echeancier", _("Échéancier"), proposals.ScheduleForm),
    Step("pieces-jointes", _("Pièces jointes")),
    Step("verification", _("Vérification et dépôt")),
]
BY_SLUG = {step.slug: step for step in STEPS}


def steps_for(proposal):
    """The steps the applicant fills: a two-stage call's letter of intent shows only its call's intent_sections
    and the steps holding its questions of stage "intent"; the full proposal shows them all."""
    if completeness.stage_of(proposal) != completeness.INTENT:
        return STEPS
    asked = {*(proposal.call.intent_sections or ()), "verification", *CallQuestion.objects.filter(
        call_id=proposal.call_id, stage=QuestionStage.INTENT, retired_at__isnull=True).values_list("step", flat=True)}
    return [step for step in STEPS if step.slug in asked]


def next_step(step, shown=STEPS):
    index = shown.index(step)
    return shown[index + 1] if index + 1 < len(shown) else None


def build(step, proposal, data=None):
    """The section form (or None) and the line formsets of one step, bound to data when given."""
    form = step.form_class(data, proposal=proposal) if step.form_class else None
    formsets = [line_formset(kind, proposal, data) for kind in step.line_kinds]
    return form, formsets
