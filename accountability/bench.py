"""Data for bench_reminders: many funded projects with interim and final reports, created in bulk (COPY on
PostgreSQL: a million reports in seconds rather than minutes)."""

import random
import uuid
from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from grants.models import Call, Membership, Organisation, Program, ProgramRole, Proposal, Territory, User

from .models import Agreement, Report

BATCH = 2000


def create_reports(count, today, *, organisations=300, seed=7):
    """`count` reports, three per agreement (two interim, one final), due from a year ago to a year ahead.

    Past reports are mostly accepted (as in real life); open ones fall across every reminder window.
    """
    rng = random.Random(seed)
    tag = uuid.uuid4().hex[:8]
    region = Territory.objects.create(kind="region", name=f"Bench {tag}", code=f"bench-{tag}")
    program = Program.objects.create(
        code=f"bench-{tag}", name_fr=f"Banc d'essai {tag}", region=region, decision_body="CA",
        analysis_body="ERS", envelope=Decimal("1000000000"), starts_on=today - timedelta(days=800),
        ends_on=today + timedelta(days=800))
    now = timezone.now()
    call = Call.objects.create(program=program, title=f"Appel {tag}", slug=f"bench-{tag}",
                               opens_at=now - timedelta(days=900), closes_at=now - timedelta(days=800),
                               max_amount=Decimal("100000"))
    users = User.objects.bulk_create(
        [User(email=f"bench-{tag}-{index}@example.org", full_name=f"Personne {index}",
              language="en" if index % 5 == 0 else "fr") for index in range(organisations + 2)])
    orgs = Organisation.objects.bulk_create(
        [Organisation(legal_name=f"Organisme {tag} {index}", kind="obnl") for index in range(organisations)])
    Membership.objects.bulk_create([Membership(user=users[index], organisation=org) for index, org in
                                    enumerate(orgs)])
    ProgramRole.objects.bulk_create([ProgramRole(user=user, program=program, role="analyst")
                                     for user in users[-2:]])
    projects = (count + 2) // 3
    proposals = insert(Proposal, ("call_id", "program_id", "organisation_id", "title", "state", "requested_amount"),
                       [(call.pk, program.pk, orgs[index % organisations].pk, f"Projet {tag} {index}", "funded",
                         Decimal("50000")) for index in range(projects)])
    agreements = insert(Agreement, ("proposal_id", "organisation_id", "program_id", "call_id", "amount_granted",
                                    "starts_on", "ends_on"),
                        [(proposal, orgs[index % organisations].pk, program.pk, call.pk, Decimal("50000"),
                          today - timedelta(days=400), today + timedelta(days=400))
                         for index, proposal in enumerate(proposals)])
    reports = []
    for index in range(count):
        kind, order = ("final", 1) if index % 3 == 2 else ("interim", index % 3 + 1)
        due_on = today + timedelta(days=rng.randint(-365, 365))
        if due_on < today:
            state = rng.choices(["accepted", "submitted", "draft", "returned"], [85, 5, 8, 2])[0]
        else:
            state = rng.choices(["draft", "submitted"], [90, 10])[0]
        reports.append((agreements[index // 3], orgs[index // 3 % organisations].pk, program.pk, kind, order, due_on,
                        state, now if state == "accepted" else None))
    insert(Report, ("agreement_id", "organisation_id", "program_id", "kind", "order", "due_on", "state",
                    "accepted_at"), reports)
    return program


def insert(model, names, rows):
    """Insert `rows` (tuples of the fields `names`; every other field takes its default); return their ids."""
    if connection.vendor != "postgresql":
        return [made.pk for made in model.objects.bulk_create(
            [model(**dict(zip(names, row, strict=True))) for row in rows], batch_size=BATCH)]
    defaults = model()
    others = [field for field in model._meta.concrete_fields if not field.primary_key and field.attname not in names]
    fixed = [field.get_db_prep_save(field.pre_save(defaults, True), connection) for field in others]
    quote, table = connection.ops.quote_name, model._meta.db_table
    columns = ", ".join(quote(column) for column in ["id", *names, *(field.column for field in others)])
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                       [table, len(rows)])
        ids = [new_id for (new_id,) in cursor.fetchall()]
        with cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
            for new_id, row in zip(ids, rows, strict=True):
                copy.write_row((new_id, *row, *fixed))
    return ids
