"""The exportable tables: each a query over one scope's proposals and its typed columns.

A column's kind tells the writers how to store it: money and numbers as numbers, dates as dates, the rest
as text. Queries read the columns they show (annotations rather than whole related rows) and run in
chunks with their prefetches, so an export costs a fixed number of queries per chunk of rows.
"""

from dataclasses import dataclass
from operator import attrgetter

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from accountability.models import Agreement, PaymentTranche, Report, ReportIndicatorResult
from grants.answers import STEP_TITLES
from grants.models import Answer, BudgetLine, CoFunding, Indicator, Partner, QuestionKind
from scoring.conflicts import exclude_conflicted
from scoring.models import Decision, Review, Score

TEXT, MONEY, NUMBER, INTEGER, DATE, DATETIME = "text", "money", "number", "integer", "date", "datetime"
CHUNK = 500


@dataclass(frozen=True)
class Column:
    header: str
    kind: str
    get: object  # row -> value

    @property
    def width(self):
        return {TEXT: 30, DATE: 12, DATETIME: 17}.get(self.kind, 14)


@dataclass(frozen=True)
class Table:
    code: str
    label: str
    description: str
    query: object  # scope -> queryset, in a stable order
    columns: tuple

    def count(self, scope):
        return self.query(scope).count()

    def rows(self, scope):
        """One list of typed values per row."""
        for row in self.query(scope).iterator(chunk_size=CHUNK):
            yield [column.get(row) for column in self.columns]


def _col(header, kind=TEXT, get=None, attr=None):
    return Column(header, kind, get or attrgetter(attr))


def _names(relation):
    return lambda row: ", ".join(str(item) for item in getattr(row, relation).all())


def _yes_no(value):
    return "" if value is None else str(_("Oui") if value else _("Non"))


def _reviewer(row):
    return row.reviewer_name or row.reviewer_email


# Every table after the first starts with the proposal it belongs to.
def _proposal_key(pk="proposal_id"):
    return (_col(_("N° interne de la demande"), INTEGER, attr=pk),
            _col(_("Numéro de dossier"), attr="proposal_reference"))


def _of_proposals(model, scope, path="proposal"):
    return model.objects.filter(**{f"{path}_id__in": scope.proposal_ids()}).annotate(
        proposal_reference=F(f"{path}__reference"))


def _proposals(scope):
    return scope.proposals().select_related("call__program", "organisation", "primary_axis").prefetch_related(
        "mrcs", "municipalities", "secondary_axes", "priorities", "tags").order_by("pk")


PROPOSALS = Table("demandes", _("Demandes"), _("Chaque section du formulaire : organisme, territoire, objectifs, "
                                               "axes, ADS+, échéancier et montants."), _proposals, (
    _col(_("N° interne de la demande"), INTEGER, attr="pk"),
    _col(_("Numéro de dossier"), attr="reference"),
    _col(_("Titre du projet"), attr="title"),
    _col(_("État"), get=lambda p: p.get_state_display()),
    _col(_("Programme"), get=lambda p: p.call.program.name),
    _col(_("Appel"), attr="call.title"),
    # A shared call's co-funder file: the application it was filed with (grants.funders).
    _col(_("Demande conjointe d'origine (n° interne)"), INTEGER, attr="application_id"),
    _col(_("Organisme porteur"), attr="organisation.legal_name"),
    _col(_("NEQ"), attr="organisation.neq"),
    _col(_("Type d'organisme"), get=lambda p: p.organisation.get_kind_display()),
    _col(_("Mission de l'organisme porteur"), attr="mission"),
    _col(_("MRC ciblées"), get=_names("mrcs")),
    _col(_("Municipalités ciblées"), get=_names("municipalities")),
    _col(_("Précisions sur le territoire"), attr="territory_details"),
    _col(_("Population ciblée"), attr="target_population"),
    _col(_("Objectifs"), attr="objectives"),
    _col(_("Problématique (constats)"), attr="problem_statement"),
    _col(_("Impacts recherchés / résultats attendus"), attr="expected_results"),
    _col(_("Complémentarité des actions"), attr="complementarity"),
    _col(_("Axe principal"), get=lambda p: p.primary_axis.name if p.primary_axis else ""),
    _col(_("Axes secondaires"), get=_names("secondary_axes")),
    _col(_("Priorités du plan d'action local"), get=_names("priorities")),
    _col(_("Participantes attendues (femmes)"), INTEGER, attr="expected_women"),
    _col(_("Participants attendus (hommes)"), INTEGER, attr="expected_men"),
    _col(_("Personnes attendues (autres identités)"), INTEGER, attr="expected_other"),
    _col(_("Impact différencié (ADS+)"), attr="gender_impact"),
    _col(_("Date de début"), DATE, attr="start_date"),
    _col(_("Date de fin"), DATE, attr="end_date"),
    _col(_("Montant demandé"), MONEY, attr="requested_amount"),
    _col(_("Montant suggéré"), MONEY, attr="suggested_amount"),
    _col(_("Montant accordé"), MONEY, attr="amount_granted"),
    _col(_("Déposée le"), DATETIME, attr="submitted_at"),
    _col(_("Étiquettes"), get=_names("tags")),
))

