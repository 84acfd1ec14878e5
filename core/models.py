"""The activity log (who changed which object from which state to which, when and why), and the privacy
records: the access log of confidential files, retention rules and their runs, the incident register."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImmutableLog(Exception):
    """A log row is history: it is never changed nor deleted."""


class ActivityLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableLog("Activity log rows cannot be updated.")

    def delete(self):
        raise ImmutableLog("Activity log rows cannot be deleted.")

    def of(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
                           object_id=obj.pk)


class ActivityLog(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    # Null for the system (a scheduled task); PROTECT keeps the person behind a logged action.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("personne"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("état de départ"), max_length=40, blank=True)
    to_state = models.CharField(_("nouvel état"), max_length=40, blank=True)
    comment = models.TextField(_("commentaire"), blank=True)
    data = models.JSONField(_("données"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    objects = ActivityLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal d'activité")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"], name="activity_by_object")]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} {self.action} {self.from_state} → {self.to_state}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableLog("Activity log rows cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableLog("Activity log rows cannot be deleted.")


# --- Privacy (Loi 25): who opened which confidential file, retention rules and runs, incident register ---


class AccessLogQuerySet(models.QuerySet):
    """Append-only: rows are never changed; only the retention rule removes rows past their age."""

    def update(self, **kwargs):
        raise ImmutableLog("Access log rows cannot be updated.")

    def delete(self):
        raise ImmutableLog("Access log rows cannot be deleted; the retention rule expires them.")

    def expire_before(self, cutoff):
        """The retention rule's only way out: rows created before `cutoff`. Returns how many went."""
        return super(AccessLogQuerySet, self.filter(created_at__lt=cutoff)).delete()[0]


class AccessLog(models.Model):
    """One opening of a confidential file: a proposal's page, a document, a review, a report."""

    class What(models.TextChoices):
        PROPOSAL = "proposal", _("fiche de la demande")
        PROPOSAL_STAFF = "proposal_staff", _("dossier d'analyse de la demande")
        ATTACHMENT = "attachment", _("pièce jointe de la demande")
        REVIEW = "review", _("page d'évaluation de la demande")
        REVIEWS = "reviews", _("évaluations de la demande")
        REPORT = "report", _("rapport")
        REPORT_ATTACHMENT = "report_attachment", _("pièce jointe d'un rapport")
        AGREEMENT_FILE = "agreement_file", _("convention signée")
        API = "api", _("lecture par l'API")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("personne"), on_delete=models.PROTECT,
                             related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    # A plain number, not a key: core sits below grants, which defines programs.
    program_id = models.PositiveBigIntegerField(_("programme"), null=True, blank=True)
    what = models.CharField(_("consulté"), max_length=30, choices=What.choices)
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("accès à un dossier")
        verbose_name_plural = _("journal des accès")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The managers' page: one program or several, newest first, keyset on (created_at, id).
            models.Index(fields=["program_id", "-created_at", "-id"], name="access_log_by_program"),
            # The admins' page (every program) and the retention rule (created_at < cutoff).
            models.Index(fields=["-created_at", "-id"], name="access_log_recent"),
            # A person's own export.
            models.Index(fields=["user", "created_at"], name="access_log_by_user"),
        ]

    def __str__(self):
        return f"{self.user_id} {self.what} {self.content_type_id}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableLog("Access log rows cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableLog("Access log rows cannot be deleted; the retention rule expires them.")


