"""Each program's commitments by primary axis and by MRC (grants.CommitmentTotal), kept up to date in the
transaction of every write that changes them, so that reading them costs a few rows whatever the number of
proposals: the commitments page, the ranking's envelope, the envelope left that the approve transition checks,
the public portal's figures and the number of its public proposals (portal.selectors, portal.freshness).

A proposal counts while it is funded, reported or closed (its granted amount, and once in `count`; also as
published unless its publication is held back) or recommended (its suggested amount, as pending); it counts
under its primary axis (NO_AXIS without one) and under each MRC it targets (NO_MRC without one). The writes that change that are many (every transition of the life cycle, the
admin, the test factories), so the model's own signals follow them rather than each caller:
- a proposal's save (the life cycle's proxy model's too): the difference between its row before (read under a
  row lock, unless neither the state it was loaded in nor the new one counts) and after;
- a change of its MRCs (m2m_changed) and its deletion (pre_delete);
- the proposals' bulk_create adds the new rows' share, and their update() of a value the totals depend on
  recomputes the programs concerned (grants.models.proposal.ProposalQuerySet), a call moved to another
  program among them (follow_moved_call).
Rows written around the ORM (the bench's COPY) are recomputed by their writer: rebuild();
`manage.py rebuild_commitments` repairs any program.
"""

from decimal import Decimal

from django.apps import apps
from django.db import connection
from django.db.models import Sum
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save

from .models import Call, CommitmentTotal, Proposal
from .models.commitment import (
    AXIS,
    COUNTED_STATES,
    MRC,
    NO_AXIS,
    NO_MRC,
    TRACKED,
    TRACKED_FIELDS,
    add_lines,
    apply_deltas,
    rebuild,  # noqa: F401 - callers recompute through this module
)

UNCHANGED = object()  # a save that cannot change the totals


def _rows(proposal_ids, *, lock=False):
    """{proposal id: TRACKED values} of the counted ones among these proposals, as in the database."""
    rows = Proposal.objects.filter(pk__in=proposal_ids, state__in=COUNTED_STATES)
    # A save outside a transaction (a shell, a script) cannot lock; the services and the admin always can.
    if lock and connection.in_atomic_block:
        rows = rows.select_for_update()
    return {row[0]: row[1:] for row in rows.order_by("pk").values_list("pk", *TRACKED)}


def _mrcs_of(proposal_ids):
    mrcs = {pk: [] for pk in proposal_ids}
    for proposal_id, territory_id in Proposal.mrcs.through.objects.filter(proposal_id__in=proposal_ids).values_list(
            "proposal_id", "territory_id"):
        mrcs[proposal_id].append(territory_id)
    return mrcs


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance._state.adding:
        instance._commitments_before = UNCHANGED if raw else None
        return
    loaded = getattr(instance, "_loaded_state", None)
    if (update_fields is not None and not TRACKED_FIELDS & set(update_fields)) or (
            loaded is not None and loaded not in COUNTED_STATES and instance.state not in COUNTED_STATES):
        instance._commitments_before = UNCHANGED
        return
    instance._commitments_before = _rows([instance.pk], lock=True).get(instance.pk)


def _after_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    before = instance.__dict__.pop("_commitments_before", UNCHANGED)
    instance._loaded_state = instance.state
    if before is UNCHANGED:
        return
    after = tuple(getattr(instance, name) for name in TRACKED)
    if update_fields is not None and before is not None:
        saved = {name.removesuffix("_id") for name in update_fields}
        after = tuple(value if name.removesuffix("_id") in saved else old
                      for name, value, old in zip(TRACKED, after, before, strict=True))
    if before is None and after[0] not in COUNTED_STATES or before == after:
        return
    mrcs = [] if created else _mrcs_of([instance.pk])[instance.pk]
    deltas = {}
    if before is not None:
        add_lines(deltas, before, mrcs, -1)
    add_lines(deltas, after, mrcs, +1)
    apply_deltas(deltas)


