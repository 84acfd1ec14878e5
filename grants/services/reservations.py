"""Envelope reservations per MRC and per axis: set or remove them, never beyond the program's envelope."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from core.errors import Forbidden
from grants.models import EnvelopeReservation, Program


def reserve(program, actor, *, dimension, amount, territory=None, axis=None):
    """Create or change the program's reservation for one MRC or one axis."""
    target = {"territory": territory} if dimension == EnvelopeReservation.Dimension.MRC else {"axis": axis}
    reservation = (EnvelopeReservation.objects.filter(program=program, dimension=dimension, **target).first()
                   or EnvelopeReservation(program=program, dimension=dimension, **target))
    reservation.amount = amount
    save_reservations(program, actor, saved=[reservation])
    return reservation


def release(reservation, actor):
    save_reservations(reservation.program, actor, removed=[reservation])


def save_reservations(program, actor, *, saved=(), removed=()):
    """Write several reservations of one program at once (the admin inline saves all its rows here).

    The program row is locked first, so saves running at once are checked one after the other, and the
    envelope is checked on the totals after every change: money can move from one MRC to another in
    one save without being refused against the rows' old amounts.
    """
    if not actor.has_perm("grants.manage_reservations", program):
        raise Forbidden()
    with transaction.atomic():
        locked = Program.objects.select_for_update().get(pk=program.pk)
        for reservation in removed:
            reservation.delete()
        for reservation in saved:
            reservation.program = locked
            reservation.envelope_checked_elsewhere = True
            reservation.full_clean()
            reservation.save()
        _check_totals(locked)


def _check_totals(program):
    totals = (EnvelopeReservation.objects.filter(program=program).values("dimension")
              .annotate(total=Sum("amount")).order_by("dimension"))
    for row in totals:
        if row["total"] > program.envelope:
            probe = EnvelopeReservation(dimension=row["dimension"])
            raise ValidationError({"amount": probe.over_message(row["total"] - program.envelope)})
