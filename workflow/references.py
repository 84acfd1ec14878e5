"""Dossier numbers such as PARSIS-CN-2026-0007: program, year of first submission, sequence."""

import re

from django.db import connection
from django.utils import timezone

from .models import ReferenceCounter


def prefix_for(program, year):
    # The program code carries its start year ("parsis-cn-2011"); the number shows the submission year.
    base = re.sub(r"-\d{4}$", "", program.code).upper()
    return f"{base}-{year}-"


def next_reference(proposal):
    """The next number of the proposal's program for this year, inside the submit transaction.

    One UPDATE … RETURNING on the program-year counter: concurrent first submissions in a program wait
    only for each other's commit on that one row, and a rolled-back submission gives its number back, so
    the numbers of a year have no gap.
    """
    program = proposal.call.program
    year = timezone.localdate().year
    table = ReferenceCounter._meta.db_table
    ReferenceCounter.objects.bulk_create([ReferenceCounter(program=program, year=year)], ignore_conflicts=True)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET last = last + 1 WHERE program_id = %s AND year = %s RETURNING last",
                       [program.pk, year])
        (number,) = cursor.fetchone()
    return f"{prefix_for(program, year)}{number:04d}"
