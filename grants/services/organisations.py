"""Organisation profile, invitations of colleagues and joining through an invitation."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import access
from core.errors import Forbidden
from grants.models import Invitation, Membership, Organisation, User
from notifications import outbox

from .errors import InvitationInvalid

INVITATION_VALID_FOR = timedelta(days=14)
PROFILE_FIELDS = ("legal_name", "neq", "kind", "address", "city", "postal_code", "territory", "email", "phone",
                  "mission")


def update_organisation(organisation, actor, **values):
    if not actor.has_perm("grants.change_organisation", organisation):
        raise Forbidden()
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        for name in PROFILE_FIELDS:
            if name in values:
                setattr(locked, name, values[name])
        locked.save()
    return locked


def invite(organisation, actor, *, email):
    if not actor.has_perm("grants.change_organisation", organisation):
        raise Forbidden()
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise InvitationInvalid(_("Cette personne fait déjà partie de l'organisme."))
    with transaction.atomic():
        invitation = Invitation.objects.create(organisation=organisation, email=email, invited_by=actor)
        # Placeholders of the "invitation" message kind (notifications.kinds): actor_name, invitation_url.
        outbox.queue(kind="invitation", recipients=[email], obj=invitation, context={
            "actor": actor,
            "invitation_url": settings.SITE_URL + reverse("invitation_accept", args=[invitation.token]),
        })
    return invitation


def usable_invitation(token):
    """The invitation behind a link, or None once used or expired."""
    invitation = Invitation.objects.select_related("organisation").filter(token=token).first()
    if invitation is None or invitation.accepted_at is not None:
        return None
    if invitation.created_at < timezone.now() - INVITATION_VALID_FOR:
        return None
    return invitation


def _claim(invitation):
    # Single use even under a double click: only one request turns accepted_at from empty to set.
    claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now())
    if claimed != 1:
        raise InvitationInvalid(_("Cette invitation a déjà été utilisée."))


def accept(invitation, user):
    """A signed-in person whose email is the invited one joins the organisation."""
    if user.email.lower() != invitation.email.lower():
        raise InvitationInvalid(_("Cette invitation a été envoyée à une autre adresse courriel."))
    with transaction.atomic():
        _claim(invitation)
        Membership.objects.get_or_create(user=user, organisation=invitation.organisation)
    access.forget(user)
    return invitation.organisation


def register(invitation, *, full_name, password, language="fr"):
    """Create the invited person's account and membership in one go."""
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise InvitationInvalid(_("Un compte existe déjà pour cette adresse : connectez-vous pour accepter."))
    with transaction.atomic():
        _claim(invitation)
        user = User.objects.create_user(invitation.email, password, full_name=full_name, language=language)
        Membership.objects.create(user=user, organisation=invitation.organisation)
    return user
