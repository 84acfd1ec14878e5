"""Freezing a version of the application at each submission, and retention's redaction of versions.

freeze() runs inside the submit (or resubmit) transition's transaction (workflow.services.transition), on
the locked proposal row: one INSERT … SELECT, whose SELECT builds the snapshot in the database
(grants.versions.snapshot), so a submit costs one statement more however big the application.
"""

from django.db import connection, models, transaction
from django.db.models import Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core import prepared
from core.compiled import Compiled
from core.sql import table

from ..models import Proposal, ProposalVersion
from ..versions import snapshot

COLUMNS = ("proposal_id", "number", "snapshot", "transition", "created_by_id", "created_at")


def _select(pk):
    latest = (ProposalVersion.objects.filter(proposal=OuterRef("pk")).order_by().values("proposal")
              .annotate(top=Max("number")).values("top"))
    return (Proposal.objects.filter(pk=pk)
            .annotate(version_number=Coalesce(Subquery(latest), Value(0)) + 1, version_snapshot=snapshot.expression())
            .values_list("pk", "version_number", "version_snapshot"))


# Compiled once per process: building the snapshot's expression costs the ORM ~10 ms, at every submit.
_SELECT = Compiled(_select)


def freeze(proposal, actor, *, transition):
    """Insert the next version of `proposal` as it stands in this transaction (the caller holds its row
    lock: two submissions of one proposal cannot take the same number; the unique constraint says so too)."""
    assert connection.in_atomic_block, "freeze() belongs to the submit transaction"
    sql, params = _SELECT.sql_with_params(proposal.pk)
    columns = ", ".join(connection.ops.quote_name(column) for column in COLUMNS)
    insert = f"INSERT INTO {table(ProposalVersion)} ({columns}) SELECT frozen.*, %s, %s, %s FROM ({sql}) frozen"
    with connection.cursor() as cursor:
        prepared.execute(cursor, insert, [transition, actor.pk, timezone.now(), *params])


def redact(proposal_ids, fields):
    """Retention (grants.privacy): blank `fields`, the partners' roles, the list of documents and the
    answers' text and file names in every version of these proposals, as on the proposals themselves; the
    one change a version accepts."""
    with transaction.atomic():
        for version in ProposalVersion.objects.filter(proposal_id__in=proposal_ids, redacted_at__isnull=True):
            data = dict(version.snapshot)
            data.update({name: "" for name in fields if name in data})
            data["partners"] = [{**row, "role": ""} for row in data.get("partners") or []]
            data["attachments"] = []
            # The answers to the call's questions: free text and documents' names too.
            data["answers"] = [{**row, "text": "", "file_name": ""} for row in data.get("answers") or []]
            # The model refuses update(): the plain QuerySet's, for this one sanctioned change.
            models.QuerySet.update(ProposalVersion.objects.filter(pk=version.pk), snapshot=data,
                                   redacted_at=timezone.now())
