"""Build, find or remove the bench's dataset. It fills a database of its own (it refuses one that holds other
programs) in one transaction, so the marker program exists only when every row does; then VACUUM ANALYZE,
as autovacuum would have done to a production database."""

import time
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from accountability.models import Agreement, Report
from grants import commitments
from grants.models import Call, Membership, Program, Proposal, User
from scoring import figures, loads
from scoring.models import Review, Score

from .. import award_dates
from . import funding, proposals, reviews, structure
from .sizes import COMMITTED, DOMAIN, MARKER

# Tables emptied when the dataset goes (their rows all belong to it in a database of its own): the project's
# apps, sessions and the accounts' tables. Celery beat's schedules (written by migrations) stay.
APPS = {"core", "notifications", "grants", "scoring", "accountability", "workflow", "portal", "reporting",
        "sessions", "account", "mfa", "admin"}


class NotDedicated(Exception):
    pass


@dataclass(frozen=True)
class Dataset:
    """What the measured pages need: the big program, call and organisation, and one person per role."""

    program: Program
    big_call: Call
    organisation_id: int
    applicant: User
    analyst: User
    other_analyst: User
    manager: User
    reviewer: User
    funded_proposal_id: int


def present():
    return Program.objects.filter(code=MARKER).exists()


def require_dedicated():
    others = Program.objects.exclude(code__startswith=MARKER).values_list("code", flat=True)[:3]
    if others:
        raise NotDedicated(f"this database holds other programs ({', '.join(others)}): bench_scale fills and empties "
                           f"a database of its own (e.g. DATABASE_URL=postgres://…/concerto_bench)")


def build(sizes, seed, say):
    """Every row in one transaction, then statistics and visibility maps. `say` prints a progress line."""
    require_dedicated()
    started = time.perf_counter()
    with transaction.atomic():
        now = timezone.now()
        frame = structure.build(sizes, now)
        say(f"  frame: {len(frame.programs)} programs, {len(frame.organisations)} organisations "
            f"({time.perf_counter() - started:.0f} s)")
        planned = proposals.plan(sizes, frame, seed)
        indicators = proposals.write(planned, frame)
        say(f"  {len(planned)} proposals with their lines and history ({time.perf_counter() - started:.0f} s)")
        count = reviews.write(planned, frame)
        figures.rebuild()  # COPY skips the review service, which keeps each proposal's figures
        loads.rebuild()  # and the assignment service, which keeps each person's open assignments
        say(f"  {count} reviews, {count * 5} scores ({time.perf_counter() - started:.0f} s)")
        agreements = funding.write(planned, frame, sizes.reports, indicators)
        say(f"  {agreements} agreements, {sizes.reports if agreements else 0} reports "
            f"({time.perf_counter() - started:.0f} s)")
        commitments.rebuild()  # COPY skips the signals that keep each program's commitments
        award_dates.rebuild()  # and those that keep each proposal's award date
        _envelopes(frame)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    say(f"  committed, VACUUM ANALYZE done ({time.perf_counter() - started:.0f} s)")


def _envelopes(frame):
    """Each envelope a quarter above what is granted: the ranking's running total has room left."""
    granted = dict(Proposal.objects.filter(state__in=COMMITTED).order_by().values_list("program")
                   .annotate(total=Sum("amount_granted")))
    for program in frame.programs:
        program.envelope = max(Decimal("1000000"), (granted.get(program.pk) or 0) * Decimal("1.25")).quantize(1)
        program.save(update_fields=["envelope"])


def drop():
    """Empties the tables of a dedicated database (require_dedicated was checked before building)."""
    tables = [model._meta.db_table for config in apps.get_app_configs() if config.label in APPS
              for model in config.get_models(include_auto_created=True)]
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(f'"{table}"' for table in tables if table in existing)
                       + " RESTART IDENTITY CASCADE")


def describe():
    program = Program.objects.get(code=MARKER)
    applicant = User.objects.get(email=structure.email("demandeur", 0))
    return Dataset(
        program=program, big_call=Call.objects.get(slug=f"{MARKER}-0"),
        organisation_id=Membership.objects.filter(user=applicant).values_list("organisation_id", flat=True).get(),
        applicant=applicant, analyst=User.objects.get(email=structure.email("analyste", 0, 0)),
        other_analyst=User.objects.get(email=structure.email("analyste", 0, 1)),
        manager=User.objects.get(email=structure.email("gestion", 0)),
        reviewer=User.objects.get(email=structure.email("evaluation", 0, 0)),
        funded_proposal_id=Proposal.objects.filter(program=program, state="funded").order_by("pk")
        .values_list("pk", flat=True).first())


def counts():
    """The dataset's rows, as printed above the table."""
    return {"proposals": Proposal.objects.count(), "reviews": Review.objects.count(), "scores": Score.objects.count(),
            "agreements": Agreement.objects.count(), "reports": Report.objects.count(),
            "people": User.objects.filter(email__endswith=f"@{DOMAIN}").count()}
