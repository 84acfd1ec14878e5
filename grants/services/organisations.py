"""Organisations: registering one, its profile, its verification by program staff, invitations of
colleagues and joining through an invitation or a join request approved by a member."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import access, activity
from core.errors import Conflict, Forbidden, InvalidInput, NotFound
from grants import identity, selectors
from grants.models import Invitation, JoinRequest, Membership, Organisation, User
from notifications import outbox

from . import accounts
from .errors import DuplicateOrganisation, InvitationInvalid

INVITATION_VALID_FOR = timedelta(days=14)
PROFILE_FIELDS = ("legal_name", "neq", "kind", "address", "city", "postal_code", "municipality", "territory",
                  "email", "phone", "mission")
# What program staff judged when verifying: changing one of them makes the organisation "à vérifier" again.
VERIFIED_FIELDS = ("legal_name", "neq", "kind", "municipality", "territory")


def _clean_neq(value):
    try:
        return identity.normalise_neq(value)
    except ValidationError as error:
        raise InvalidInput(error.messages[0], code="neq") from None


def register_organisation(actor, *, confirm_distinct=False, **values):
    """A signed-in person registers a new organisation and becomes its first member.

    Refused with DuplicateOrganisation when an organisation has the same NEQ (always), or a very close
    legal name in the same municipality (unless the person confirms it is another one). The new
    organisation is "à vérifier" until program staff verify it; it may prepare drafts at once.
    """
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise Forbidden()
    values = {name: value for name, value in values.items() if name in PROFILE_FIELDS}
    values["neq"] = _clean_neq(values.get("neq"))
    if not values["neq"]:
        raise InvalidInput(_("Le NEQ est obligatoire pour inscrire un organisme."), code="neq")
    if not (values.get("legal_name") or "").strip():
        raise InvalidInput(_("Le nom légal est obligatoire."), code="legal_name")
    town = values.get("municipality")
    if town is not None:
        values.setdefault("territory", town.parent if town.parent_id else None)
        values["city"] = values.get("city") or town.name
    with transaction.atomic():
        same_neq, close_names = selectors.possible_duplicates(
            neq=values["neq"], legal_name=values["legal_name"], municipality=town)
        if same_neq or (close_names and not confirm_distinct):
            raise DuplicateOrganisation(
                _("Cet organisme semble déjà inscrit dans Concerto.") if same_neq
                else _("Un organisme au nom très proche est déjà inscrit dans cette municipalité."),
                same_neq=same_neq, close_names=close_names)
        try:
            with transaction.atomic():  # a concurrent registration of the same NEQ loses here
                organisation = Organisation.objects.create(**values)
        except IntegrityError:
            raise DuplicateOrganisation(
                _("Cet organisme semble déjà inscrit dans Concerto."),
                same_neq=Organisation.objects.filter(neq=values["neq"])) from None
        Membership.objects.create(user=actor, organisation=organisation)
        activity.record(organisation, actor, "register", to_state="unverified",
                        data={"neq": organisation.neq, "confirmed_distinct": bool(close_names)})
    access.forget(actor)
    return organisation


def update_organisation(organisation, actor, **values):
    if not actor.has_perm("grants.change_organisation", organisation):
        raise Forbidden()
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        before = {name: getattr(locked, _attname(name)) for name in VERIFIED_FIELDS}
        for name in PROFILE_FIELDS:
            if name in values:
                setattr(locked, name, values[name])
        changed = [name for name in VERIFIED_FIELDS if getattr(locked, _attname(name)) != before[name]]
        if changed and locked.verified_at is not None:
            locked.verified_at, locked.verified_by = None, None
            activity.record(locked, actor, "profile_changed", from_state="verified", to_state="unverified",
                            data={"fields": changed})
        locked.save()
    return locked


def _attname(name):
    return f"{name}_id" if name in ("municipality", "territory") else name


def verify_organisation(organisation, actor, *, comment=""):
    """Program staff vouch for the organisation: eligible by its type and territory. Who and when are
    kept on the organisation and in its activity log."""
    if not actor.has_perm("grants.verify_organisation", organisation):
        if access.is_member(actor, organisation.pk):
            raise Forbidden(_("Seule l'équipe régionale du programme vérifie un organisme."))
        raise NotFound()
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if locked.verified_at is not None:
            raise Conflict(_("Cet organisme est déjà vérifié."), code="already_verified")
        locked.verified_at, locked.verified_by = timezone.now(), actor
        locked.save(update_fields=["verified_at", "verified_by"])
        activity.record(locked, actor, "verify", from_state="unverified", to_state="verified",
                        comment=(comment or "").strip())
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
        accounts.mark_email_verified(user)  # the invitation link reached this address
        Membership.objects.create(user=user, organisation=invitation.organisation)
    return user


def masked_email(email):
    """A hint of an address for whoever holds a link: "marie@exemple.org" -> "m•••@exemple.org"."""
    local, _sep, domain = (email or "").partition("@")
    return f"{local[:1]}•••@{domain}" if domain else "•••"


def ask_to_join(organisation, actor, *, message=""):
    """A signed-in person asks to join; every member is told through the outbox."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise Forbidden()
    if access.is_member(actor, organisation.pk):
        raise Conflict(_("Vous faites déjà partie de cet organisme."), code="already_member")
    with transaction.atomic():
        if JoinRequest.objects.filter(person=actor, organisation=organisation,
                                      state=JoinRequest.State.PENDING).exists():
            raise Conflict(_("Votre demande d'adhésion à cet organisme attend déjà la réponse d'un membre."),
                           code="already_asked")
        try:
            with transaction.atomic():
                join_request = JoinRequest.objects.create(person=actor, organisation=organisation,
                                                          message=(message or "").strip())
        except IntegrityError:  # the same request sent twice at once
            raise Conflict(_("Votre demande d'adhésion à cet organisme attend déjà la réponse d'un membre."),
                           code="already_asked") from None
        activity.record(join_request, actor, "ask", to_state=join_request.state, comment=join_request.message)
        members = [membership.user for membership in selectors.organisation_members(organisation)]
        # Placeholders of "join_request": organisation_name and url from the request, actor_name, comment.
        outbox.queue(kind="join_request", recipients=members, obj=join_request,
                     context={"actor": actor, "comment": join_request.message})
    return join_request


