"""Grants' part of the privacy registries (imported by GrantsConfig.ready()): people and their accounts,
memberships, invitations, proposals and their documents.

- export: the account (profile, sign-in addresses, second factors without their secrets, roles),
  memberships, invitations and join requests, the proposals the person created, the documents they
  uploaded, the messages they wrote (with their files' names), the proposals naming them as contact person
  (by their address). Never another person's data:
  an invitation the person sent is listed without the address of the person invited, a proposal they
  created without the project lead and contact person it names.
- anonymise (closing an account): the account row stays (every log, decision and review keeps its
  author) but its name becomes "Compte fermé", its address closed-<id>@invalid, its password unusable;
  it is inactive, loses its staff rights, groups, program roles and memberships; allauth's addresses
  and second factors are deleted; pending invitations and join requests of the person are withdrawn.
- retention kinds: declined or withdrawn proposals, idle drafts (documents and messages' files deleted,
  free text, messages' text and the named people blanked, the file's trace kept), unused invitations
  (deleted), inactive accounts (anonymised).
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import activity, file_deletions, personal_data, retention
from core.personal_data import Rows

from .models import (
    Answer,
    Attachment,
    Invitation,
    JoinRequest,
    Membership,
    Message,
    MessageAttachment,
    Partner,
    ProgramRole,
    Proposal,
    User,
)
from .services import versions
from .states import State

# The free-text sections of a proposal, where people may be named or described.
FREE_TEXT = ("mission", "territory_details", "target_population", "objectives", "problem_statement",
             "expected_results", "concerns", "complementarity", "gender_impact", "public_summary")
# The people a proposal names: its project lead and the contact person for the application.
NAMED_PEOPLE = ("project_lead_name", "project_lead_role", "contact_name", "contact_role", "contact_email",
                "contact_phone")
# States after which a proposal's content is no longer needed for a decision or an agreement.
ENDED_UNFUNDED = (State.DECLINED, State.WITHDRAWN, State.INTENT_DECLINED)
# Proposals in these states (or changed since the cutoff) are no activity of their organisation.
SETTLED = (State.DRAFT, State.DECLINED, State.WITHDRAWN, State.CLOSED, State.INTENT_DECLINED)


# --- export -------------------------------------------------------------------------------------------------


PROPOSAL = ("reference", "title", "state", "created_at", "submitted_at", *FREE_TEXT, "expected_women",
            "expected_men", "expected_other", "start_date", "end_date", "requested_amount")
CONTACT_OF = ("reference", "title", "contact_name", "contact_role", "contact_email", "contact_phone")


# The proposal a row of another app is about, as every app's export names it (read with .values()).
FILE = ("proposal_id", "proposal__reference", "proposal__title")


def file_entry(row, via=""):
    """The proposal of a .values() row read with FILE, `via` the path to it (e.g. "agreement__")."""
    return {"demande_id": row[f"{via}proposal_id"], "reference": row[f"{via}proposal__reference"],
            "titre": row[f"{via}proposal__title"]}


def _proposal(proposal):
    return {
        "id": proposal.pk, "reference": proposal.reference, "titre": proposal.title,
        "etat": proposal.state, "organisme": proposal.organisation.legal_name, "appel": proposal.call.title,
        "creee_le": proposal.created_at, "deposee_le": proposal.submitted_at,
        **{name: getattr(proposal, name) for name in FREE_TEXT},
        "participantes_attendues": proposal.expected_women, "participants_attendus": proposal.expected_men,
        "autres_identites_attendues": proposal.expected_other,
        "debut": proposal.start_date, "fin": proposal.end_date, "montant_demande": proposal.requested_amount,
        "partenaires": [{"nom": partner.name, "type": partner.kind, "role": partner.role}
                        for partner in proposal.partners.all()],
        "pieces_jointes": [{"nom": item.original_name, "deposee_le": item.uploaded_at}
                           for item in proposal.attachments.all()],
    }


def _contact_of(proposal):
    return {"demande": proposal.reference or proposal.pk, "titre": proposal.title,
            "organisme": proposal.organisation.legal_name, "nom": proposal.contact_name,
            "fonction": proposal.contact_role, "courriel": proposal.contact_email,
            "telephone": proposal.contact_phone}


def _invitation(row):
    return {"organisme": row["organisation__legal_name"], "le": row["created_at"], "acceptee_le": row["accepted_at"]}


def export(user):
    # The proposal's own columns only (select_related would read every column of its organisation and call).
    proposals = (Proposal.objects.filter(created_by=user).select_related("organisation", "call")
                 .only(*PROPOSAL, "organisation__legal_name", "call__title")
                 .prefetch_related("partners", "attachments").order_by("created_at", "id"))
    invitation = ("organisation__legal_name", "created_at", "accepted_at")
    contact_of = (Proposal.objects.filter(contact_email__iexact=user.email).exclude(contact_email="")
                  .select_related("organisation").only(*CONTACT_OF, "organisation__legal_name")
                  .order_by("created_at", "id"))
    written = (Message.objects.filter(author=user).select_related("proposal")
               .only("visibility", "created_at", "body", "proposal__reference")
               .prefetch_related("attachments").order_by("created_at", "id"))
    return {
        "compte": {
            "id": user.pk, "courriel": user.email, "nom": user.full_name, "langue": user.language,
            "inscrit_le": user.date_joined, "derniere_connexion": user.last_login, "actif": user.is_active,
            "acces_administration": user.is_staff,
        },
        "adresses_courriel": Rows(
            EmailAddress.objects.filter(user=user).order_by("id"),
            lambda row: {"adresse": row["email"], "verifiee": row["verified"], "principale": row["primary"]},
            "email", "verified", "primary"),
        # What kind of second factor and when it was used, never its secret.
        "double_authentification": Rows(
            Authenticator.objects.filter(user=user).order_by("id"),
            lambda row: {"type": row["type"], "creee_le": row["created_at"], "utilisee_le": row["last_used_at"]},
            "type", "created_at", "last_used_at"),
        "roles_programmes": Rows(
            ProgramRole.objects.filter(user=user).order_by("id"),
            lambda row: {"programme": row["program__code"], "role": row["role"]}, "program__code", "role"),
        "organismes": Rows(
            Membership.objects.filter(user=user).order_by("id"),
            lambda row: {"organisme": row["organisation__legal_name"], "membre_depuis": row["joined_at"]},
            "organisation__legal_name", "joined_at"),
        "invitations_recues": Rows(Invitation.objects.filter(email__iexact=user.email).order_by("id"), _invitation,
                                   *invitation),
        "invitations_envoyees": Rows(Invitation.objects.filter(invited_by=user).order_by("id"), _invitation,
                                     *invitation),
        "demandes_adhesion": Rows(
            JoinRequest.objects.filter(person=user).order_by("id"),
            lambda row: {"organisme": row["organisation__legal_name"], "message": row["message"],
                         "etat": row["state"], "le": row["created_at"], "decidee_le": row["decided_at"]},
            "organisation__legal_name", "message", "state", "created_at", "decided_at"),
        "demandes_creees": Rows(proposals, _proposal),
        "personne_ressource_de": Rows(contact_of, _contact_of),
        "pieces_jointes_deposees": Rows(
            Attachment.objects.filter(uploaded_by=user).order_by("uploaded_at", "id"),
            lambda row: {"demande": row["proposal__reference"] or row["proposal_id"], "nom": row["original_name"],
                         "taille": row["size"], "deposee_le": row["uploaded_at"]},
            "proposal_id", "proposal__reference", "original_name", "size", "uploaded_at"),
        "messages_ecrits": Rows(written, lambda row: {
            "demande": row.proposal.reference or row.proposal_id, "visibilite": row.visibility, "le": row.created_at,
            "message": row.body, "fichiers": [item.original_name for item in row.attachments.all()]}),
    }


# --- anonymise ----------------------------------------------------------------------------------------------


def anonymise(user):
    """Runs inside core.personal_data.close_account's transaction, on the locked account row."""
    closed = personal_data.closed_email(user)
    if user.email != closed:
        Invitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True).delete()
        Invitation.objects.filter(email__iexact=user.email).update(email=closed)
    JoinRequest.objects.filter(person=user, state=JoinRequest.State.PENDING).delete()
    JoinRequest.objects.filter(person=user).exclude(message="").update(message="")
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    Membership.objects.filter(user=user).delete()
    ProgramRole.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.email = closed
    user.full_name = personal_data.CLOSED_NAME
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.save()


