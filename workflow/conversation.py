"""One proposal's whole story for one viewer: the messages they may read (grants' conversation) and the
life cycle's transitions with the comments meant for them (workflow.history), in the order they happened."""

from dataclasses import dataclass
from datetime import datetime

from grants import mentions, rules, thread_selectors
from grants.forms.thread import MessageForm

from . import history

# The page shows the latest messages; a longer conversation says so above them.
PAGE_LIMIT = 200


@dataclass(frozen=True)
class Item:
    at: datetime
    message: object = None  # a grants.Message
    entry: history.Entry | None = None  # a transition, with what the viewer may see of it

    @property
    def sort_key(self):
        # At the same instant a transition comes first: its comment is what the message answers.
        return self.at, 1 if self.message is not None else 0, (self.message or self.entry.log).pk


def story(proposal, viewer, limit):
    """(items oldest first, whether older messages were left out)."""
    messages = thread_selectors.visible_messages(viewer, proposal, limit=limit + 1)
    truncated = len(messages) > limit
    found = [Item(at=message.created_at, message=message) for message in messages[-limit:]]
    found += [Item(at=entry.log.created_at, entry=entry) for entry in history.timeline(proposal, viewer)]
    return sorted(found, key=lambda item: item.sort_key), truncated


def form_for(proposal, viewer):
    """The empty form of a new message and the handles its hint lists; (None, []) for who may only read."""
    visibilities = rules.writable_visibilities(viewer, proposal)
    if not visibilities:
        return None, []
    form = MessageForm(visibilities=visibilities, auto_id="thread-%s")
    found = _handles(proposal, viewer)
    if found:
        form.fields["body"].widget.attrs["aria-describedby"] = "mention-help"  # the hint under the form
    return form, found


def _handles(proposal, viewer):
    """The handles the team and the board may mention (never the viewer's own); none for the organisation."""
    if not rules.is_team.test(viewer, proposal) and not rules.MESSAGE_WRITERS["board"].test(viewer, proposal):
        return []
    return [mentions.handle(person) for person in mentions.mentionable(proposal, "board")
            if person.pk != viewer.pk]