PARTNERS = Table("partenaires", _("Partenaires"), _("Rôle et contribution de chaque partenaire."),
                 lambda scope: _of_proposals(Partner, scope).annotate(
                     registered=F("organisation__legal_name")).order_by("proposal_id", "id"), (
    *_proposal_key(),
    _col(_("Partenaire"), attr="name"),
    _col(_("Type"), get=lambda r: r.get_kind_display()),
    _col(_("Rôle dans le projet"), attr="role"),
    _col(_("Contribution en argent"), MONEY, attr="cash_contribution"),
    _col(_("Contribution en nature"), MONEY, attr="in_kind_contribution"),
    _col(_("Organisme inscrit"), get=lambda r: r.registered or ""),
))

BUDGET = Table("budget", _("Postes budgétaires"), _("Coût total et montant demandé au fonds, par poste."),
               lambda scope: _of_proposals(BudgetLine, scope).order_by("proposal_id", "id"), (
    *_proposal_key(),
    _col(_("Catégorie"), get=lambda r: r.get_category_display()),
    _col(_("Description"), attr="description"),
    _col(_("Coût total"), MONEY, attr="total_amount"),
    _col(_("Montant demandé au fonds"), MONEY, attr="fund_amount"),
))

COFUNDING = Table("cofinancement", _("Autres sources de financement"), _("Source, montant et statut."),
                  lambda scope: _of_proposals(CoFunding, scope).order_by("proposal_id", "id"), (
    *_proposal_key(),
    _col(_("Source de financement"), attr="source"),
    _col(_("Montant"), MONEY, attr="amount"),
    _col(_("Statut"), get=lambda r: r.get_status_display()),
))

INDICATORS = Table("indicateurs", _("Indicateurs"), _("Indicateurs de résultats et leurs cibles."),
                   lambda scope: _of_proposals(Indicator, scope).order_by("proposal_id", "id"), (
    *_proposal_key(),
    _col(_("Indicateur"), attr="label"),
    _col(_("Cible"), NUMBER, attr="target"),
    _col(_("Unité"), attr="unit"),
))


# One row per answer to a call's own questions, in the typed column of its kind (grants.models.question):
# an answer to an earlier version of a question keeps that version's wording.
ANSWERS = Table("reponses", _("Réponses aux questions"),
                _("Réponses aux questions propres à chaque appel, avec la version de la question."),
                lambda scope: _of_proposals(Answer, scope).select_related("version").annotate(
                    step=F("question__step"), current_version=F("question__current_id"))
                .order_by("proposal_id", "question__order", "question_id", "version__number"), (
    *_proposal_key(),
    _col(_("N° de la question"), INTEGER, attr="question_id"),
    _col(_("Étape du formulaire"), get=lambda r: str(STEP_TITLES.get(r.step, r.step))),
    _col(_("Question"), attr="version.label"),
    _col(_("Version de la question"), INTEGER, attr="version.number"),
    _col(_("Question modifiée depuis"), get=lambda r: _yes_no(r.version_id != r.current_version)),
    _col(_("Type de réponse"), get=lambda r: r.version.get_kind_display()),
    _col(_("Réponse"), get=lambda r: r.display()),
    _col(_("Nombre"), NUMBER, get=lambda r: r.number if r.version.kind == QuestionKind.NUMBER else None),
    _col(_("Montant"), MONEY, get=lambda r: r.number if r.version.kind == QuestionKind.MONEY else None),
    _col(_("Date"), DATE, attr="date"),
))


