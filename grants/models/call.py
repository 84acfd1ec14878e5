from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CallQuerySet(models.QuerySet):
    def open_at(self, moment=None):
        moment = moment or timezone.now()
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)


class Call(models.Model):
    """An appel de projets: a submission window within a program."""

    program = models.ForeignKey(
        "grants.Program", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="calls"
    )
    title = models.CharField(_("titre"), max_length=300)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("fermeture"))
    max_amount = models.DecimalField(_("montant maximal par demande ($)"), max_digits=12, decimal_places=2)
    instructions = models.TextField(_("consignes"), blank=True)
    eligible_territories = models.ManyToManyField(
        "grants.Territory", verbose_name=_("territoires admissibles"), blank=True, related_name="calls"
    )
    required_attachment_types = models.ManyToManyField(
        "grants.AttachmentType", verbose_name=_("pièces jointes exigées"), blank=True, related_name="calls"
    )
    required_reviews = models.PositiveSmallIntegerField(
        _("nombre d'évaluations requises avant la recommandation"), default=0
    )
    # The submit and resubmit guard organisation_is_verified (workflow/guards.py) reads it.
    requires_verified_organisation = models.BooleanField(
        _("exige un organisme vérifié"), default=False,
        help_text=_("Les demandes ne peuvent être déposées qu'une fois l'organisme vérifié par l'équipe régionale."),
    )

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("appel de projets")
        verbose_name_plural = _("appels de projets")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="call_closes_after_opening"
            ),
            models.CheckConstraint(condition=models.Q(max_amount__gt=0), name="call_max_amount_positive"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        existing = not self._state.adding
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if existing and (fields is None or "program" in fields or "program_id" in fields):
            # Proposals keep a copy of their call's program (Proposal.program): a moved call takes them along.
            self.proposals.exclude(program_id=self.program_id).update(program_id=self.program_id)

    def is_open(self, moment=None):
        moment = moment or timezone.now()
        return self.opens_at <= moment < self.closes_at
