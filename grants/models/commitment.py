"""A program's commitments, one line per primary axis and per MRC (kept by grants.commitments), and the
arithmetic of a proposal's share in them, which the proposals' bulk_create uses too."""

from decimal import Decimal

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce

from ..states import COMMITTED_STATES, State
from .reservation import EnvelopeReservation

COUNTED_STATES = (*COMMITTED_STATES, State.RECOMMENDED)
# A proposal's values its share depends on, in this order.
TRACKED = ("state", "amount_granted", "suggested_amount", "primary_axis_id", "program_id", "publication_withheld_at")
AXIS, MRC = EnvelopeReservation.Dimension.AXIS.value, EnvelopeReservation.Dimension.MRC.value
FIGURES = ("proposals", "committed", "count", "pending", "published", "published_granted")
# The names a save's update_fields or a queryset's update() may give them by.
TRACKED_FIELDS = {*TRACKED, "primary_axis", "program"}


class CommitmentTotal(models.Model):
    """What one program has granted and has before its board, for one MRC or one primary axis: the sums of
    its counted proposals (funded, reported, closed and recommended), kept up to date by grants.commitments
    in the transaction of every write that changes them. The commitments page, the ranking's envelope, the
    approve transition's envelope check and the public portal's figures read these few rows rather than the
    program's proposals."""

    NO_AXIS = 0  # the key of the proposals without a primary axis
    NO_MRC = 0  # the MRC key of the proposals that target no MRC

    program = models.ForeignKey("grants.Program", on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=10, choices=EnvelopeReservation.Dimension.choices)
    key = models.IntegerField()  # the axis's or the MRC's id
    proposals = models.IntegerField(default=0)  # counted proposals: the line shows while there is one
    committed = models.DecimalField(max_digits=14, decimal_places=2, default=0)  # granted, committed states
    count = models.IntegerField(default=0)  # proposals in a committed state
    pending = models.DecimalField(max_digits=14, decimal_places=2, default=0)  # suggested, recommended ones
    # What the public portal shows: the committed ones whose publication is not held back.
    published = models.IntegerField(default=0)
    published_granted = models.DecimalField(max_digits=14, decimal_places=2, default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["program", "dimension", "key"], name="commitment_total_key")]

    def __str__(self):
        return f"{self.program_id} {self.dimension} {self.key}"


NO_AXIS, NO_MRC = CommitmentTotal.NO_AXIS, CommitmentTotal.NO_MRC
ZERO = (0, Decimal("0"), 0, Decimal("0"), 0, Decimal("0"))


def _figures(state, granted, suggested, withheld):
    """What one proposal adds to each of its lines: FIGURES."""
    committed, granted = state in COMMITTED_STATES, granted or Decimal("0")
    published = committed and withheld is None
    return (1, granted if committed else Decimal("0"), int(committed),
            (suggested or Decimal("0")) if state == State.RECOMMENDED else Decimal("0"),
            int(published), granted if published else Decimal("0"))


def add_lines(deltas, row, mrcs, sign, *, axis=True):
    """Add (sign +1) or take away (-1) a proposal's share, from its TRACKED values, to the deltas of its MRC
    lines (NO_MRC without one) and (unless axis is False) its axis line."""
    state, granted, suggested, axis_id, program_id, withheld = row
    if state not in COUNTED_STATES:
        return
    figures = _figures(state, granted, suggested, withheld)
    keys = [(program_id, MRC, mrc) for mrc in mrcs or [NO_MRC]]
    for key in [(program_id, AXIS, axis_id or NO_AXIS), *keys] if axis else keys:
        line = deltas.setdefault(key, list(ZERO))
        for index, value in enumerate(figures):
            line[index] += sign * value


def apply_deltas(deltas):
    """Add the deltas to the lines, inserting the missing ones: one INSERT … ON CONFLICT, lines in key order so
    that two transactions changing the same lines lock them in the same order."""
    changed = sorted((key, line) for key, line in deltas.items() if any(line))
    if not changed:
        return
    quote = connection.ops.quote_name
    table = quote(CommitmentTotal._meta.db_table)
    columns = ["program_id", "dimension", "key", *FIGURES]
    params = [value for key, line in changed for value in (*key, *line)]
    values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(changed))
    added = ", ".join(f"{quote(name)} = {table}.{quote(name)} + excluded.{quote(name)}" for name in FIGURES)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({', '.join(map(quote, columns))}) VALUES {values} "
                       f"ON CONFLICT (program_id, dimension, {quote('key')}) DO UPDATE SET {added}", params)


def count_created(proposals):
    """The share of proposals just inserted in bulk (no MRC yet: their links come later, followed one by one)."""
    deltas = {}
    for proposal in proposals:
        add_lines(deltas, tuple(getattr(proposal, name) for name in TRACKED), [], +1)
    apply_deltas(deltas)


def rebuild(program_ids=None):
    """Recompute the lines of these programs (all when None) from their proposals, in one transaction."""
    proposal_model = apps.get_model("grants", "Proposal")  # defined beside this module, which it imports
    programs = apps.get_model("grants", "Program").objects.order_by("pk")
    if program_ids is not None:
        programs = programs.filter(pk__in=program_ids)
    with transaction.atomic():
        # Locked in id order, as an approval locks its program: a concurrent one waits rather than counting twice.
        ids = list(programs.select_for_update().values_list("pk", flat=True))
        CommitmentTotal.objects.filter(program_id__in=ids).delete()
        counted = proposal_model.objects.filter(program_id__in=ids, state__in=COUNTED_STATES)
        by_axis = counted.values("program_id", key=Coalesce("primary_axis_id", Value(NO_AXIS),
                                                            output_field=models.IntegerField()))
        by_mrc = proposal_model.mrcs.through.objects.filter(proposal__in=counted).values(
            program_id=F("proposal__program_id"), key=F("territory_id"))
        links = proposal_model.mrcs.through.objects.filter(proposal_id=OuterRef("pk"))
        without_mrc = counted.filter(~Exists(links)).values("program_id", key=Value(NO_MRC))
        CommitmentTotal.objects.bulk_create(
            CommitmentTotal(dimension=dimension, **{name: value or 0 for name, value in row.items()})
            for dimension, rows, prefix in ((AXIS, by_axis, ""), (MRC, by_mrc, "proposal__"),
                                            (MRC, without_mrc, ""))
            for row in rows.order_by().annotate(**_sums(prefix)))


def _sums(prefix):
    committed = Q(**{f"{prefix}state__in": COMMITTED_STATES})
    published = committed & Q(**{f"{prefix}publication_withheld_at__isnull": True})
    return {"proposals": Count(f"{prefix}id"), "committed": Sum(f"{prefix}amount_granted", filter=committed),
            "count": Count(f"{prefix}id", filter=committed),
            "pending": Sum(f"{prefix}suggested_amount", filter=Q(**{f"{prefix}state": State.RECOMMENDED})),
            "published": Count(f"{prefix}id", filter=published),
            "published_granted": Sum(f"{prefix}amount_granted", filter=published)}
