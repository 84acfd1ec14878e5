"""Envelope reservations per MRC and per axis: set or remove one, never beyond the program's envelope."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from grants import permissions  # noqa: F401  (registers grants.manage_reservations)
from grants.models import EnvelopeReservation, Program


def reserve(program, actor, *, dimension, amount, territory=None, axis=None):
    """Create or change the program's reservation for one MRC or one axis.

    The program row is locked first, so two reservations saved at once are checked one after the
    other against the envelope (clean() sums the others of the same dimension).
    """
    if not actor.has_perm("grants.manage_reservations", program):
        raise PermissionDenied
    with transaction.atomic():
        locked = Program.objects.select_for_update().get(pk=program.pk)
        target = {"territory": territory} if dimension == EnvelopeReservation.Dimension.MRC else {"axis": axis}
        reservation = (EnvelopeReservation.objects.filter(program=locked, dimension=dimension, **target).first()
                       or EnvelopeReservation(program=locked, dimension=dimension, **target))
        reservation.amount = amount
        reservation.full_clean()
        reservation.save()
    return reservation


def release(reservation, actor):
    if not actor.has_perm("grants.manage_reservations", reservation.program):
        raise PermissionDenied
    reservation.delete()