class RetentionRule(models.Model):
    """How long one kind of record is kept (core.retention lists the kinds the apps registered)."""

    kind = models.CharField(_("type de données"), max_length=60, unique=True)
    days = models.PositiveIntegerField(_("durée de conservation (jours)"))
    active = models.BooleanField(_("appliquée"), default=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("règle de conservation")
        verbose_name_plural = _("règles de conservation")
        ordering = ["kind"]

    def __str__(self):
        return self.kind


class RetentionRun(models.Model):
    """One application of one rule: when, what, how many records, for real or as a simulation."""

    ran_at = models.DateTimeField(_("exécutée le"), default=timezone.now)
    kind = models.CharField(_("type de données"), max_length=60)
    days = models.PositiveIntegerField(_("durée de conservation (jours)"))
    cutoff = models.DateTimeField(_("date limite"))
    count = models.PositiveIntegerField(_("éléments traités"))
    dry_run = models.BooleanField(_("simulation"), default=False)
    source = models.CharField(_("origine"), max_length=20, default="command")

    class Meta:
        verbose_name = _("application d'une règle de conservation")
        verbose_name_plural = _("applications des règles de conservation")
        ordering = ["-ran_at", "-id"]
        indexes = [models.Index(fields=["kind", "-ran_at"], name="retention_run_by_kind")]

    def __str__(self):
        return f"{self.kind} {self.ran_at:%Y-%m-%d} {self.count}"


class ConfidentialityIncident(models.Model):
    """The register of confidentiality incidents (Loi 25, art. 3.8 of the private-sector act and 63.11 of
    the access act): kept by the person in charge of personal information, in the admin only."""

    class Nature(models.TextChoices):
        ACCESS = "access", _("Accès non autorisé")
        USE = "use", _("Utilisation non autorisée")
        DISCLOSURE = "disclosure", _("Communication non autorisée")
        LOSS = "loss", _("Perte")
        OTHER = "other", _("Autre atteinte à la protection")

    detected_on = models.DateField(_("constaté le"))
    occurred_on = models.DateField(_("survenu le"), null=True, blank=True,
                                   help_text=_("Laisser vide si la date est inconnue."))
    nature = models.CharField(_("nature de l'incident"), max_length=20, choices=Nature.choices)
    description = models.TextField(_("description des renseignements visés"))
    people_affected_count = models.PositiveIntegerField(_("nombre de personnes concernées"), null=True,
                                                        blank=True)
    people_affected_description = models.TextField(_("personnes concernées"), blank=True)
    serious_harm_risk = models.BooleanField(_("risque de préjudice sérieux"), default=False)
    risk_assessment = models.TextField(_("évaluation du risque de préjudice"), blank=True)
    commission_notified_on = models.DateField(
        _("avis à la Commission d'accès à l'information le"), null=True, blank=True)
    commission_notice = models.TextField(_("texte de l'avis à la Commission"), blank=True)
    people_notified_on = models.DateField(_("avis aux personnes concernées le"), null=True, blank=True)
    people_notice = models.TextField(_("texte de l'avis aux personnes"), blank=True)
    measures_taken = models.TextField(_("mesures prises"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("consigné par"),
                                    on_delete=models.PROTECT, related_name="+", editable=False)
    recorded_at = models.DateTimeField(_("consigné le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("incident de confidentialité")
        verbose_name_plural = _("registre des incidents de confidentialité")
        ordering = ["-detected_on", "-id"]

    def __str__(self):
        return f"{self.detected_on:%Y-%m-%d} — {self.get_nature_display()}"


class ApiToken(models.Model):
    """A key for the API, named by its owner, read-only or read-write. Only a hash of the key is kept: the
    key is shown once, when it is created."""

    class Scope(models.TextChoices):
        READ = "read", _("Lecture seule")
        WRITE = "write", _("Lecture et écriture")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("personne"), on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(_("nom"), max_length=100)
    scope = models.CharField(_("portée"), max_length=10, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(_("début du jeton"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def can_write(self):
        return self.scope == self.Scope.WRITE


class FileDeletion(models.Model):
    """A stored file whose row is gone and whose bytes are to be deleted (core.file_deletions): written in the
    same transaction as the row's deletion, removed once the storage confirmed. One left behind (the storage
    failed) is tried again by the daily retention run, so a file due to go never stays silently."""

    name = models.CharField(max_length=300)  # the FileFields' max_length
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("fichier à supprimer")
        verbose_name_plural = _("fichiers à supprimer")
        ordering = ["id"]

    def __str__(self):
        return self.name


class Session(AbstractBaseSession):
    """Django's database session with the signed-in person's key in a column of its own, so that a person's
    sessions are found by an index (their "Mes données", closing their account) instead of decoding every
    live session of the site. Written by core.sessions.SessionStore."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("personne"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+")

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore
