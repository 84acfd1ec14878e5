import secrets

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition


class Organisation(models.Model):
    """An organisme porteur. Its profile pre-fills every new proposal."""

    class Kind(models.TextChoices):
        NONPROFIT = "obnl", _("Organisme à but non lucratif (OBNL)")
        COOPERATIVE = "cooperative", _("Coopérative")
        MUNICIPALITY = "municipality", _("Municipalité ou MRC")
        BAND_COUNCIL = "band_council", _("Conseil de bande")
        RESEARCH = "research", _("Centre de recherche")
        PUBLIC = "public", _("Organisme public")
        OTHER = "other", _("Autre")

    legal_name = models.CharField(_("nom légal"), max_length=300)
    neq = models.CharField(
        _("numéro d'entreprise du Québec (NEQ)"), max_length=10, blank=True,
        help_text=_("10 chiffres, tel qu'inscrit au Registraire des entreprises."),
    )
    kind = models.CharField(_("type d'organisme"), max_length=20, choices=Kind.choices)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    city = models.CharField(_("ville"), max_length=120, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=7, blank=True)
    territory = models.ForeignKey(
        "grants.Territory", verbose_name=_("territoire (MRC)"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="organisations",
    )
    # Where the organisation has its seat; its MRC is `territory`. Duplicates are looked for among the
    # organisations of the same municipality (grants.selectors.possible_duplicates).
    municipality = models.ForeignKey(
        "grants.Territory", verbose_name=_("municipalité"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="seated_organisations", limit_choices_to={"kind": "municipality"},
    )
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    mission = models.TextField(_("mission de l'organisme"), blank=True)
    members = models.ManyToManyField(
        "grants.User", through="grants.Membership", related_name="organisations", verbose_name=_("membres")
    )
    # Empty until program staff check the organisation's eligibility (type, territory): "à vérifier".
    # Written only by grants.services.organisations.verify_organisation.
    verified_at = models.DateTimeField(_("vérifié le"), null=True, blank=True)
    verified_by = models.ForeignKey(
        "grants.User", verbose_name=_("vérifié par"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("organisme")
        verbose_name_plural = _("organismes")
        ordering = ["legal_name"]
        constraints = [
            # One organisation per NEQ; organisations without one (blank) are not compared.
            models.UniqueConstraint(fields=["neq"], condition=~models.Q(neq=""), name="organisation_neq_unique",
                                    violation_error_message=_("Un organisme est déjà inscrit avec ce NEQ.")),
        ]
        # Lists in name order, the staff queue sorted by organisation among them (workflow.queue).
        indexes = [models.Index(fields=["legal_name", "id"], name="organisation_name_idx")]

    def __str__(self):
        return self.legal_name

    def save(self, *args, **kwargs):
        known = not self._state.adding
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if known and (fields is None or "legal_name" in fields):
            # Its proposals keep its name for the staff queue's sort (grants.Proposal.organisation_name).
            self.proposals.exclude(organisation_name=self.legal_name).update(organisation_name=self.legal_name)

    @property
    def is_verified(self):
        return self.verified_at is not None


class Membership(models.Model):
    user = models.ForeignKey("grants.User", on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    joined_at = models.DateTimeField(_("membre depuis"), auto_now_add=True)

    class Meta:
        verbose_name = _("membre d'un organisme")
        verbose_name_plural = _("membres d'organismes")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} — {self.organisation}"


def new_invitation_token():
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("courriel"))
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token, editable=False)
    invited_by = models.ForeignKey("grants.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return self.email


class JoinRequest(FSMModelMixin, models.Model):
    """A person asks to join an organisation; one of its members approves or refuses.

    pending --approve--> approved (the person becomes a member)
    pending --refuse--> refused
    Only grants.services.organisations changes `state` (the field is protected) and logs each change.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("En attente")
        APPROVED = "approved", _("Acceptée")
        REFUSED = "refused", _("Refusée")

    person = models.ForeignKey("grants.User", verbose_name=_("personne"), on_delete=models.CASCADE,
                               related_name="join_requests")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisme"), on_delete=models.CASCADE,
                                     related_name="join_requests")
    message = models.TextField(_("message aux membres"), blank=True)
    state = FSMField(_("état"), max_length=10, choices=State.choices, default=State.PENDING, protected=True)
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    decided_by = models.ForeignKey("grants.User", verbose_name=_("décidée par"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("demande d'adhésion")
        verbose_name_plural = _("demandes d'adhésion")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["person", "organisation"], condition=models.Q(state="pending"),
                                    name="join_request_one_pending"),
        ]

    def __str__(self):
        return f"{self.person} → {self.organisation}"

    def get_absolute_url(self):
        # Where the members decide; the requester's messages give their own link.
        return reverse("organisation_detail", args=[self.organisation_id])

    @transition(field=state, source=State.PENDING, target=State.APPROVED)
    def approve(self, by, at):
        self.decided_by, self.decided_at = by, at

    @transition(field=state, source=State.PENDING, target=State.REFUSED)
    def refuse(self, by, at):
        self.decided_by, self.decided_at = by, at