def approve_join_request(join_request, actor, *, comment=""):
    """A member lets the person in: the person becomes a member and is told."""
    return _decide(join_request, actor, "approve", comment)


def refuse_join_request(join_request, actor, *, comment=""):
    return _decide(join_request, actor, "refuse", comment)


def _decide(join_request, actor, name, comment):
    if not actor.has_perm("grants.decide_joinrequest", join_request):
        if actor.has_perm("grants.view_joinrequest", join_request):
            raise Forbidden(_("Seul un membre de l'organisme peut répondre à cette demande."))
        raise NotFound()
    comment = (comment or "").strip()
    with transaction.atomic():
        locked = JoinRequest.objects.select_for_update().select_related("organisation", "person").get(
            pk=join_request.pk)
        if locked.state != JoinRequest.State.PENDING:
            raise Conflict(_("Cette demande d'adhésion a déjà reçu une réponse."), code="already_decided")
        from_state = locked.state
        getattr(locked, name)(by=actor, at=timezone.now())
        locked.save(update_fields=["state", "decided_by", "decided_at"])
        activity.record(locked, actor, name, from_state, locked.state, comment)
        approved = locked.state == JoinRequest.State.APPROVED
        if approved:
            Membership.objects.get_or_create(user=locked.person, organisation=locked.organisation)
        url = reverse("organisation_detail", args=[locked.organisation_id]) if approved else reverse("home")
        outbox.queue(kind=f"join_request_{locked.state}", recipients=[locked.person], obj=locked,
                     context={"actor": actor, "comment": comment, "url": settings.SITE_URL + url})
    access.forget(locked.person)
    return locked