# --- retention ----------------------------------------------------------------------------------------------


def _to_redact(proposals):
    """Ids of the proposals that still hold a document, free text, a named person or a partner's role."""
    blank = Q()
    for name in FREE_TEXT + NAMED_PEOPLE:
        blank &= Q(**{name: ""})
    ids = set(proposals.exclude(blank).values_list("pk", flat=True))
    ids |= set(Attachment.objects.filter(proposal__in=proposals).values_list("proposal_id", flat=True))
    ids |= set(Partner.objects.filter(proposal__in=proposals).exclude(role="").values_list("proposal_id", flat=True))
    ids |= set(Message.objects.filter(proposal__in=proposals).filter(~Q(body="") | Q(attachments__isnull=False))
               .values_list("proposal_id", flat=True))
    ids |= set(Answer.objects.filter(proposal__in=proposals).filter(~Q(text="") | ~Q(file=""))
               .values_list("proposal_id", flat=True))
    return sorted(ids)


def _redact(proposals, dry_run):
    """Delete the documents and the messages' files (rows now, files after commit), blank the free text, the
    messages' text and the named people; keep the file's trace (reference, title, organisation, amounts,
    dates, state, history) and note it in its activity log."""
    ids = _to_redact(proposals)
    if dry_run:
        return len(ids)
    for proposal in Proposal.objects.filter(pk__in=ids):
        files = [item.file.name for item in proposal.attachments.all() if item.file]
        sent = MessageAttachment.objects.filter(message__proposal=proposal)
        files += [item.file.name for item in sent if item.file]
        answers = Answer.objects.filter(proposal=proposal)
        files += [item.file.name for item in answers if item.file]
        Attachment.objects.filter(proposal=proposal).delete()
        # The call's own questions: texts may name people, files are documents; typed values (amounts,
        # dates, choices) stay with the file's trace.
        answers.update(text="", file="", file_name="", content_type="", size=None)
        sent.delete()
        # The messages stay as the conversation's trace (who wrote to whom, when); their text goes.
        Message.objects.filter(proposal=proposal).update(body="")
        Partner.objects.filter(proposal=proposal).update(role="")
        # update(): no auto_now bump, the protected state field untouched.
        Proposal.objects.filter(pk=proposal.pk).update(**{name: "" for name in FREE_TEXT + NAMED_PEOPLE})
        versions.redact([proposal.pk], FREE_TEXT + NAMED_PEOPLE)  # the filed versions hold the same text
        activity.record(proposal, None, "retention_redacted", data={"documents": len(files)})
        file_deletions.delete_after_commit(*files)
    return len(ids)


