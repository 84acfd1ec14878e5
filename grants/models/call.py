from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CallQuerySet(models.QuerySet):
    def open_at(self, moment=None):
        moment = moment or timezone.now()
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)


# The form's steps (grants.forms.steps) a letter of intent may ask; the default asks the project and its
# organisation, lead and contact (projet), the target population (territoire), the objectives (objectifs) and
# the budget, which gives the requested amount.
INTENT_STEPS = ("projet", "territoire", "objectifs", "axes", "indicateurs", "adsplus", "partenaires", "budget",
                "echeancier", "pieces-jointes")
DEFAULT_INTENT_STEPS = ("projet", "territoire", "objectifs", "budget")


def default_intent_steps():
    return list(DEFAULT_INTENT_STEPS)


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
    # Two-stage calls: a letter of intent (the steps named in intent_sections, and the questions of stage
    # "intent") filed while the call is open; the shortlisted then complete the same record into the full
    # proposal before full_proposal_closes_at (workflow.machine: submit_intent, shortlist, decline_intent).
    two_stage = models.BooleanField(
        _("appel en deux étapes"), default=False,
        help_text=_("Les organismes déposent d'abord une lettre d'intention ; seuls ceux qui sont retenus "
                    "remplissent la demande complète."))
    intent_sections = models.JSONField(
        _("sections de la lettre d'intention"), default=default_intent_steps, blank=True,
        help_text=_("Les étapes du formulaire demandées dès la lettre d'intention ; les autres ne s'affichent "
                    "qu'après la présélection."))
    full_proposal_closes_at = models.DateTimeField(
        _("date limite de la demande complète"), null=True, blank=True,
        help_text=_("Appel en deux étapes : date limite de dépôt des demandes complètes, après la fermeture "
                    "de l'appel (qui clôt le dépôt des lettres d'intention)."))

    # A call shared by several funders (appel conjoint) is one call per program: the host's call, which
    # organisations apply to, and each co-funder's call pointing at it. Each funder's call keeps its own
    # program, envelope, rubric, questions and decision body; grants.funders fans one application out.
    lead_call = models.ForeignKey(
        "self", verbose_name=_("appel conjoint de"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="co_calls",
        help_text=_("Pour un bailleur qui se joint à l'appel d'un autre programme : les organismes déposent "
                    "une seule demande dans l'appel principal et sollicitent ce bailleur en même temps."))

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
            # A two-stage call has the full proposal's deadline, after the letters of intent's (closes_at).
            models.CheckConstraint(
                condition=models.Q(two_stage=False, full_proposal_closes_at__isnull=True)
                | models.Q(two_stage=True, full_proposal_closes_at__gt=models.F("closes_at")),
                name="call_two_stage_deadline"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        existing = not self._state.adding
        if self.lead_call_id is not None:
            # One window for the whole shared call: the host's.
            self.opens_at, self.closes_at = self.lead_call.opens_at, self.lead_call.closes_at
        super().save(*args, **kwargs)
        if existing:
            self.co_calls.exclude(opens_at=self.opens_at, closes_at=self.closes_at).update(
                opens_at=self.opens_at, closes_at=self.closes_at)
        # Proposals keep a copy of their call's program (Proposal.program): a moved call takes them along, in
        # its post_save (grants.commitments.follow_moved_call, which recomputes both programs' commitments).

    def clean(self):
        self.clean_two_stage()
        lead = self.lead_call
        if lead is None:
            if self.two_stage and self.pk and self.co_calls.exists():
                raise ValidationError({"two_stage": _("Un appel conjoint se déroule en une seule étape.")})
            return
        if lead.two_stage or self.two_stage:
            raise ValidationError({"lead_call": _("Un appel conjoint se déroule en une seule étape.")})
        if lead.lead_call_id is not None or (self.pk and self.co_calls.exists()):
            raise ValidationError({"lead_call": _("Un appel conjoint a un seul appel principal, qui n'est "
                                                  "lui-même rattaché à aucun autre.")})
        if lead.program_id == self.program_id:
            raise ValidationError({"lead_call": _("Le bailleur d'un appel conjoint est un autre programme que "
                                                  "celui de l'appel principal.")})

    def is_open(self, moment=None):
        moment = moment or timezone.now()
        return self.opens_at <= moment < self.closes_at

    def clean_two_stage(self):
        errors = {}
        unknown = [slug for slug in self.intent_sections or [] if slug not in INTENT_STEPS]
        if unknown:
            errors["intent_sections"] = _("Section inconnue : %(slugs)s.") % {"slugs": ", ".join(map(str, unknown))}
        if self.two_stage:
            if not self.full_proposal_closes_at:
                errors["full_proposal_closes_at"] = _("Un appel en deux étapes a une date limite pour la demande "
                                                      "complète.")
            if not self.intent_sections:
                errors.setdefault("intent_sections", _("Choisissez au moins une section de la lettre d'intention."))
        elif self.full_proposal_closes_at:
            errors["full_proposal_closes_at"] = _("Seul un appel en deux étapes a une date limite de demande "
                                                  "complète : cochez « appel en deux étapes » ou videz ce champ.")
        if (self.full_proposal_closes_at and self.closes_at and "full_proposal_closes_at" not in errors
                and self.full_proposal_closes_at <= self.closes_at):
            errors["full_proposal_closes_at"] = _("La date limite de la demande complète suit la fermeture de "
                                                  "l'appel (fin du dépôt des lettres d'intention).")
        if errors:
            raise ValidationError(errors)

    def full_proposal_is_open(self, moment=None):
        """A shortlisted proposal may be filed until the full proposal's own deadline."""
        moment = moment or timezone.now()
        return self.full_proposal_closes_at is not None and moment < self.full_proposal_closes_at