def _mrcs_changed(sender, instance, action, pk_set, **kwargs):
    """A proposal's MRCs changed (the MRCs have no manager of their proposals: only this side exists). It counts
    under NO_MRC while it targets none."""
    if action not in ("post_add", "pre_remove", "pre_clear"):
        return
    row = _rows([instance.pk]).get(instance.pk)
    if row is None:
        return
    linked = set(Proposal.mrcs.through.objects.filter(proposal_id=instance.pk).values_list("territory_id", flat=True))
    if action == "post_add":
        before, after = linked - set(pk_set), linked
    else:  # remove() may name MRCs the proposal does not target
        before, after = linked, linked - set(pk_set) if action == "pre_remove" else set()
    deltas = {}
    add_lines(deltas, row, sorted(before) or [NO_MRC], -1, axis=False)
    add_lines(deltas, row, sorted(after) or [NO_MRC], +1, axis=False)
    apply_deltas(deltas)


def _before_delete(sender, instance, **kwargs):
    rows = _rows([instance.pk], lock=True)
    if instance.pk in rows:
        deltas = {}
        add_lines(deltas, rows[instance.pk], _mrcs_of([instance.pk])[instance.pk], -1)
        apply_deltas(deltas)


def follow_moved_call(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """A call moved to another program takes its proposals along (their copy of the program, which the queue
    and the lists filter on); their update recomputes both programs' commitments (ProposalQuerySet.update)."""
    if created or raw or (update_fields is not None and not {"program", "program_id"} & set(update_fields)):
        return
    Proposal.objects.filter(call=instance).exclude(program_id=instance.program_id).update(
        program_id=instance.program_id)


def lines(program_id):
    """{dimension: {key: CommitmentTotal}} of the program's lines with a counted proposal: the line of the
    proposals without a primary axis under the key None; the proposals without an MRC are in no MRC line."""
    found = {AXIS: {}, MRC: {}}
    for line in CommitmentTotal.objects.filter(program_id=program_id, proposals__gt=0).exclude(
            dimension=MRC, key=NO_MRC):
        found[line.dimension][None if line.dimension == AXIS and line.key == NO_AXIS else line.key] = line
    return found


def published(program_id):
    """{dimension: {key: (projects, granted)}} of the program's published projects (funded, reported or closed,
    publication not held back) by primary axis (NO_AXIS) and by MRC (NO_MRC): the public portal's figures."""
    found = {AXIS: {}, MRC: {}}
    for dimension, key, count, granted in CommitmentTotal.objects.filter(
            program_id=program_id, published__gt=0).values_list("dimension", "key", "published", "published_granted"):
        found[dimension][key] = (count, granted)
    return found


def published_by_program():
    """{program id: (projects, granted)} of every program's published projects (each counts in one axis line)."""
    rows = CommitmentTotal.objects.filter(dimension=AXIS).values("program_id").order_by().annotate(
        count=Sum("published"), granted=Sum("published_granted"))
    return {row["program_id"]: (row["count"], row["granted"]) for row in rows}


def engaged(program_id):
    """(committed, pending) of the program: granted to its funded, reported and closed proposals, suggested
    for its recommended ones (each proposal counts in exactly one axis line)."""
    sums = CommitmentTotal.objects.filter(program_id=program_id, dimension=AXIS).aggregate(
        committed=Sum("committed"), pending=Sum("pending"))
    return sums["committed"] or Decimal("0"), sums["pending"] or Decimal("0")


def connect():
    """Called once every model is loaded: signals name their sender, and the life cycle saves proposals through
    a proxy model (workflow.lifecycle.ProposalLifecycle)."""
    for model in apps.get_models():
        if model._meta.concrete_model is Proposal:
            name = model._meta.label_lower
            pre_save.connect(_before_save, sender=model, dispatch_uid=f"grants.commitments.before_save.{name}")
            post_save.connect(_after_save, sender=model, dispatch_uid=f"grants.commitments.after_save.{name}")
            pre_delete.connect(_before_delete, sender=model, dispatch_uid=f"grants.commitments.delete.{name}")
    m2m_changed.connect(_mrcs_changed, sender=Proposal.mrcs.through, dispatch_uid="grants.commitments.mrcs")
    post_save.connect(follow_moved_call, sender=Call, dispatch_uid="grants.commitments.moved_call")
