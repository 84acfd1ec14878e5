"""A program's tags: managers create and delete them; analysts and managers put them on proposals."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core import activity
from core.errors import Conflict, Forbidden, InvalidInput, NotFound

from ..models import ProposalTag, Tag


def create_tag(program, actor, *, name):
    if not actor.has_perm("grants.manage_tags", program):
        raise Forbidden()
    name = " ".join((name or "").split())
    if not name or len(name) > Tag._meta.get_field("name").max_length:
        raise InvalidInput(_("Donnez à l'étiquette un nom de 1 à 60 caractères."), code="tag_name")
    try:
        with transaction.atomic():
            return Tag.objects.create(program=program, name=name)
    except IntegrityError:
        raise Conflict(_("Ce programme a déjà une étiquette « %(name)s ».") % {"name": name},
                       code="tag_exists") from None


def delete_tag(tag, actor):
    """The tag leaves every proposal it was on."""
    if not actor.has_perm("grants.manage_tags", tag.program):
        raise Forbidden()
    with transaction.atomic():
        tag.delete()


def add_tag(proposal, tag, actor):
    """Put a tag of the proposal's program on it; True if it was added, False if it was there already."""
    if not actor.has_perm("grants.tag_proposal", proposal):
        raise Forbidden()
    if tag.program_id != proposal.program_id:
        raise NotFound(_("Cette étiquette n'appartient pas au programme de la demande."))
    with transaction.atomic():
        _link, created = ProposalTag.objects.get_or_create(proposal=proposal, tag=tag,
                                                           defaults={"added_by": actor})
        if created:
            activity.record(proposal, actor, "add_tag", data={"tag": tag.name})
    return created


def remove_tag(proposal, tag, actor):
    if not actor.has_perm("grants.tag_proposal", proposal):
        raise Forbidden()
    with transaction.atomic():
        removed, _counts = ProposalTag.objects.filter(proposal=proposal, tag=tag).delete()
        if removed:
            activity.record(proposal, actor, "remove_tag", data={"tag": tag.name})
    return bool(removed)
