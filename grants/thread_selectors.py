"""Reads of a proposal's conversation: only the messages the person may read, files loaded up front."""

from django.db.models import Prefetch
from django.http import Http404

from . import rules
from .models import Message, MessageAttachment


def visible_messages(user, proposal, limit):
    """The latest `limit` messages of the proposal this person may read, oldest first: two queries whatever
    their number."""
    visibilities = rules.readable_visibilities(user, proposal)
    if not visibilities:
        return []
    latest = (Message.objects.filter(proposal_id=proposal.pk, visibility__in=visibilities)
              .select_related("author").only("proposal_id", "visibility", "body", "created_at", "author__full_name",
                                             "author__email")
              .prefetch_related(Prefetch("attachments", queryset=MessageAttachment.objects.only(
                  "message_id", "original_name", "size")))
              .order_by("-created_at", "-id")[:limit])
    return list(reversed(latest))


def message_file_for_viewer(user, proposal_pk, message_pk, pk):
    """A message's file for whoever may read the message; 404 for everybody else."""
    try:
        stored = MessageAttachment.objects.select_related("message__proposal__call").get(
            pk=pk, message_id=message_pk, message__proposal_id=proposal_pk)
    except MessageAttachment.DoesNotExist:
        raise Http404 from None
    if not user.has_perm("grants.view_message", stored.message):
        raise Http404
    return stored
