import functools
from decimal import Decimal

from django.db import models, transaction
from django.db.models import Sum
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from ..states import APPLICANT_EDITABLE, State
from . import commitment
from .call import Call
from .organisation import Organisation

MONEY = {"max_digits": 12, "decimal_places": 2}
NOT_DRAFT = ~models.Q(state=State.DRAFT)
# The staff queue's sort and filter columns: one index each within a program, drafts left out (never listed).
QUEUE_SORTS = {"reference": "ref", "title": "title", "requested_amount": "amount", "state": "state",
               "submitted_at": "submitted", "assigned_analyst_name": "analyst", "organisation_name": "org"}


class ProposalQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        _fill_program([proposal for proposal in objs if proposal.program_id is None])
        _fill_organisation_name([proposal for proposal in objs if proposal.organisation_name is None])
        created = super().bulk_create(objs, *args, **kwargs)
        commitment.count_created(created)
        return created

    def update(self, **kwargs):
        """An update of the values a program's commitments depend on recomputes the programs concerned
        (grants.commitments follows saves one by one; no service updates these in bulk)."""
        if not commitment.TRACKED_FIELDS & set(kwargs):
            return super().update(**kwargs)
        with transaction.atomic():
            rows = list(self.order_by().values_list("pk", "program_id"))
            count = super().update(**kwargs)
            programs = {program_id for _pk, program_id in rows}
            if {"program", "program_id"} & set(kwargs):  # moved: the programs they went to (a value or an expression)
                programs |= set(self.model._base_manager.filter(pk__in=[pk for pk, _program in rows])
                                .order_by().values_list("program_id", flat=True).distinct())
            if programs:
                commitment.rebuild(programs)
        return count


def _fill_program(proposals):
    """Copy each call's program onto new proposals (bulk inserts skip save()): one query at most."""
    unknown = {proposal.call_id for proposal in proposals if not Proposal.call.is_cached(proposal)}
    programs = dict(Call.objects.filter(pk__in=unknown).values_list("pk", "program_id")) if unknown else {}
    for proposal in proposals:
        proposal.program_id = proposal.call.program_id if Proposal.call.is_cached(proposal) else programs.get(
            proposal.call_id)


@functools.cache
def _saved_fields():
    """What saving a proposal read from the database writes: every column but its key and its award date."""
    return frozenset(field.attname for field in Proposal._meta.concrete_fields
                     if not field.primary_key and field.attname != "awarded_on")


def _fill_organisation_name(proposals):
    """Copy each organisation's name onto proposals (bulk inserts skip save()): one query at most."""
    unknown = {proposal.organisation_id for proposal in proposals if not Proposal.organisation.is_cached(proposal)}
    names = dict(Organisation.objects.filter(pk__in=unknown).values_list("pk", "legal_name")) if unknown else {}
    for proposal in proposals:
        proposal.organisation_name = (proposal.organisation.legal_name if Proposal.organisation.is_cached(proposal)
                                      else names.get(proposal.organisation_id))


