"""Reports (reddition de comptes): the applicant's account of a funded project, reviewed by an analyst."""

import uuid

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

MONEY = {"max_digits": 12, "decimal_places": 2}


class ReportKind(models.TextChoices):
    INTERIM = "interim", _("Rapport d'étape")
    FINAL = "final", _("Rapport final")


class Report(FSMModelMixin, models.Model):
    """One scheduled report. Its state changes only through these transitions, called by
    accountability.services, which logs each one (core.activity) with its actor and comment."""

    Kind = ReportKind

    class State(models.TextChoices):
        DRAFT = "draft", _("À produire")
        SUBMITTED = "submitted", _("Déposé")
        ACCEPTED = "accepted", _("Accepté")
        RETURNED = "returned", _("Retourné pour correction")

    agreement = models.ForeignKey("accountability.Agreement", verbose_name=_("convention"), on_delete=models.CASCADE,
                                  related_name="reports")
    # The agreement's proposal's organisation and program, copied when the report is scheduled (a proposal
    # keeps its organisation; a call moved to another program takes its reports along:
    # accountability.agreements.follow_moved_call): the applicant dashboard reads an organisation's reports
    # to file from one index, the public portal a program's latest accepted report from another.
    organisation = models.ForeignKey("grants.Organisation", verbose_name=_("organisme"), on_delete=models.PROTECT,
                                     related_name="+", editable=False, db_index=False)
    program = models.ForeignKey("grants.Program", verbose_name=_("programme"), on_delete=models.PROTECT,
                                related_name="+", editable=False, db_index=False)
    kind = models.CharField(_("type de rapport"), max_length=10, choices=ReportKind.choices)
    # Position among the agreement's reports of the same kind (1st interim, 2nd interim…).
    order = models.PositiveSmallIntegerField(_("numéro"), default=1)
    due_on = models.DateField(_("échéance"))
    state = FSMField(_("état"), max_length=10, choices=State.choices, default=State.DRAFT, protected=True)

    narrative = models.TextField(_("bilan narratif"), blank=True)
    objectives_progress = models.TextField(_("progression par objectif"), blank=True)
    participants_women = models.PositiveIntegerField(_("participantes rejointes (femmes)"), null=True, blank=True)
    participants_men = models.PositiveIntegerField(_("participants rejoints (hommes)"), null=True, blank=True)
    participants_other = models.PositiveIntegerField(_("personnes rejointes (autres identités)"), null=True,
                                                     blank=True)

    submitted_at = models.DateTimeField(_("déposé le"), null=True, blank=True)
    submitted_by = models.ForeignKey("grants.User", verbose_name=_("déposé par"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    reviewed_by = models.ForeignKey("grants.User", verbose_name=_("analysé par"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    review_comment = models.TextField(_("commentaires de l'analyste"), blank=True)
    accepted_at = models.DateTimeField(_("accepté le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        db_table = "grants_report"  # moved from grants: the data stays where it is
        verbose_name = _("rapport")
        verbose_name_plural = _("rapports")
        ordering = ["agreement", "due_on", "id"]
        # The reminder scan reads reports by due date and state.
        indexes = [
            models.Index(fields=["due_on", "state"], name="report_due_state_idx"),
            # Each agreement's latest accepted report (accountability.latest.rebuild).
            models.Index(fields=["agreement", "due_on", "id"], name="report_latest_accepted_idx",
                         condition=models.Q(state="accepted")),
            # An organisation's reports not yet accepted, soonest due first (applicant dashboard).
            models.Index(fields=["organisation", "due_on", "id"], name="report_to_file_idx",
                         condition=~models.Q(state="accepted")),
            # A program's latest acceptance, and every program's (portal.freshness).
            models.Index(fields=["program", "accepted_at"], name="report_program_accepted_idx",
                         condition=models.Q(state="accepted")),
            models.Index(fields=["accepted_at"], name="report_accepted_at_idx", condition=models.Q(state="accepted")),
            # The API's list of a program's (staff) or an organisation's (members) reports, at any depth.
            models.Index(fields=["program", "due_on", "id"], name="report_program_due_idx"),
            models.Index(fields=["organisation", "due_on", "id"], name="report_organisation_due_idx"),
            # The same list filtered by state, by kind, or overdue (accountability.api.filters.ReportFilter): in
            # the list's order from the first row; through the index above, a kind or a state that comes late
            # in the year (final reports, the overdue) read 435,000 rows before the first page's 51.
            models.Index(fields=["program", "state", "due_on", "id"], name="report_program_state_due_idx"),
            models.Index(fields=["program", "kind", "due_on", "id"], name="report_program_kind_due_idx"),
            models.Index(fields=["program", "due_on", "id"], name="report_program_to_file_idx",
                         condition=models.Q(state__in=["draft", "returned"])),
            # A program's newest reports (workflow.search._recent reads them first, the windows go on below).
            models.Index(fields=["program", "id"], name="report_program_id_idx"),
            # A program's reports waiting for review, oldest first (agreements page, staff dashboard).
            models.Index(fields=["program", "submitted_at", "id"], name="report_program_submitted_idx",
                         condition=models.Q(state="submitted")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "kind", "order"], name="report_unique_per_slot"),
            models.UniqueConstraint(fields=["agreement"], condition=models.Q(kind="final"),
                                    name="report_one_final_per_agreement"),
            models.CheckConstraint(condition=~models.Q(state="accepted") | models.Q(accepted_at__isnull=False),
                                   name="report_accepted_has_date"),
        ]

    def __str__(self):
        if self.kind == ReportKind.FINAL:
            return str(_("Rapport final"))
        return _("Rapport d'étape %(number)s") % {"number": self.order}

    def save(self, *args, **kwargs):
        # Bulk inserts give the copies; a report saved alone (admin, factories) takes them here.
        if self.organisation_id is None or self.program_id is None:
            proposal = self.agreement.proposal
            self.organisation_id, self.program_id = proposal.organisation_id, proposal.program_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("report_detail", args=[self.pk])

    @transition(field=state, source=[State.DRAFT, State.RETURNED], target=State.SUBMITTED)
    def submit(self, actor):
        self.submitted_at, self.submitted_by = timezone.now(), actor

    @transition(field=state, source=State.SUBMITTED, target=State.ACCEPTED)
    def accept(self, actor, comment=""):
        self.accepted_at, self.reviewed_by, self.review_comment = timezone.now(), actor, comment

    @transition(field=state, source=State.SUBMITTED, target=State.RETURNED)
    def send_back(self, actor, comment):
        # The latest comment shows on the report; every one stays in the activity log.
        self.reviewed_by, self.review_comment = actor, comment

    @property
    def is_editable_by_applicant(self):
        return self.state in (self.State.DRAFT, self.State.RETURNED)

    @property
    def is_overdue(self):
        """Past its due date (America/Toronto) and not yet filed: a submitted or accepted report is not late."""
        return self.is_editable_by_applicant and self.due_on < timezone.localdate()

    @property
    def participants_total(self):
        return sum(value or 0 for value in (self.participants_women, self.participants_men,
                                            self.participants_other))


class ReportIndicatorResult(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="indicator_results")
    indicator = models.ForeignKey("grants.Indicator", verbose_name=_("indicateur"), on_delete=models.CASCADE,
                                  related_name="results")
    actual = models.DecimalField(_("résultat atteint"), null=True, blank=True, max_digits=12, decimal_places=2)
    comment = models.TextField(_("commentaire"), blank=True)
    # The indicator's latest filled-in result among accepted reports, kept by accountability.latest.
    is_latest = models.BooleanField(_("dernier résultat de l'indicateur"), default=False, editable=False)

    class Meta:
        db_table = "grants_reportindicatorresult"  # moved from grants: the data stays where it is
        verbose_name = _("résultat d'indicateur")
        verbose_name_plural = _("résultats d'indicateurs")
        ordering = ["indicator_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="report_indicator_unique"),
            # Also the index the results pages read an indicator's latest result from.
            models.UniqueConstraint(fields=["indicator"], condition=models.Q(is_latest=True),
                                    name="result_one_latest_per_indicator"),
        ]

    def __str__(self):
        return f"{self.indicator} : {self.actual}"


class ReportSpending(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="spendings")
    budget_line = models.ForeignKey("grants.BudgetLine", verbose_name=_("poste budgétaire"),
                                    on_delete=models.CASCADE, related_name="spendings")
    spent = models.DecimalField(_("montant dépensé ($)"), default=0, **MONEY)

    class Meta:
        db_table = "grants_reportspending"  # moved from grants: the data stays where it is
        verbose_name = _("dépense déclarée")
        verbose_name_plural = _("dépenses déclarées")
        ordering = ["budget_line_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "budget_line"], name="report_spending_unique"),
            models.CheckConstraint(condition=models.Q(spent__gte=0), name="report_spending_non_negative"),
        ]

    def __str__(self):
        return f"{self.budget_line} : {self.spent}"


def report_attachment_path(instance, filename):
    # Generated name only: the user's file name is kept in original_name, never used as a path.
    return f"reports/{instance.report_id}/{uuid.uuid4().hex}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("fichier"), upload_to=report_attachment_path, max_length=300)
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    content_type = models.CharField(_("type de contenu"), max_length=120)
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey("grants.User", verbose_name=_("déposé par"), on_delete=models.SET_NULL,
                                    null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)

    class Meta:
        db_table = "grants_reportattachment"  # moved from grants: the data stays where it is
        verbose_name = _("pièce jointe du rapport")
        verbose_name_plural = _("pièces jointes des rapports")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name
