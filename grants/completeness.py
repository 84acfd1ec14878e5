"""What still blocks a submission, each item pointing at the form step that fixes it.

missing_items(proposal) -> list[MissingItem] is a contract: the workflow's submit guard calls it.
Step slugs are those of grants.forms.steps.

A two-stage call's letter of intent (stage INTENT: a draft or a filed letter, see stage_of) asks only the
call's intent_sections and its questions of stage "intent"; once shortlisted, the full proposal asks
everything, as a single-stage call does.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from core.compiled import Compiled
from core.money import format_money

from . import funders
from .models import Answer, Attachment, AttachmentType, BudgetLine, Call, CallQuestion, Indicator, Proposal
from .models.question import QuestionStage
from .states import INTENT_STAGE

INTENT, FULL = "intent", "full"

LINE_FIELDS = {"partners", "budget_lines", "cofundings", "indicators"}


@dataclass(frozen=True)
class MissingItem:
    step: str
    field: str
    message: str

    @property
    def anchor(self):
        """The id of the element to fix on the step page (field wrapper, group of lines, or document)."""
        if self.field in LINE_FIELDS:
            return f"formset-{self.field}"
        if self.field.startswith("attachment-"):
            return self.field
        return f"field-{self.field}"


TEXT_SECTIONS = [
    ("projet", "mission", _("La mission de l'organisme porteur est à remplir.")),
    ("projet", "project_lead_name", _("Indiquez la personne responsable du projet.")),
    ("projet", "contact_name", _("Indiquez la personne-ressource pour la demande.")),
    ("projet", "contact_email", _("Indiquez le courriel de la personne-ressource.")),
    ("territoire", "target_population", _("La population ciblée est à décrire.")),
    ("objectifs", "objectives", _("Les objectifs du projet sont à préciser.")),
    ("objectifs", "problem_statement", _("La problématique (constats) est à décrire.")),
    ("objectifs", "expected_results", _("Les impacts recherchés et résultats attendus sont à décrire.")),
    ("objectifs", "concerns", _("Les préoccupations et enjeux soulevés sont à décrire.")),
    ("objectifs", "complementarity", _("La complémentarité des actions est à expliquer.")),
    ("adsplus", "gender_impact", _("L'impact différencié sur les femmes et les hommes (ADS+) est à décrire.")),
]


def _facts_query(pk):
    """What the checks need beyond the proposal's own fields, in one query however many lines it has:
    whether it has MRCs, indicators and budget lines, the budget's fund total, whether a required
    document is missing (their names are read only then) and whether the call asks required questions."""
    own = OuterRef("pk")
    fund_total = (BudgetLine.objects.filter(proposal=own).order_by().values("proposal")
                  .annotate(total=Sum("fund_amount")).values("total"))
    present = Attachment.objects.filter(proposal=OuterRef(own), kind=OuterRef("pk"))
    required = AttachmentType.objects.filter(~Exists(present), calls=OuterRef("call_id")).order_by()
    return Proposal.objects.filter(pk=pk).values(
        has_mrcs=Exists(Proposal.mrcs.through.objects.filter(proposal=own)),
        has_indicators=Exists(Indicator.objects.filter(proposal=own)),
        has_budget=Exists(BudgetLine.objects.filter(proposal=own)),
        fund_total=Subquery(fund_total), lacks_document=Exists(required),
        asks_questions=Exists(CallQuestion.objects.filter(call=OuterRef("call_id"), retired_at__isnull=True,
                                                          current__required=True)),
        # The host's draft of a shared call: the funders it asks, their questions and documents too.
        shared=Exists(Call.objects.filter(lead_call=OuterRef("call_id"))))


# Compiled once per process: the ORM spends milliseconds building these subqueries, at every submit.
_FACTS = Compiled(_facts_query)


def _facts(proposal):
    return _FACTS.dicts(proposal.pk)[0]


def _sections(proposal, facts):
    for step, field, message in TEXT_SECTIONS:
        if not (getattr(proposal, field) or "").strip():
            yield MissingItem(step, field, message)
    if not facts["has_mrcs"]:
        yield MissingItem("territoire", "mrcs", _("Indiquez au moins une MRC ciblée."))
    if not proposal.primary_axis_id:
        yield MissingItem("axes", "primary_axis", _("Choisissez l'axe principal du programme."))
    if not facts["has_indicators"]:
        yield MissingItem("indicateurs", "indicators", _("Ajoutez au moins un indicateur de résultat."))
    if all(getattr(proposal, f) is None for f in ("expected_women", "expected_men", "expected_other")):
        yield MissingItem("adsplus", "expected_women",
                          _("Indiquez le nombre de personnes participantes attendues selon le genre (ADS+)."))


def _budget_and_dates(proposal, facts):
    if not facts["has_budget"]:
        yield MissingItem("budget", "budget_lines", _("Ajoutez au moins un poste budgétaire."))
    elif facts["shared"] or proposal.application_id:
        pass  # each funder's share is checked against its own call's maximum (_funders)
    elif (facts["fund_total"] or Decimal("0")) > proposal.call.max_amount:
        yield MissingItem("budget", "budget_lines",
                          _("Le montant demandé dépasse le maximum permis par l'appel."))
    if not proposal.start_date:
        yield MissingItem("echeancier", "start_date", _("Indiquez la date de début du projet."))
    if not proposal.end_date:
        yield MissingItem("echeancier", "end_date", _("Indiquez la date de fin du projet."))
    if proposal.start_date and proposal.end_date and proposal.end_date <= proposal.start_date:
        yield MissingItem("echeancier", "end_date", _("La date de fin doit suivre la date de début."))


def _funders(proposal, facts):
    """A shared call's draft: the host is asked, and the amounts asked from the funders make up what the
    budget asks, each within its funder's maximum."""
    if not facts["shared"] or proposal.application_id:
        return
    calls = funders.funder_calls(proposal.call)
    asked = funders.requests(proposal)
    if proposal.call_id not in asked:
        yield MissingItem("budget", "funders", funders.HOST_REQUIRED % {"funder": calls[0].program.name})
    for call in calls:
        request = asked.get(call.pk)
        if request is not None and call.pk != proposal.call_id and request.primary_axis_id is None:
            yield MissingItem("budget", "funders", _("Choisissez l'axe principal du plan de %(funder)s.")
                              % {"funder": call.program.name})
        if request is not None and request.amount > call.max_amount:
            yield MissingItem("budget", "funders", _(
                "Le montant demandé à %(funder)s dépasse le maximum de son appel (%(maximum)s).")
                % {"funder": call.program.name, "maximum": format_money(call.max_amount)})
    total = sum((request.amount for request in asked.values()), Decimal("0"))
    fund_total = facts["fund_total"] or Decimal("0")
    if asked and total != fund_total:
        yield MissingItem("budget", "funders", _(
            "Les montants demandés aux bailleurs (%(asked)s) doivent totaliser le montant demandé dans le budget "
            "(%(budget)s).") % {"asked": format_money(total), "budget": format_money(fund_total)})


