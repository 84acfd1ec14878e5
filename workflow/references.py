"""Dossier numbers such as PARSIS-CN-2026-0007: program, year of first submission, sequence."""

import re

from django.db import connection
from django.utils import timezone

from .models import ReferenceCounter


def prefix_for(program, year):
    # The program code carries its start year ("parsis-cn-2011"); the number shows the submission year.
    base = re.sub(r"-\d{4}$", "", program.code).upper()
    return f"{base}-{year}-"


def assign(proposal, messages=()):
    """Number a filed proposal and write the number into the frozen context of its filing's unsaved messages
    (notifications.outbox.messages); the caller then writes them and saves the proposal. Called as late as can
    be in the submit transaction: the counter's row stays locked until the commit, and every other submission
    in the program waits for what follows."""
    proposal.reference = next_reference(proposal)
    for message in messages:
        message.context["proposal_reference"] = proposal.reference
    return proposal.reference


def lock_counters(program_ids):
    """Lock the counters of these programs for this year, in program order, without taking a number (a missing
    one is created at 0). A shared application's files each take a number in their own program in one
    transaction: locked in this order first, two applications crossing the same programs from different hosts
    wait for each other in turn, never in a circle (a deadlock PostgreSQL would end by failing one submit)."""
    table = ReferenceCounter._meta.db_table
    year = timezone.localdate().year
    with connection.cursor() as cursor:
        for program_id in sorted(set(program_ids)):
            cursor.execute(f"INSERT INTO {table} (program_id, year, last) VALUES (%s, %s, 0) "
                           f"ON CONFLICT (program_id, year) DO UPDATE SET last = {table}.last", [program_id, year])


def next_reference(proposal):
    """The next number of the proposal's program for this year, inside the submit transaction.

    One INSERT … ON CONFLICT DO UPDATE … RETURNING on the program-year counter: concurrent first
    submissions in a program wait only for each other's commit on that one row, and a rolled-back submission gives its number back, so
    the numbers of a year have no gap.
    """
    program = proposal.call.program
    year = timezone.localdate().year
    table = ReferenceCounter._meta.db_table
    # One statement on PostgreSQL and SQLite alike: the year's first number creates the row.
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (program_id, year, last) VALUES (%s, %s, 1) "
                       f"ON CONFLICT (program_id, year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
                       [program.pk, year])
        (number,) = cursor.fetchone()
    return f"{prefix_for(program, year)}{number:04d}"