def _reviews(scope):
    """Submitted reviews, without the proposals the person is conflicted on (scoring.view_proposal_reviews)."""
    reviews = Review.objects.filter(proposal_id__in=scope.proposal_ids(), state=Review.State.SUBMITTED)
    return exclude_conflicted(reviews, scope.user)


REVIEWS = Table("evaluations", _("Évaluations"), _("Évaluations déposées : note pondérée, recommandation, "
                                                   "commentaire."),
                lambda scope: _reviews(scope).annotate(
                    proposal_reference=F("proposal__reference"), reviewer_name=F("reviewer__full_name"),
                    reviewer_email=F("reviewer__email"),
                    rubric_title=F("rubric__title")).order_by("proposal_id", "submitted_at", "id"), (
    *_proposal_key(),
    _col(_("N° de l'évaluation"), INTEGER, attr="pk"),
    _col(_("Évaluateur"), get=_reviewer),
    _col(_("Grille"), attr="rubric_title"),
    _col(_("Déposée le"), DATETIME, attr="submitted_at"),
    _col(_("Note pondérée (/100)"), NUMBER, attr="weighted_total"),
    _col(_("Échec à un critère éliminatoire"), get=lambda r: _yes_no(r.eliminatory_failed)),
    _col(_("Recommandation"), get=lambda r: r.get_recommendation_display()),
    _col(_("Montant suggéré"), MONEY, attr="suggested_amount"),
    _col(_("Commentaire général"), attr="overall_comment"),
))

SCORES = Table("notes", _("Notes par critère"), _("La note de chaque évaluation déposée, critère par critère."),
               lambda scope: Score.objects.filter(review__in=_reviews(scope)).select_related("criterion__axis")
               .annotate(proposal_id=F("review__proposal_id"), proposal_reference=F("review__proposal__reference"),
                         reviewer_name=F("review__reviewer__full_name"), reviewer_email=F("review__reviewer__email"))
               .order_by("review__proposal_id", "review_id", "criterion__order", "criterion_id"), (
    *_proposal_key(),
    _col(_("N° de l'évaluation"), INTEGER, attr="review_id"),
    _col(_("Évaluateur"), get=_reviewer),
    _col(_("Section"), get=lambda r: r.criterion.get_section_display()),
    _col(_("Axe"), get=lambda r: r.criterion.axis.name if r.criterion.axis else ""),
    _col(_("Critère"), attr="criterion.label"),
    _col(_("Pondération"), NUMBER, attr="criterion.weight"),
    _col(_("Note maximale"), INTEGER, attr="criterion.scale_max"),
    _col(_("Note"), NUMBER, attr="value"),
    _col(_("Réussi (critère éliminatoire)"), get=lambda r: _yes_no(r.passed)),
    _col(_("Commentaire"), attr="comment"),
))

DECISIONS = Table("decisions", _("Décisions"), _("Décision de l'instance : résolution, date, montant, "
                                                 "conditions."),
                  lambda scope: _of_proposals(Decision, scope).select_related("meeting").order_by("proposal_id"), (
    *_proposal_key(),
    _col(_("Décision"), get=lambda r: r.get_outcome_display()),
    _col(_("Date de la décision"), DATE, get=lambda r: r.decided_on or (r.meeting.date if r.meeting else None)),
    _col(_("Séance"), get=lambda r: r.meeting.title if r.meeting else ""),
    _col(_("Numéro de résolution"), attr="resolution_number"),
    _col(_("Montant accordé"), MONEY, attr="amount_granted"),
    _col(_("Conditions"), attr="conditions"),
    _col(_("Commentaire"), attr="comment"),
))