def _sibling_share(proposal):
    # A co-funder's file asks its own share, within its own call's maximum.
    if proposal.application_id and proposal.requested_amount > proposal.call.max_amount:
        yield MissingItem("budget", "funders", _("Le montant demandé dépasse le maximum permis par l'appel."))


def _attachments(proposal, facts):
    if facts["shared"] and not proposal.application_id:
        required = funders.required_documents(proposal)
    elif not facts["lacks_document"]:
        return
    else:
        required = proposal.call.required_attachment_types.all()
    present = set(proposal.attachments.values_list("kind_id", flat=True))
    for kind in required:
        if kind.pk not in present:
            yield MissingItem("pieces-jointes", f"attachment-{kind.code}",
                              _("Pièce jointe exigée manquante : %(name)s.") % {"name": kind.name})


def _questions(proposal, facts):
    """The call's required questions without an answer to their current version, in one query (the
    form's order). An answer to an earlier version is pointed out: the question changed since."""
    shared = facts["shared"] and not proposal.application_id
    if not facts["asks_questions"] and not shared:
        return
    calls = funders.question_call_ids(proposal) if shared else [proposal.call_id]
    answers = Answer.objects.filter(proposal_id=proposal.pk, question=OuterRef("pk"))
    unanswered = (CallQuestion.objects.filter(call_id__in=calls, retired_at__isnull=True,
                                              current__required=True)
                  .annotate(answered=Exists(answers.filter(version=OuterRef("current_id"))),
                            answered_before=Exists(answers))
                  .filter(answered=False).select_related("current").order_by("order", "id"))
    for question in unanswered:
        label = question.current.label
        message = (_("La question « %(label)s » a été modifiée depuis votre réponse : relisez-la et "
                     "enregistrez l'étape de nouveau.") if question.answered_before
                   else _("Répondez à la question « %(label)s »."))
        yield MissingItem(question.step, f"question_{question.pk}", message % {"label": label})


def stage_of(proposal):
    """INTENT for a two-stage call's letter of intent (until shortlisted), else FULL."""
    return INTENT if proposal.call.two_stage and proposal.state in INTENT_STAGE else FULL


def _intent_only(proposal, items):
    """The items a letter of intent asks: its call's intent_sections, and its questions of stage "intent"."""
    asked = set(proposal.call.intent_sections or ())
    ids = {_question_id(item) for item in items} - {None}
    intent_ids = set(CallQuestion.objects.filter(pk__in=ids, stage=QuestionStage.INTENT).values_list(
        "pk", flat=True)) if ids else set()
    return [item for item in items
            if (_question_id(item) in intent_ids if _question_id(item) else item.step in asked)]


def _question_id(item):
    return int(item.field.removeprefix("question_")) if item.field.startswith("question_") else None


def missing_items(proposal, stage=None):
    """What blocks the filing of `stage`: by default the proposal's own (stage_of)."""
    facts = _facts(proposal)
    items = [*_sections(proposal, facts), *_budget_and_dates(proposal, facts), *_funders(proposal, facts),
             *_sibling_share(proposal), *_attachments(proposal, facts), *_questions(proposal, facts)]
    return _intent_only(proposal, items) if (stage or stage_of(proposal)) == INTENT else items
