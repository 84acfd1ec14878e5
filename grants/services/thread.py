"""Writing in a proposal's conversation: one message, its file, and the notices it sends.

post_message() runs in one transaction: check that the actor may give the message this visibility,
store the message and its file (the proposal documents' checks), and queue through the outbox, in each
recipient's language, a notice to the other side and one to each person it mentions.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import access
from core.errors import Forbidden, InvalidInput, NotFound
from grants import mentions, rules
from grants.models import Message, MessageAttachment, Proposal, User
from grants.uploads import check_upload
from notifications import outbox

MAX_LENGTH = 10000
ANCHOR = "#echanges"


def post_message(proposal, actor, *, body, visibility, uploaded=None):
    """Add a message to the proposal's conversation; returns it. Raises a Refusal (or a ValidationError for
    a file that fails the upload checks)."""
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not body:
        raise InvalidInput(_("Écrivez votre message."), code="empty_message")
    if len(body) > MAX_LENGTH:
        raise InvalidInput(_("Le message dépasse %(max)s caractères.") % {"max": MAX_LENGTH}, code="too_long")
    if visibility not in Message.Visibility.values:
        raise InvalidInput(_("Choisissez qui pourra lire le message."), code="visibility")
    checked = check_upload(uploaded) if uploaded is not None else None
    with transaction.atomic():
        locked = Proposal.objects.select_related("call__program", "organisation").get(pk=proposal.pk)
        if not actor.has_perm("grants.view_proposal", locked):
            raise NotFound()
        if visibility not in rules.writable_visibilities(actor, locked):
            raise Forbidden(_("Vous ne pouvez pas écrire ce type de message sur cette demande."))
        message = Message.objects.create(proposal=locked, author=actor, visibility=visibility, body=body)
        if checked is not None:
            _store_file(message, checked, uploaded)
        _notify(message, locked, actor)
    return message


def _store_file(message, checked, uploaded):
    stored = MessageAttachment(message=message, original_name=checked.original_name,
                               content_type=checked.content_type, size=checked.size)
    stored.file.save(checked.original_name, uploaded, save=False)
    try:
        stored.save()
    except Exception:
        # If the row cannot be written, do not leave an orphan file behind.
        stored.file.delete(save=False)
        raise
    return stored


def _staff_url(proposal):
    return settings.SITE_URL + reverse("workflow:detail", args=[proposal.pk]) + ANCHOR


def _applicant_url(proposal):
    return settings.SITE_URL + reverse("proposal_detail", args=[proposal.pk]) + ANCHOR


def _analysts(proposal):
    """The proposal's analyst once one took it, else every analyst of its program."""
    if proposal.assigned_analyst_id:
        return list(User.objects.filter(pk=proposal.assigned_analyst_id, is_active=True))
    return list(User.objects.filter(program_roles__program_id=proposal.call.program_id,
                                    program_roles__role=access.ANALYST, is_active=True).distinct())


def _members(proposal):
    return list(User.objects.filter(memberships__organisation_id=proposal.organisation_id, is_active=True)
                .distinct())


def _board(proposal):
    if proposal.state not in rules.BOARD_VISIBLE:
        return []
    return list(User.objects.filter(program_roles__program_id=proposal.call.program_id,
                                    program_roles__role=access.BOARD, is_active=True).distinct())


def other_side(message, proposal, actor):
    """Who is told of a new message: (applicant recipients, staff recipients).

    The organisation writes to the team; the team to the organisation; between the team and the board,
    each tells the other. An internal note tells nobody but the people it mentions.
    """
    from_organisation = rules.is_member.test(actor, proposal) and not rules.is_team.test(actor, proposal)
    if message.visibility == Message.Visibility.APPLICANT:
        return ([], _analysts(proposal)) if from_organisation else (_members(proposal), [])
    if message.visibility == Message.Visibility.BOARD:
        from_board = access.has_program_role(actor, proposal.call.program_id, access.BOARD) and not \
            rules.is_team.test(actor, proposal)
        return ([], _analysts(proposal)) if from_board else ([], _board(proposal))
    return [], []


def _notify(message, proposal, actor):
    mentioned = []
    if "@" in message.body:
        mentioned = mentions.mentioned(message.body, mentions.mentionable(proposal, message.visibility))
    skip = {actor.pk} | {person.pk for person in mentioned}
    applicants, staff = other_side(message, proposal, actor)
    # The lazy label, not get_visibility_display(): the outbox renders it in each recipient's language.
    context = {"actor": actor, "comment": message.body, "visibility": Message.Visibility(message.visibility).label}
    occurrence = f"message-{message.pk}"
    for kind, people, url in (
        ("thread_message", [p for p in applicants if p.pk not in skip], _applicant_url(proposal)),
        ("thread_message", [p for p in staff if p.pk not in skip], _staff_url(proposal)),
        ("thread_mention", [p for p in mentioned if p.pk != actor.pk], _staff_url(proposal)),
    ):
        if people:
            outbox.queue(kind=kind, recipients=people, obj=proposal, occurrence=occurrence,
                         context={**context, "url": url})