AGREEMENTS = Table("conventions", _("Conventions"), _("Montant accordé, période du projet et signature."),
                   lambda scope: _of_proposals(Agreement, scope).annotate(
                       organisation_name=F("proposal__organisation__legal_name")).order_by("proposal_id"), (
    *_proposal_key(),
    _col(_("Organisme porteur"), attr="organisation_name"),
    _col(_("Montant accordé"), MONEY, attr="amount_granted"),
    _col(_("Début du projet"), DATE, attr="starts_on"),
    _col(_("Fin du projet"), DATE, attr="ends_on"),
    _col(_("Signée le"), DATE, attr="signed_on"),
    _col(_("Conditions de la décision"), attr="conditions"),
))

TRANCHES = Table("versements", _("Versements"), _("Chaque versement prévu, payable ou versé, et son paiement."),
                 lambda scope: PaymentTranche.objects.filter(agreement__proposal_id__in=scope.proposal_ids())
                 .annotate(proposal_pk=F("agreement__proposal_id"),
                           proposal_reference=F("agreement__proposal__reference"))
                 .order_by("agreement__proposal_id", "order"), (
    *_proposal_key("proposal_pk"),
    _col(_("Versement"), INTEGER, attr="order"),
    _col(_("Montant"), MONEY, attr="amount"),
    _col(_("Condition de versement"), get=lambda r: r.get_condition_display()),
    _col(_("Date prévue"), DATE, attr="due_on"),
    _col(_("État"), get=lambda r: r.get_state_display()),
    _col(_("Payable depuis"), DATETIME, attr="payable_at"),
    _col(_("Versé le"), DATE, attr="paid_on"),
    _col(_("Référence du paiement"), attr="payment_reference"),
))


def _report_name(row):
    if row.report_kind == Report.Kind.FINAL:
        return str(_("Rapport final"))
    return str(_("Rapport d'étape %(number)s") % {"number": row.report_order})


RESULTS = Table("resultats", _("Résultats des rapports"), _("Indicateurs des rapports : cible et résultat "
                                                            "atteint."),
                lambda scope: ReportIndicatorResult.objects
                .filter(report__agreement__proposal_id__in=scope.proposal_ids())
                .annotate(proposal_pk=F("report__agreement__proposal_id"),
                          proposal_reference=F("report__agreement__proposal__reference"),
                          report_kind=F("report__kind"), report_order=F("report__order"),
                          report_state=F("report__state"), report_due_on=F("report__due_on"),
                          indicator_label=F("indicator__label"), indicator_unit=F("indicator__unit"),
                          indicator_target=F("indicator__target"))
                .order_by("report__agreement__proposal_id", "report__due_on", "report_id", "indicator_id"), (
    *_proposal_key("proposal_pk"),
    _col(_("Rapport"), get=_report_name),
    _col(_("État du rapport"), get=lambda r: Report.State(r.report_state).label),
    _col(_("Échéance"), DATE, attr="report_due_on"),
    _col(_("Indicateur"), attr="indicator_label"),
    _col(_("Unité"), attr="indicator_unit"),
    _col(_("Cible"), NUMBER, attr="indicator_target"),
    _col(_("Résultat atteint"), NUMBER, attr="actual"),
    _col(_("Commentaire"), attr="comment"),
))

TABLES = {table.code: table for table in (PROPOSALS, PARTNERS, BUDGET, COFUNDING, INDICATORS, ANSWERS, REVIEWS,
                                          SCORES, DECISIONS, AGREEMENTS, TRANCHES, RESULTS)}


def chosen(code):
    """The tables of an export: one, or every table when no code is given."""
    return [TABLES[code]] if code else list(TABLES.values())
