from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from core.money import format_money

from .territory import Territory


class EnvelopeReservation(models.Model):
    """Part of a program's envelope set aside for one MRC of its region or one of its axes.

    The reservations of one dimension never add up to more than the envelope (checked by clean() and,
    under a lock on the program row, by grants.services.reservations); the two dimensions are independent
    views of the same money, so MRC and axis reservations are not added together.
    """

    class Dimension(models.TextChoices):
        MRC = "mrc", _("MRC")
        AXIS = "axis", _("Axe")

    program = models.ForeignKey("grants.Program", verbose_name=_("programme"), on_delete=models.CASCADE,
                                related_name="reservations")
    dimension = models.CharField(_("dimension"), max_length=10, choices=Dimension.choices)
    territory = models.ForeignKey("grants.Territory", verbose_name=_("MRC"), null=True, blank=True,
                                  on_delete=models.PROTECT, limit_choices_to={"kind": Territory.Kind.MRC},
                                  related_name="+")
    axis = models.ForeignKey("grants.Axis", verbose_name=_("axe"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+")
    amount = models.DecimalField(_("montant réservé ($)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("réservation d'enveloppe")
        verbose_name_plural = _("réservations d'enveloppe")
        ordering = ["program", "dimension", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dimension="mrc", territory__isnull=False, axis__isnull=True)
                | Q(dimension="axis", axis__isnull=False, territory__isnull=True),
                name="reservation_target_matches_dimension",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="reservation_amount_positive"),
            models.UniqueConstraint(fields=["program", "territory"], condition=Q(territory__isnull=False),
                                    name="reservation_unique_per_program_mrc"),
            models.UniqueConstraint(fields=["program", "axis"], condition=Q(axis__isnull=False),
                                    name="reservation_unique_per_program_axis"),
        ]

    def __str__(self):
        return f"{self.target} : {self.amount}"

    @property
    def target(self):
        return self.territory if self.dimension == self.Dimension.MRC else self.axis

    # Set by grants.services.reservations.save_reservations and the admin inline, which check the totals
    # after all the rows of one save: moving money from one MRC to another is not refused against the
    # rows' old amounts.
    envelope_checked_elsewhere = False

    def clean(self):
        errors = {}
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = _("Le montant réservé doit être positif.")
        errors.update(self.target_errors(self.program if self.program_id else None))
        if not errors and self.program_id and self.amount is not None and not self.envelope_checked_elsewhere:
            over = self.amount + self.others_total() - self.program.envelope
            if over > 0:
                errors["amount"] = self.over_message(over)
        if errors:
            raise ValidationError(errors)

    def over_message(self, over):
        return _("Les réservations par %(dimension)s dépasseraient l'enveloppe du programme de %(over)s.") % {
            "dimension": self.get_dimension_display(), "over": format_money(over)}

    def target_errors(self, program):
        """The target must match the dimension and belong to the program (its region's MRC, its axis)."""
        if self.dimension == self.Dimension.AXIS:
            self.territory = None
            if self.axis is None:
                return {"axis": _("Choisissez l'axe visé par la réservation.")}
            if program is not None and self.axis.program_id != program.pk:
                return {"axis": _("Cet axe n'appartient pas au programme.")}
            return {}
        if self.dimension != self.Dimension.MRC:
            return {}
        self.axis = None
        if self.territory is None:
            return {"territory": _("Choisissez la MRC visée par la réservation.")}
        if self.territory.kind != Territory.Kind.MRC:
            return {"territory": _("Le territoire doit être une MRC.")}
        if program is not None and self.territory.region().pk != program.region_id:
            return {"territory": _("Cette MRC n'est pas dans la région du programme.")}
        return {}

    def others_total(self):
        """What the program's other reservations of the same dimension already hold."""
        others = EnvelopeReservation.objects.filter(program_id=self.program_id, dimension=self.dimension)
        if self.pk:
            others = others.exclude(pk=self.pk)
        return others.aggregate(total=Sum("amount"))["total"] or 0