def ended_unfunded_proposals(cutoff, dry_run):
    return _redact(Proposal.objects.filter(state__in=ENDED_UNFUNDED, updated_at__lt=cutoff), dry_run)


def idle_drafts(cutoff, dry_run):
    return _redact(Proposal.objects.filter(state=State.DRAFT, updated_at__lt=cutoff), dry_run)


def unused_invitations(cutoff, dry_run):
    unused = Invitation.objects.filter(accepted_at__isnull=True, created_at__lt=cutoff)
    return unused.count() if dry_run else unused.delete()[0]


def inactive_accounts(cutoff, dry_run):
    """Accounts without a sign-in since the cutoff (or never, joined before it), neither staff nor holding
    a program role, whose organisations have no proposal under way nor changed since the cutoff."""
    busy = Proposal.objects.filter(Q(updated_at__gte=cutoff) | ~Q(state__in=SETTLED)).values("organisation_id")
    candidates = (User.objects
                  .filter(is_staff=False, is_superuser=False, program_roles__isnull=True)
                  .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
                  .exclude(email__endswith=f"@{personal_data.CLOSED_DOMAIN}")
                  .exclude(memberships__organisation_id__in=busy)
                  .order_by("pk"))
    if dry_run:
        return candidates.count()
    count = 0
    for user in candidates:
        personal_data.close_account(user, None, reason="inactive")
        count += 1
    return count


personal_data.register_exporter(export)
personal_data.register_anonymiser(anonymise)
retention.register_kind(
    "grants.ended_proposals",
    _("Demandes refusées ou retirées : pièces jointes supprimées, textes libres effacés"),
    ended_unfunded_proposals, default_days=3 * 365,
    description=_("Jours après la dernière modification (la décision ou le retrait). La fiche (numéro, titre, "
                  "organisme, montants, historique) est conservée."))
retention.register_kind(
    "grants.idle_drafts",
    _("Brouillons abandonnés : pièces jointes supprimées, textes libres effacés"),
    idle_drafts, default_days=2 * 365,
    description=_("Jours sans modification d'un brouillon jamais déposé."))
retention.register_kind(
    "grants.unused_invitations", _("Invitations non acceptées : supprimées"), unused_invitations,
    default_days=90, description=_("Jours après l'envoi d'une invitation restée sans réponse."))
retention.register_kind(
    "grants.inactive_accounts",
    _("Comptes inactifs (ni personnel ni rôle, organisme sans dossier en cours) : anonymisés"),
    inactive_accounts, default_days=3 * 365,
    description=_("Jours sans connexion (ou depuis l'inscription si jamais connecté)."))