class Proposal(ConcurrentTransitionMixin, models.Model):
    """A demande: every section of a real FQIS application (see programs.yaml).

    Its state changes only through the life cycle's transitions (workflow.lifecycle, called by
    workflow.services.transition): the field is protected.
    """

    state = FSMField(default=State.DRAFT, choices=State.choices, protected=True, db_index=True)

    call = models.ForeignKey("grants.Call", verbose_name=_("appel"), on_delete=models.PROTECT,
                             related_name="proposals")
    # The call's program, copied when the proposal is created (save(), bulk_create) and when a call moves
    # (Call.save()): the staff queue filters and sorts within one program through an index, with no join.
    program = models.ForeignKey("grants.Program", verbose_name=_("programme"), on_delete=models.PROTECT,
                                related_name="+", editable=False)
    organisation = models.ForeignKey("grants.Organisation", verbose_name=_("organisme porteur"),
                                     on_delete=models.PROTECT, related_name="proposals")
    created_by = models.ForeignKey("grants.User", verbose_name=_("créée par"), on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    title = models.CharField(_("titre du projet"), max_length=300)
    # Who leads the project and whom the team calls about it: personal information (docs/privacy.md,
    # grants/privacy.py), shown to the organisation and the program's staff, never published.
    project_lead_name = models.CharField(_("personne responsable du projet"), max_length=200, blank=True)
    project_lead_role = models.CharField(_("fonction de la personne responsable"), max_length=200, blank=True)
    contact_name = models.CharField(_("personne-ressource pour la demande"), max_length=200, blank=True)
    contact_role = models.CharField(_("fonction de la personne-ressource"), max_length=200, blank=True)
    contact_email = models.EmailField(_("courriel de la personne-ressource"), blank=True)
    contact_phone = models.CharField(_("téléphone de la personne-ressource"), max_length=30, blank=True)
    reference = models.CharField(_("numéro de dossier"), max_length=30, blank=True, db_index=True)

    # Sections of the application form.
    mission = models.TextField(_("mission de l'organisme porteur"), blank=True)
    mrcs = models.ManyToManyField("grants.Territory", verbose_name=_("MRC ciblées"), blank=True,
                                  related_name="+", limit_choices_to={"kind": "mrc"})
    municipalities = models.ManyToManyField("grants.Territory", verbose_name=_("municipalités ciblées"),
                                            blank=True, related_name="+",
                                            limit_choices_to={"kind": "municipality"})
    territory_details = models.TextField(_("précisions sur le territoire ciblé"), blank=True)
    target_population = models.TextField(_("population ciblée"), blank=True)
    objectives = models.TextField(_("objectifs"), blank=True)
    problem_statement = models.TextField(_("identification de la problématique (constats)"), blank=True)
    expected_results = models.TextField(_("impacts recherchés / résultats attendus"), blank=True)
    # "Préoccupations" in the real application: the issues the project raises or the worries it answers.
    concerns = models.TextField(_("préoccupations / enjeux soulevés"), blank=True)
    complementarity = models.TextField(_("complémentarité des actions"), blank=True)
    priorities = models.ManyToManyField("grants.Priority", verbose_name=_("priorités du plan d'action local"),
                                        blank=True, related_name="proposals")
    primary_axis = models.ForeignKey("grants.Axis", verbose_name=_("axe principal"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="primary_proposals")
    secondary_axes = models.ManyToManyField("grants.Axis", verbose_name=_("axes secondaires"), blank=True,
                                            related_name="secondary_proposals")
    # ADS+ (analyse différenciée selon les sexes et intersectionnelle).
    expected_women = models.PositiveIntegerField(_("participantes attendues (femmes)"), null=True, blank=True)
    expected_men = models.PositiveIntegerField(_("participants attendus (hommes)"), null=True, blank=True)
    expected_other = models.PositiveIntegerField(_("personnes participantes attendues (autres identités)"),
                                                 null=True, blank=True)
    gender_impact = models.TextField(_("impact différencié sur les femmes et les hommes (ADS+)"), blank=True)
    start_date = models.DateField(_("date de début"), null=True, blank=True)
    end_date = models.DateField(_("date de fin"), null=True, blank=True)
    # Derived from the budget lines by grants.services; kept for listing and totals.
    requested_amount = models.DecimalField(_("montant demandé ($)"), default=Decimal("0"), **MONEY)
    # Set by the recommend transition: the regional team's suggested amount.
    suggested_amount = models.DecimalField(_("montant suggéré ($)"), null=True, blank=True, editable=False,
                                           **MONEY)
    # Set by the approve transition only; the envelope left is the program's envelope minus these.
    amount_granted = models.DecimalField(_("montant accordé ($)"), null=True, blank=True, editable=False,
                                         **MONEY)
    # When the money was granted: the approving decision's date, else its meeting's, else the day it was
    # recorded; the agreement's day for a file funded without a decision; none for a declined file. Kept by
    # workflow.award_dates as those rows change, for the public portal's years and its filter by year on an
    # index rather than through three joins.
    awarded_on = models.DateField(_("date d'octroi"), null=True, blank=True, editable=False)

    # Public accountability (portal app): the applicant's summary for the public, published with the other
    # public fields once the project is funded, unless staff hold the publication back
    # (grants.services.publication; who, when and why, also in the activity log).
    public_summary = models.TextField(
        _("résumé public du projet"), max_length=1000, blank=True,
        help_text=_("Deux ou trois phrases pour le grand public : ce que fait le projet, pour qui et où. "
                    "N'y mettez aucun renseignement personnel."))
    publication_withheld_at = models.DateTimeField(_("publication retenue le"), null=True, blank=True,
                                                   editable=False)
    publication_withheld_by = models.ForeignKey(
        "grants.User", verbose_name=_("publication retenue par"), on_delete=models.SET_NULL, null=True,
        blank=True, editable=False, related_name="+")
    publication_withheld_reason = models.TextField(_("motif de la retenue de publication"), blank=True,
                                                   editable=False)

    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    submitted_at = models.DateTimeField(_("déposée le"), null=True, blank=True)
    # When it came to its current state (its creation, then the time of each transition's log): the queue's
    # "no change for N days" filter reads it from an index instead of looking for a log row per proposal.
    state_changed_at = models.DateTimeField(_("dans cet état depuis le"), default=timezone.now, editable=False)
    # Whoever started the analysis last (the start_analysis transition sets it; its log keeps the history):
    # the queue filters on it and sorts on the name, kept here (User.save and the profile service follow
    # a change of name), without reading the log or the people for every row.
    assigned_analyst = models.ForeignKey("grants.User", verbose_name=_("analyste assigné"), null=True, blank=True,
                                         on_delete=models.SET_NULL, editable=False, related_name="+")
    assigned_analyst_name = models.CharField(_("nom de l'analyste assigné"), max_length=254, null=True, blank=True,
                                             editable=False)
    # The organisation's legal name (Organisation.save follows a change of name), for the staff queue's sort
    # on an index of the program's proposals rather than through the organisations.
    organisation_name = models.CharField(_("nom de l'organisme"), max_length=300, null=True, blank=True,
                                         editable=False)
    # A co-funder's file of a shared application: the host's proposal the organisation filed
    # (grants.funders); null for every other proposal, the host's own included.
    application = models.ForeignKey("self", verbose_name=_("demande conjointe d'origine"), null=True, blank=True,
                                    on_delete=models.PROTECT, editable=False, related_name="funder_files")
    # Bumped on every save of the form: two people editing one draft cannot overwrite each other.
    version = models.PositiveIntegerField(default=1)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande")
        verbose_name_plural = _("demandes")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="proposal_ends_after_start",
            ),
        ]
        # The public portal lists a program's funded, published projects newest first (portal.selectors).
        indexes = [
            models.Index(fields=["program", "-id"], name="proposal_public_idx",
                         condition=models.Q(state__in=[State.FUNDED, State.REPORTED, State.CLOSED],
                                            publication_withheld_at__isnull=True)),
            # Keyset pages of the staff queue (workflow.queue) and of the applicant dashboard.
            *(models.Index(fields=["program", field, "id"], name=f"proposal_queue_{short}_idx", condition=NOT_DRAFT)
              for field, short in QUEUE_SORTS.items()),
            # An analyst's own files ("Analyste assigné"), newest first: a rush of new, unassigned submissions
            # comes first in the queue's order, and the filter walked past every one of them (19,000 rows).
            models.Index(fields=["program", "assigned_analyst", "submitted_at", "id"], name="proposal_queue_mine_idx",
                         condition=NOT_DRAFT),
            # The idle filter; with the number, the largest of the idle files' numbers (workflow.queue.order).
            models.Index(fields=["program", "state_changed_at"], name="proposal_queue_idle_idx", condition=NOT_DRAFT,
                         include=["reference"]),
            # A program's newest filed proposals (workflow.search._recent reads them first, the windows go on below).
            models.Index(fields=["program", "id"], name="proposal_program_latest_idx", condition=NOT_DRAFT),
            models.Index(fields=["organisation", "updated_at", "id"], name="proposal_org_updated_idx"),
            # The API's list, newest first (workflow.api.views.ProposalViewSet.ordering): its cursor pages.
            models.Index(fields=["created_at", "id"], name="proposal_created_idx"),
            # A program's commitments (scoring.services.decisions.commitments): granted and suggested amounts
            # by primary axis, read from the index alone on PostgreSQL.
            models.Index(fields=["program", "state", "primary_axis"], name="proposal_commitments_idx",
                         include=["id", "amount_granted", "suggested_amount"],
                         condition=models.Q(state__in=[State.FUNDED, State.REPORTED, State.CLOSED,
                                                       State.RECOMMENDED])),
            # A call's ranking (scoring.ranking_pages) reads every ranked proposal of the call: from this index alone
            # on PostgreSQL, not from 15,000 pages of the wide table for a call of 21,000 proposals, whatever it is
            # sorted by (the title, the organisation's name) or filtered on (the organisation's kind).
            models.Index(fields=["call", "state"], name="proposal_ranking_idx",
                         include=["id", "requested_amount", "primary_axis", "organisation", "organisation_name",
                                  "title"]),
            # The portal's freshness (portal.freshness): the public proposals' count and latest change, of all
            # programs or of one, read from this index alone on PostgreSQL rather than from the table.
            models.Index(fields=["program", "updated_at", "id"], name="proposal_portal_fresh_idx",
                         condition=models.Q(state__in=[State.FUNDED, State.REPORTED, State.CLOSED])),
            # The portal's award years of a program and its filter by year, on the published projects.
            models.Index(fields=["program", "awarded_on", "id"], name="proposal_portal_award_idx",
                         condition=models.Q(state__in=[State.FUNDED, State.REPORTED, State.CLOSED],
                                            publication_withheld_at__isnull=True)),
            # The organisations a program's staff see (grants.selectors.api_organisations): those with a filed
            # proposal in the program, read from this index alone on PostgreSQL.
            models.Index(fields=["program", "organisation"], name="proposal_program_org_idx", condition=NOT_DRAFT),
            # "Mes données" (grants.privacy): the proposals naming the person as contact, by address in any case.
            models.Index(Upper("contact_email"), name="proposal_contact_email_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.program_id is None:
            _fill_program([self])
        # The organisation's name, copied for the queue's sort: from the organisation at hand (the admin may
        # change it), else read once when missing (a row read without that column keeps its own).
        if Proposal.organisation.is_cached(self) or self.__dict__.get("organisation_name", "") is None:
            _fill_organisation_name([self])
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            # The award date is kept by workflow.award_dates from other rows: a proposal read before its decision
            # changed must not write its old copy back. The loaded fields otherwise, as Django's save would.
            kwargs["update_fields"] = _saved_fields().difference(self.get_deferred_fields())
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        proposal = super().from_db(db, field_names, values)
        # The state it was read in, when read: a save from and to states that count in no commitment need
        # not read the row again (grants.commitments).
        proposal._loaded_state = proposal.__dict__.get("state")
        return proposal

    @property
    def is_editable_by_applicant(self):
        return self.state in APPLICANT_EDITABLE

    def budget_fund_total(self):
        return self.budget_lines.aggregate(total=Sum("fund_amount"))["total"] or Decimal("0")


class Partner(models.Model):
    class Kind(models.TextChoices):
        COMMUNITY = "community", _("Communautaire")
        PUBLIC = "public", _("Public ou parapublic")
        MUNICIPAL = "municipal", _("Municipal")
        PRIVATE = "private", _("Privé")
        INDIGENOUS = "indigenous", _("Autochtone")
        OTHER = "other", _("Autre")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("nom du partenaire"), max_length=300)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    role = models.TextField(_("rôle dans le projet"), blank=True)
    cash_contribution = models.DecimalField(_("contribution en argent ($)"), default=0, **MONEY)
    in_kind_contribution = models.DecimalField(_("contribution en nature ($)"), default=0, **MONEY)
    organisation = models.ForeignKey("grants.Organisation", verbose_name=_("organisme inscrit"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="partnerships")

    class Meta:
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")
        ordering = ["id"]

    def __str__(self):
        return self.name


class BudgetLine(models.Model):
    class Category(models.TextChoices):
        SALARIES = "salaries", _("Salaires et charges sociales")
        FEES = "fees", _("Honoraires professionnels")
        ACTIVITIES = "activities", _("Frais d'activités")
        TRAVEL = "travel", _("Déplacements")
        MATERIALS = "materials", _("Matériel et fournitures")
        RENT = "rent", _("Loyer et frais de locaux")
        COMMUNICATION = "communication", _("Communication et promotion")
        ADMINISTRATION = "administration", _("Frais d'administration")
        OTHER = "other", _("Autres")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(_("catégorie"), max_length=20, choices=Category.choices)
    description = models.CharField(_("description"), max_length=300)
    total_amount = models.DecimalField(_("coût total ($)"), **MONEY)
    fund_amount = models.DecimalField(_("montant demandé au fonds ($)"), **MONEY)

    class Meta:
        verbose_name = _("poste budgétaire")
        verbose_name_plural = _("postes budgétaires")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(fund_amount__gte=0), name="budget_fund_non_negative"),
            models.CheckConstraint(condition=models.Q(fund_amount__lte=models.F("total_amount")),
                                   name="budget_fund_within_total"),
        ]

    def __str__(self):
        return self.description


class CoFunding(models.Model):
    """Another funding source for the project (autres sources de financement)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmé")
        PENDING = "pending", _("En attente")
        DECLINED = "declined", _("Refusé")
        WITHDRAWN = "withdrawn", _("Demande retirée")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="cofundings")
    source = models.CharField(_("source de financement"), max_length=300)
    amount = models.DecimalField(_("montant ($)"), **MONEY)
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices)
    # Another funder of the same shared application: its decision sets the status and the amount
    # (grants.funders.follow_decision), so each funder sees the others' grants as confirmed co-funding.
    funder_file = models.ForeignKey(Proposal, verbose_name=_("dossier de ce bailleur"),
                                    null=True, blank=True, on_delete=models.SET_NULL, editable=False,
                                    related_name="+")

    class Meta:
        verbose_name = _("autre source de financement")
        verbose_name_plural = _("autres sources de financement")
        ordering = ["id"]

    def __str__(self):
        return self.source


class Indicator(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="indicators")
    label = models.CharField(_("indicateur de résultat"), max_length=300)
    target = models.DecimalField(_("cible"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unité"), max_length=60)

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["id"]

    def __str__(self):
        return self.label
