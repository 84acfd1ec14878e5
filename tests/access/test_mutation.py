"""The matrix can fail: give a transition to the wrong role and its rows must disagree.

The life cycle is patched inside the test only (monkeypatch undoes it): `approve` becomes the analyst's
instead of the board's. The rows of the approve URLs (page and API) run before and after; the mutation
must add disagreements that were not there before (the product may already disagree on other cells).
"""

import dataclasses

from .harness import report, run
from .table import ROWS


def test_matrix_catches_approve_given_to_the_analyst(access_world, monkeypatch):
    from workflow import machine

    rows = [row for row in ROWS if row.label == "approve"]
    assert {row.route for row in rows} == {"analyse/demandes/<int:pk>/actions/<slug:name>/",
                                           "api/v1/^proposals/(?P<pk>[0-9]+)/transitions/(?P<name>[a-z_]+)/$"}
    before = set(run(access_world, rows))

    monkeypatch.setitem(machine.BY_NAME, "approve", dataclasses.replace(machine.BY_NAME["approve"], role="analyst"))
    after = set(run(access_world, rows))

    caught = sorted(after - before, key=str)
    assert caught, "giving approve to the analyst changed no answer of the matrix:\n" + report(sorted(after, key=str))
    # The analyst may now approve a recommended proposal: the API row must see it.
    assert any(m.persona == "analyst" and m.state == "recommended" and "api/v1" in m.row for m in caught), \
        report(caught)
