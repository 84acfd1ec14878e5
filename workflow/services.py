"""PROVISIONAL: the workflow issue replaces this with the full service (permissions, guards, log).

The signature is the contract the rest of the code relies on.
"""

from django.db import transaction

from grants.models import Proposal


def transition(proposal, name, actor, *, comment="", **data):
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        getattr(locked, name)()
        locked.save()
    return locked


def available_transitions(proposal, actor):
    return []
