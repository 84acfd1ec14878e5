"""Dossier numbers such as PARSIS-CN-2026-0007: program, year of first submission, sequence."""

import re

from django.utils import timezone

from grants.models import Program, Proposal


def prefix_for(program, year):
    # The program code carries its start year ("parsis-cn-2011"); the number shows the submission year.
    base = re.sub(r"-\d{4}$", "", program.code).upper()
    return f"{base}-{year}-"


def next_reference(proposal):
    """The next free number of the proposal's program for this year.

    The program row is locked first so two first submissions in one program cannot take the same number.
    """
    program = Program.objects.select_for_update().get(pk=proposal.call.program_id)
    prefix = prefix_for(program, timezone.localdate().year)
    taken = Proposal.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    numbers = [int(ref[len(prefix):]) for ref in taken if ref[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"
