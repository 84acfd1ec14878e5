"""The access matrix, one test per family of routes: every persona × state of every row, all
disagreements listed in one message (`route persona state: expected X got Y`)."""

import pytest

from .harness import report, run
from .table import FAMILIES, ROWS


@pytest.mark.parametrize("family", FAMILIES)
def test_access_matrix(access_world, family):
    mismatches = run(access_world, [row for row in ROWS if row.family == family])
    assert not mismatches, report(mismatches)
