"""@name mentions in a proposal's messages: who can be named, and who a message names.

A person's handles are their name and the part of their address before the @, both as slugs:
Julie Gagnon <julie.gagnon@example.org> answers to @julie-gagnon and @Julie.Gagnon. Only the
program's team (and the board, in a message it may read) can be mentioned: a mention never shows a
message to somebody who may not read it.
"""

import re

from django.utils.text import slugify

from core import access

from .models import ProgramRole, User
from .rules import BOARD_VISIBLE

# Not after a letter, a digit or a dot, so that an e-mail address in a message is no mention.
MENTION = re.compile(r"(?<![\w.@])@(\w(?:[\w.\-]*\w)?)")


def _slug(text):
    return slugify((text or "").replace(".", "-").replace("_", "-"))


def handles(user):
    found = {_slug(user.full_name), _slug(user.email.split("@")[0])}
    found.discard("")
    return found


def handle(user):
    """The handle the page suggests: the name's, or the address's when the person has no name."""
    return _slug(user.full_name) or _slug(user.email.split("@")[0])


def mentionable(proposal, visibility):
    """The active people a message of this visibility may name: analysts and managers of the program, and
    its board members when the message is theirs to read."""
    roles = list(access.ANALYSIS)
    if visibility == "board" and proposal.state in BOARD_VISIBLE:
        roles.append(access.BOARD)
    # The people by id from the roles' index: a join with DISTINCT read every person to drop the duplicates.
    holders = ProgramRole.objects.filter(program_id=proposal.call.program_id, role__in=roles).values("user_id")
    return (User.objects.filter(pk__any_of=holders, is_active=True).only("id", "email", "full_name", "language")
            .order_by("full_name", "email"))


def mentioned(body, candidates):
    """The candidates the text names, in the order of the candidates."""
    tokens = {_slug(token) for token in MENTION.findall(body or "")}
    if not tokens:
        return []
    return [person for person in candidates if handles(person) & tokens]
