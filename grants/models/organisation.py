import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    mission = models.TextField(_("mission de l'organisme"), blank=True)
    members = models.ManyToManyField(
        "grants.User", through="grants.Membership", related_name="organisations", verbose_name=_("membres")
    )

    class Meta:
        verbose_name = _("organisme")
        verbose_name_plural = _("organismes")
        ordering = ["legal_name"]

    def __str__(self):
        return self.legal_name


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
