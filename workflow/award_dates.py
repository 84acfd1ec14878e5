"""Each proposal's award date (grants.Proposal.awarded_on), kept as the rows it comes from change.

The date is the approving decision's own, else its meeting's, else the day the decision was recorded; for a
file funded without a decision row, the day its agreement was made (written in the same transaction as the
approval). A declined file has none: nothing was granted. A decision, a meeting or an agreement saved or
deleted recomputes the proposals concerned in one UPDATE; bulk writes that skip the signals (the benches'
COPY) call `rebuild()`. The public portal reads the column: its
award years and its filter by year run on an index of the published projects, not through three joins.
"""

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.db.models.signals import post_delete, post_save

from accountability.models import Agreement
from grants.models import Proposal
from scoring.models import BoardMeeting, Decision


def award_date():
    """The award date of the outer query's proposal, as an expression."""
    decided = Decision.objects.filter(proposal_id=OuterRef("pk"), outcome=Decision.Outcome.APPROVED).values(
        on=Coalesce("decided_on", "meeting__date", TruncDate("recorded_at")))[:1]
    agreed = Agreement.objects.filter(proposal_id=OuterRef("pk")).values(on=TruncDate("created_at"))[:1]
    return Coalesce(Subquery(decided), Subquery(agreed))


def follow(proposal_ids):
    """Recompute the award date of these proposals."""
    ids = list(proposal_ids)
    if ids:
        Proposal.objects.filter(pk__in=ids).update(awarded_on=award_date())


def rebuild():
    """Every proposal's award date, from scratch (after bulk writes that sent no signal): the proposals with a
    decision or an agreement, and any other still holding a date."""
    has_rows = Q(pk__in=Decision.objects.values("proposal_id")) | Q(pk__in=Agreement.objects.values("proposal_id"))
    Proposal.objects.filter(has_rows).update(awarded_on=award_date())
    Proposal.objects.filter(~has_rows, awarded_on__isnull=False).update(awarded_on=None)


def _row_changed(sender, instance, **kwargs):
    """A decision or an agreement saved or deleted."""
    follow([instance.proposal_id])


def _meeting_changed(sender, instance, created=False, **kwargs):
    if not created:  # a new meeting has no decision yet
        follow(Decision.objects.filter(meeting=instance).values_list("proposal_id", flat=True))


def connect():
    post_save.connect(_row_changed, sender=Decision, dispatch_uid="award_dates_decision_saved")
    post_delete.connect(_row_changed, sender=Decision, dispatch_uid="award_dates_decision_deleted")
    post_save.connect(_row_changed, sender=Agreement, dispatch_uid="award_dates_agreement_saved")
    post_delete.connect(_row_changed, sender=Agreement, dispatch_uid="award_dates_agreement_deleted")
    post_save.connect(_meeting_changed, sender=BoardMeeting, dispatch_uid="award_dates_meeting_saved")
