"""Adding and removing a proposal's documents while the applicant may still edit it; reading one."""

from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

from core import access, file_deletions
from core.errors import Forbidden
from grants.models import Attachment, Proposal
from grants.uploads import check_upload

from .errors import NotEditable


def _lock_editable(proposal, actor):
    locked = Proposal.objects.select_for_update().select_related("call").get(pk=proposal.pk)
    if not actor.has_perm("grants.change_proposal", locked):
        if access.is_member(actor, locked.organisation_id):
            raise NotEditable(_("Cette demande a été déposée : ses pièces jointes ne peuvent plus changer."))
        raise Forbidden()
    return locked


def add_attachment(proposal, actor, *, kind, uploaded):
    """Store the file under a generated name; keep only the base of the user's file name."""
    checked = check_upload(uploaded)
    with transaction.atomic():
        locked = _lock_editable(proposal, actor)
        attachment = Attachment(proposal=locked, kind=kind, original_name=checked.original_name,
                                content_type=checked.content_type, size=checked.size, uploaded_by=actor)
        attachment.file.save(checked.original_name, uploaded, save=False)
        try:
            attachment.save()
        except Exception:
            # If the row cannot be written, do not leave an orphan file behind.
            attachment.file.delete(save=False)
            raise
    return attachment


def delete_attachment(attachment, actor):
    with transaction.atomic():
        _lock_editable(attachment.proposal, actor)
        name = attachment.file.name
        attachment.delete()
        # Remove the stored bytes only once the row is gone for good.
        file_deletions.delete_after_commit(name)


def open_for_download(attachment):
    """The stored file as a download response: streamed, never shown inline, never cached.

    The caller has checked that the person may read it (the applicant and staff pages through
    grants.view_attachment, the reviewer's page through their assignment).
    """
    response = FileResponse(default_storage.open(attachment.file.name, "rb"), as_attachment=True,
                            filename=attachment.original_name, content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
